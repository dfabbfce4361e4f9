/**
 * h2j: a sans-I/O HTTP/2 protocol stack.
 *
 * <p>The module has no dependencies beyond {@code java.base}. It exports its API packages only:
 * {@link dev.h2j} (the connection, its configuration and errors), {@link dev.h2j.event} (what a
 * connection reports), {@link dev.h2j.hpack} (the RFC 7541 codec), {@link dev.h2j.frame} (the
 * RFC 9113 frame layer) and {@link dev.h2j.priority} (the RFC 7540 priority tree, RFC 9218 priorities
 * and send schedulers). The connection and stream state machines live in a package that stays hidden.
 *
 * <p>The limits a connection advertises and enforces ({@link dev.h2j.Limits}), with their defaults;
 * past a cap or a rate the peer gets a connection error ENHANCE_YOUR_CALM unless noted:
 * <ul>
 *   <li>concurrent streams the peer may open: 100 (excess streams are refused, REFUSED_STREAM);</li>
 *   <li>header list size: 65,536 octets (RFC 9113 §6.5.2 accounting), and at most 200 fields, cookie
 *       crumbs counted one by one (a larger block still keeps HPACK in sync; its stream is refused or
 *       reset);</li>
 *   <li>an encoded field block: at most 131,072 octets and 8 CONTINUATION frames;</li>
 *   <li>frame size: 16,384 octets; HPACK table: 4,096 octets; initial stream window: 65,535 octets;</li>
 *   <li>SETTINGS entries per frame: 32; streams promised to a client and not started: 100 (a promise
 *       past it is reset);</li>
 *   <li>recently reset streams remembered: 64;</li>
 *   <li>outbound buffer: 1 MiB soft limit for headers and data (backpressure on the caller);</li>
 *   <li>control frames queued by the connection itself while output is not drained: 1,000;</li>
 *   <li>rates ({@link dev.h2j.RateLimit}), per 30 seconds of the connection's clock (the caller's, or
 *       10 ms per frame received): 1,000 PING, 100 SETTINGS, 1,000 PRIORITY and PRIORITY_UPDATE, 100 empty
 *       frames, 1,000 frames of unknown types, 1,000 unearned WINDOW_UPDATE, 1,000 RST_STREAM received
 *       (Rapid Reset) and 200 RST_STREAM the peer provokes (MadeYouReset);</li>
 *   <li>idle streams a client may prioritize with PRIORITY_UPDATE: as many as the concurrent-stream
 *       limit leaves, counting the open ones (RFC 9218 §7.1; more is PROTOCOL_ERROR).</li>
 * </ul>
 * Streams that a zero flow-control window has held too long are listed by
 * {@link dev.h2j.H2Connection#stalledStreams(java.time.Duration)}, for the caller to time out.
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
