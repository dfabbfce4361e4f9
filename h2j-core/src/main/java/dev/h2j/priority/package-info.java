/**
 * Stream priorities and send scheduling: the RFC 7540 §5.3 dependency tree, the RFC 9218 Extensible
 * Prioritization Scheme, and schedulers that decide which stream sends its next DATA frame.
 *
 * <p>python-hyper h2 leaves scheduling to a separate library, {@code priority}, fed by
 * {@code PriorityUpdated} events. h2j ships that piece here, and the newer scheme too:
 * <ul>
 *   <li>{@link dev.h2j.priority.PriorityTree}: the RFC 7540 tree with python-hyper {@code priority}'s
 *       operations (insert, reprioritize, remove, block, unblock, next) and errors, each a subclass of
 *       {@link dev.h2j.priority.PriorityException}; bounded to a maximum number of streams;</li>
 *   <li>{@link dev.h2j.priority.Priority}: RFC 9218's urgency and incremental parameters, read from
 *       and written to the Structured Field Dictionary of the {@code priority} header field and the
 *       PRIORITY_UPDATE frame;</li>
 *   <li>{@link dev.h2j.priority.Scheduler}: what a send loop asks, implemented for both schemes by
 *       {@link dev.h2j.priority.TreeScheduler} and {@link dev.h2j.priority.UrgencyScheduler}.</li>
 * </ul>
 *
 * <p>The package knows nothing of frames, events or connections; {@code dev.h2j.ConnectionScheduler}
 * binds a scheduler to an {@code H2Connection}, feeding it the connection's events and asking it with
 * the connection's flow-control windows. A connection that negotiated SETTINGS_NO_RFC7540_PRIORITIES
 * (RFC 9218 §2.1) reports no RFC 7540 signals at all.
 *
 * <p>Memory stays within each structure's stream limit whatever a peer sends (CVE-2016-6580,
 * CVE-2019-9513); the CPU a peer's PRIORITY frames cost is bounded per frame by that limit.
 *
 * <p>Null policy: no method accepts or returns null. Nothing here is thread-safe; a tree or scheduler
 * belongs to one connection, as the connection itself does.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-5.3">RFC 7540 §5.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9218">RFC 9218</a>
 */
package dev.h2j.priority;
