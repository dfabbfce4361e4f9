package dev.h2j.event;

import dev.h2j.hpack.HeaderField;
import java.util.List;

/**
 * A PUSH_PROMISE arrived (client side): the server promises a response to the request in
 * {@code headers} on the new stream {@code pushedStreamId}, which is now reserved (remote).
 *
 * <p>The promised response arrives later on the pushed stream as a {@link ResponseReceived}. A client
 * that does not want it resets the pushed stream with CANCEL (RFC 9113 §8.4.2); a client that never
 * wants pushes disables them with SETTINGS_ENABLE_PUSH 0, after which a PUSH_PROMISE is a connection
 * error and never reported (RFC 9113 §6.6).
 *
 * @param pushedStreamId the promised stream, even and 2 to 2^31-2 (server-initiated, RFC 9113 §5.1.1)
 * @param parentStreamId the stream the PUSH_PROMISE arrived on, whose request it relates to, 1 to 2^31-1
 * @param headers the decoded promised request field section, in wire order, unmodifiable
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.6">RFC 9113 §6.6</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.4">RFC 9113 §8.4</a>
 */
public record PushedStreamReceived(int pushedStreamId, int parentStreamId, List<HeaderField> headers)
        implements Event {

    /**
     * Validates the components and copies the field list.
     *
     * @param pushedStreamId the {@code pushedStreamId} component, described above
     * @param parentStreamId the {@code parentStreamId} component, described above
     * @param headers the {@code headers} component, described above
     * @throws IllegalArgumentException if {@code pushedStreamId} is not even and positive, or
     *     {@code parentStreamId} is outside 1 to 2^31-1
     * @throws NullPointerException if {@code headers} or one of its fields is null
     */
    public PushedStreamReceived {
        if (pushedStreamId <= 0 || pushedStreamId % 2 != 0) {
            // RFC 9113 §5.1.1: streams initiated by a server use even-numbered identifiers, never 0
            throw new IllegalArgumentException("RFC 9113 §5.1.1: promised stream identifier "
                    + Integer.toUnsignedString(pushedStreamId) + " is not an even identifier in 2..2^31-2");
        }
        Checks.streamId(parentStreamId, "parent stream identifier");
        headers = Checks.headers(headers);
    }
}
