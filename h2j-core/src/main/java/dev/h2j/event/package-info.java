/**
 * The events an HTTP/2 connection reports: a sealed interface, {@link dev.h2j.event.Event}, with one
 * record per kind of event.
 *
 * <p>Null policy: record components are never null; optional ones are {@link java.util.Optional}.
 */
package dev.h2j.event;
