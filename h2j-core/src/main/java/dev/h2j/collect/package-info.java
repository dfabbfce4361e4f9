/**
 * Small collections the core's layers share, below all of them: an {@code int}-keyed table that boxes
 * nothing. Not exported: the module's API never shows these types.
 */
package dev.h2j.collect;
