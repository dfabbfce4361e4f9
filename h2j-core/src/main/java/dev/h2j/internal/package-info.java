/**
 * The machinery behind {@link dev.h2j.H2Connection}: the connection and stream state machines,
 * flow-control windows and header validation. Not exported from module {@code dev.h2j}.
 */
package dev.h2j.internal;
