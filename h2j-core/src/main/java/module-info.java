/**
 * h2j: a sans-I/O HTTP/2 protocol stack.
 *
 * <p>The module has no dependencies beyond {@code java.base}. It exports its API packages only:
 * {@link dev.h2j} (the connection, its configuration and errors), {@link dev.h2j.event} (what a
 * connection reports), {@link dev.h2j.hpack} (the RFC 7541 codec), {@link dev.h2j.frame} (the
 * RFC 9113 frame layer) and {@link dev.h2j.priority} (the RFC 7540 priority tree, RFC 9218 priorities
 * and send schedulers). The connection and stream state machines live in a package that stays hidden.
 *
 * <p>The limits a connection advertises and enforces ({@link dev.h2j.Limits}), with their defaults:
 * <ul>
 *   <li>concurrent streams the peer may open: 100 (excess streams are refused, REFUSED_STREAM);</li>
 *   <li>header list size: 65,536 octets (RFC 9113 §6.5.2 accounting; a larger block still keeps HPACK
 *       in sync, its stream is reset); a field block over CONTINUATION frames above twice that plus
 *       16 KiB is a connection error ENHANCE_YOUR_CALM;</li>
 *   <li>frame size: 16,384 octets; HPACK table: 4,096 octets; initial stream window: 65,535 octets;</li>
 *   <li>recently reset streams remembered: 64;</li>
 *   <li>outbound buffer: 1 MiB soft limit for headers and data (backpressure);</li>
 *   <li>control frames queued by the connection itself while output is not drained: 1,000
 *       (then ENHANCE_YOUR_CALM);</li>
 *   <li>idle streams a client may prioritize with PRIORITY_UPDATE: as many as the concurrent-stream
 *       limit leaves, counting the open ones (RFC 9218 §7.1; more is PROTOCOL_ERROR).</li>
 * </ul>
 *
 * <p>The priority structures of {@link dev.h2j.priority} hold at most 1,000 streams each by default
 * ({@link dev.h2j.priority.PriorityTree#DEFAULT_MAX_STREAMS}).
 */
module dev.h2j {
    exports dev.h2j;
    exports dev.h2j.event;
    exports dev.h2j.frame;
    exports dev.h2j.hpack;
    exports dev.h2j.priority;
}
