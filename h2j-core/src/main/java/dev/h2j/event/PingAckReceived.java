package dev.h2j.event;

/**
 * The peer acknowledged one of this side's PING frames: a PING with the ACK flag arrived, echoing the
 * opaque data that was sent (RFC 9113 §6.7).
 *
 * <p>Matching {@code pingData} to the PING that was sent, for example to measure round-trip time,
 * is the application's job.
 *
 * @param pingData the 8 octets of Opaque Data, big-endian, as the acknowledged PING carried them
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.7">RFC 9113 §6.7</a>
 */
public record PingAckReceived(long pingData) implements Event {
}
