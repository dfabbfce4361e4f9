package dev.h2j.event;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A DATA frame's payload arrived on a stream: a chunk of the message content, padding removed.
 *
 * <p><strong>Flow control.</strong> Once the application has consumed the data, it returns the
 * credit by passing {@link #flowControlledLength()} &mdash; not {@code data().remaining()} &mdash; to
 * {@link dev.h2j.H2Connection#acknowledgeReceivedData(int, int)} or {@link dev.h2j.H2Connection#incrementFlowControlWindow(int, int)}. The
 * whole DATA payload counts against the windows, padding and Pad Length octet included (RFC 9113
 * §6.9.1), so returning only the data length would shrink both windows for good on every padded frame
 * until the peer stalls.
 *
 * <p>{@link #data()} returns a new read-only {@link ByteBuffer#duplicate() duplicate} on every call:
 * reading it moves only that duplicate's position, never the stored buffer, so the event stays the same
 * value however often it is read. The stored buffer is a read-only view of the buffer given to the
 * constructor, not a copy (DATA is the hot path): whoever builds the event hands over a buffer whose
 * content it no longer changes. The connection hands over a copy of the payload, unless it was configured
 * with {@link dev.h2j.H2Configuration#withCopyReceivedData(boolean) withCopyReceivedData(false)}: then the
 * data is a view of the input given to {@code receiveData}, valid only until the next call. {@link #equals(Object)} and {@link #hashCode()} compare the data's
 * content between position and limit, as {@link ByteBuffer#equals(Object)} does.
 *
 * <p>When the frame carried END_STREAM, {@link #streamEnded()} holds the related {@link StreamEnded},
 * which also follows this event in the event list.
 *
 * @param streamId the stream, 1 to 2^31-1
 * @param data the content octets between position and limit, without padding, read-only
 * @param flowControlledLength the octets the frame counted against the flow-control windows: the data
 *     length, plus the padding and the Pad Length octet when the frame was padded; at least
 *     {@code data.remaining()}
 * @param streamEnded the related event when the frame carried END_STREAM, else empty
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.1">RFC 9113 §6.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.9.1">RFC 9113 §6.9.1</a>
 */
public record DataReceived(int streamId, ByteBuffer data, int flowControlledLength,
        Optional<StreamEnded> streamEnded) implements Event {

    /**
     * Validates the components and keeps a read-only view of {@code data} (its position and limit as
     * they are now; the caller's buffer is not moved).
     *
     * @param streamId the {@code streamId} component, described above
     * @param data the {@code data} component, described above
     * @param flowControlledLength the {@code flowControlledLength} component, described above
     * @param streamEnded the {@code streamEnded} component, described above
     * @throws IllegalArgumentException if {@code streamId} is outside 1 to 2^31-1,
     *     {@code flowControlledLength} is less than {@code data.remaining()}, or {@code streamEnded} is
     *     on another stream
     * @throws NullPointerException if {@code data} or {@code streamEnded} is null
     */
    public DataReceived {
        Checks.streamId(streamId, "stream identifier");
        data = Objects.requireNonNull(data, "data").asReadOnlyBuffer();
        if (flowControlledLength < data.remaining()) {
            // RFC 9113 §6.9.1: the whole DATA payload, padding included, is flow controlled
            throw new IllegalArgumentException("RFC 9113 §6.9.1: flow-controlled length " + flowControlledLength
                    + " is less than the " + data.remaining() + " data octets it includes");
        }
        Checks.relatedStreamEnded(streamId, streamEnded);
    }

    /**
     * Returns the content octets between position and limit: a new read-only duplicate on every call,
     * so reading it leaves this event unchanged.
     *
     * @return a read-only duplicate of the stored data
     */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
