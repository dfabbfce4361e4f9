package dev.h2j.event;

/**
 * A PING frame arrived from the peer; its acknowledgement, a PING with the ACK flag and the same
 * opaque data, is already queued (RFC 9113 §6.7: a receiver MUST answer each PING with such an ACK).
 *
 * <p>The application need not do anything; the event lets it observe the peer's liveness checks.
 *
 * @param pingData the 8 octets of Opaque Data, big-endian
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.7">RFC 9113 §6.7</a>
 */
public record PingReceived(long pingData) implements Event {
}
