package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes HTTP/2 frames into a {@link FrameBuffer} or into a caller's {@link ByteBuffer}.
 *
 * <p>Every write is validated first, and a refused write writes nothing: stream identifiers and
 * other fields are checked by the frame records' constructors, and the payload must fit the peer's
 * SETTINGS_MAX_FRAME_SIZE, {@link #setMaxFrameSize(int)} (RFC 9113 §4.2). Reserved bits are written
 * as zero (RFC 9113 §4.1) and padding octets as zero (RFC 9113 §6.1). Payload buffers are read
 * between position and limit and are left unchanged.
 *
 * <p>{@link #writeHeaders(int, ByteBuffer, boolean, PrioritySpec, int, FrameBuffer)} and
 * {@link #writePushPromise(int, int, ByteBuffer, int, FrameBuffer)} take a whole field block and
 * split it into HEADERS or PUSH_PROMISE plus CONTINUATION frames when it does not fit one frame;
 * {@link #write(Frame, FrameBuffer)} writes exactly the frame it is given.
 *
 * <p>Not thread-safe: one owner at a time.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-4">RFC 9113 §4</a>
 */
public final class FrameWriter {

    private int maxFrameSize = FrameParser.DEFAULT_MAX_FRAME_SIZE;

    /** Creates a writer for a peer with the initial SETTINGS_MAX_FRAME_SIZE, 16384. */
    public FrameWriter() {
        // The max frame size starts at its field initialiser.
    }

    /**
     * Returns the largest frame payload this writer produces: the peer's SETTINGS_MAX_FRAME_SIZE.
     *
     * @return the limit, 16384 unless {@link #setMaxFrameSize(int)} changed it
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Sets the largest frame payload this writer produces, the peer's SETTINGS_MAX_FRAME_SIZE
     * (RFC 9113 §4.2). Defaults to 16384.
     *
     * @param maxFrameSize the limit, 16384 to 16777215
     * @throws IllegalArgumentException if the value is outside 16384 to 16777215
     */
    public void setMaxFrameSize(int maxFrameSize) {
        Setting.requireAllowed(SettingId.MAX_FRAME_SIZE.id(), maxFrameSize);
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Returns the number of octets {@code frame} takes on the wire: the 9-octet header plus its payload.
     *
     * @param frame the frame
     * @return the encoded length
     */
    public static int encodedLength(Frame frame) {
        return FrameParser.FRAME_HEADER_LENGTH + payloadLength(frame);
    }

    /**
     * Appends exactly {@code frame} (no splitting) to {@code out}.
     *
     * @param frame the frame
     * @param out the buffer to append to
     * @throws IllegalArgumentException if the payload is longer than {@link #maxFrameSize()}
     * @throws IllegalStateException if {@code out} cannot grow enough (about 2^31 octets)
     */
    public void write(Frame frame, FrameBuffer out) {
        int payloadLength = checkedPayloadLength(frame);
        put(frame, payloadLength, out.reserve(FrameParser.FRAME_HEADER_LENGTH + payloadLength));
    }

    /**
     * Writes exactly {@code frame} (no splitting) into {@code out} at its position.
     *
     * @param frame the frame
     * @param out the destination; its position advances by {@link #encodedLength(Frame)}
     * @throws IllegalArgumentException if the payload is longer than {@link #maxFrameSize()}, or
     *     {@code out} has less room than {@link #encodedLength(Frame)}; nothing is written
     * @throws java.nio.ReadOnlyBufferException if {@code out} is read-only
     */
    public void write(Frame frame, ByteBuffer out) {
        int payloadLength = checkedPayloadLength(frame);
        requireRoom(out, FrameParser.FRAME_HEADER_LENGTH + payloadLength);
        ByteOrder order = out.order();
        // The wire is big-endian; the caller's buffer may not be.
        out.order(ByteOrder.BIG_ENDIAN);
        try {
            put(frame, payloadLength, out);
        } finally {
            out.order(order);
        }
    }

    /**
     * Appends a DATA frame.
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param data the content, between position and limit
     * @param endStream whether to set END_STREAM
     * @param padLength -1 for no PADDED flag, else 0 to 255 octets of zero padding
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is out of range or the payload exceeds {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.1">RFC 9113 §6.1</a>
     */
    public void writeData(int streamId, ByteBuffer data, boolean endStream, int padLength, FrameBuffer out) {
        // Written straight from the arguments, with DataFrame's checks: a record per frame is what the bulk
        // and exchange benchmarks of h2j-bench would otherwise allocate for every DATA frame sent.
        Checks.nonZeroStreamId(streamId, "DATA", "§6.1");
        Objects.requireNonNull(data, "data");
        Checks.padLength(padLength);
        int payloadLength = data.remaining() + (padLength >= 0 ? 1 + padLength : 0);
        checkPayloadLength(FrameType.DATA, payloadLength);
        ByteBuffer dst = out.reserve(FrameParser.FRAME_HEADER_LENGTH + payloadLength);
        putHeader(dst, payloadLength, FrameType.DATA,
                Flags.set(endStream, Flags.END_STREAM) | Flags.set(padLength >= 0, Flags.PADDED), streamId);
        putPadLength(dst, padLength);
        putBuffer(dst, data);
        putPadding(dst, padLength);
    }

    /**
     * Appends a DATA frame whose payload {@code out} keeps by reference ({@link FrameBuffer#share(ByteBuffer)}):
     * only the frame header is written, so the content is not copied. The caller leaves the content
     * unchanged until {@code out} has drained it.
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param data the content, between position and limit; its position is left as it was
     * @param endStream whether to set END_STREAM
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is out of range or the payload exceeds {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.1">RFC 9113 §6.1</a>
     */
    public void writeDataByReference(int streamId, ByteBuffer data, boolean endStream, FrameBuffer out) {
        Checks.nonZeroStreamId(streamId, "DATA", "§6.1");
        int payloadLength = data.remaining();
        checkPayloadLength(FrameType.DATA, payloadLength);
        putHeader(out.reserve(FrameParser.FRAME_HEADER_LENGTH), payloadLength, FrameType.DATA,
                Flags.set(endStream, Flags.END_STREAM), streamId);
        out.share(data);
    }

    /**
     * Appends a HEADERS frame without priority, plus CONTINUATION frames if the field block does not fit.
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param fieldBlock the whole encoded field block, between position and limit
     * @param endStream whether to set END_STREAM (on the HEADERS frame)
     * @param padLength -1 for no PADDED flag, else 0 to 255 octets of zero padding (on the HEADERS frame)
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is out of range
     * @throws IllegalStateException if {@code out} cannot grow enough to hold the frames
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.2">RFC 9113 §6.2</a>
     */
    public void writeHeaders(int streamId, ByteBuffer fieldBlock, boolean endStream, int padLength, FrameBuffer out) {
        writeFieldBlock(streamId, 0, fieldBlock, endStream, Optional.empty(), padLength, out);
    }

    /**
     * Appends a HEADERS frame with the PRIORITY flag, plus CONTINUATION frames if the field block does not
     * fit. END_STREAM, padding and priority go on the HEADERS frame only, END_HEADERS on the last frame only
     * (RFC 9113 §6.2, §6.10).
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param fieldBlock the whole encoded field block, between position and limit
     * @param endStream whether to set END_STREAM
     * @param priority the priority fields
     * @param padLength -1 for no PADDED flag, else 0 to 255 octets of zero padding
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is out of range
     * @throws IllegalStateException if {@code out} cannot grow enough to hold the frames
     * @throws NullPointerException if {@code priority} is null
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.2">RFC 9113 §6.2</a>
     */
    public void writeHeaders(int streamId, ByteBuffer fieldBlock, boolean endStream, PrioritySpec priority,
            int padLength, FrameBuffer out) {
        writeFieldBlock(streamId, 0, fieldBlock, endStream, Optional.of(priority), padLength, out);
    }

    /**
     * Appends a PUSH_PROMISE frame, plus CONTINUATION frames if the field block does not fit; padding goes
     * on the PUSH_PROMISE frame only, END_HEADERS on the last frame only (RFC 9113 §6.6, §6.10).
     *
     * @param streamId the stream the promise is associated with, 1 to 2^31-1
     * @param promisedStreamId the promised stream, 1 to 2^31-1
     * @param fieldBlock the whole encoded field block of the promised request, between position and limit
     * @param padLength -1 for no PADDED flag, else 0 to 255 octets of zero padding
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is out of range
     * @throws IllegalStateException if {@code out} cannot grow enough to hold the frames
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.6">RFC 9113 §6.6</a>
     */
    public void writePushPromise(int streamId, int promisedStreamId, ByteBuffer fieldBlock, int padLength,
            FrameBuffer out) {
        Checks.nonZeroStreamId(promisedStreamId, "promised", "§6.6");
        writeFieldBlock(streamId, promisedStreamId, fieldBlock, false, Optional.empty(), padLength, out);
    }

    /**
     * Appends a PRIORITY frame.
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param priority the priority fields
     * @param out the buffer to append to
     * @throws IllegalArgumentException if {@code streamId} is out of range
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.3">RFC 9113 §6.3</a>
     */
    public void writePriority(int streamId, PrioritySpec priority, FrameBuffer out) {
        write(new PriorityFrame(streamId, priority), out);
    }

    /**
     * Appends an RST_STREAM frame.
     *
     * @param streamId the stream, 1 to 2^31-1
     * @param errorCode the error code
     * @param out the buffer to append to
     * @throws IllegalArgumentException if {@code streamId} is out of range
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.4">RFC 9113 §6.4</a>
     */
    public void writeRstStream(int streamId, ErrorCode errorCode, FrameBuffer out) {
        write(new RstStreamFrame(streamId, errorCode), out);
    }

    /**
     * Appends a SETTINGS frame with the given settings, in order.
     *
     * @param settings the settings
     * @param out the buffer to append to
     * @throws IllegalArgumentException if the payload exceeds {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5">RFC 9113 §6.5</a>
     */
    public void writeSettings(List<Setting> settings, FrameBuffer out) {
        write(new SettingsFrame(false, settings), out);
    }

    /**
     * Appends a SETTINGS frame with the ACK flag and no payload.
     *
     * @param out the buffer to append to
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.3">RFC 9113 §6.5.3</a>
     */
    public void writeSettingsAck(FrameBuffer out) {
        write(SettingsFrame.ACK, out);
    }

    /**
     * Appends a PING frame.
     *
     * @param ack whether to set ACK
     * @param opaqueData the 8 opaque octets, big-endian
     * @param out the buffer to append to
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.7">RFC 9113 §6.7</a>
     */
    public void writePing(boolean ack, long opaqueData, FrameBuffer out) {
        write(new PingFrame(ack, opaqueData), out);
    }

    /**
     * Appends a GOAWAY frame.
     *
     * @param lastStreamId the last processed peer stream, 0 to 2^31-1
     * @param errorCode the error code
     * @param debugData opaque debug octets, between position and limit
     * @param out the buffer to append to
     * @throws IllegalArgumentException if {@code lastStreamId} is out of range or the payload exceeds
     *     {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
     */
    public void writeGoAway(int lastStreamId, ErrorCode errorCode, ByteBuffer debugData, FrameBuffer out) {
        write(new GoAwayFrame(lastStreamId, errorCode, debugData), out);
    }

    /**
     * Appends a WINDOW_UPDATE frame.
     *
     * @param streamId the stream, or 0 for the connection window
     * @param increment the increment, 1 to 2^31-1
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is out of range
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.9">RFC 9113 §6.9</a>
     */
    public void writeWindowUpdate(int streamId, int increment, FrameBuffer out) {
        write(new WindowUpdateFrame(streamId, increment), out);
    }

    /**
     * Appends an ALTSVC frame.
     *
     * @param streamId the stream, or 0 for the connection
     * @param origin the origin: non-empty exactly on stream 0
     * @param fieldValue the Alt-Svc field value
     * @param out the buffer to append to
     * @throws IllegalArgumentException if the arguments do not form a valid ALTSVC frame or the payload
     *     exceeds {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7838#section-4">RFC 7838 §4</a>
     */
    public void writeAltSvc(int streamId, String origin, String fieldValue, FrameBuffer out) {
        write(new AltSvcFrame(streamId, origin, fieldValue), out);
    }

    /**
     * Appends an ORIGIN frame on stream 0.
     *
     * @param origins the ASCII origin serializations, in order
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an entry is invalid or the payload exceeds {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc8336#section-2">RFC 8336 §2</a>
     */
    public void writeOrigin(List<String> origins, FrameBuffer out) {
        write(new OriginFrame(origins), out);
    }

    /**
     * Appends a PRIORITY_UPDATE frame on stream 0.
     *
     * @param prioritizedStreamId the stream being reprioritized, 1 to 2^31-1
     * @param priorityFieldValue the ASCII Priority field value
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is invalid or the payload exceeds {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-7.1">RFC 9218 §7.1</a>
     */
    public void writePriorityUpdate(int prioritizedStreamId, String priorityFieldValue, FrameBuffer out) {
        write(new PriorityUpdateFrame(prioritizedStreamId, priorityFieldValue), out);
    }

    /**
     * Appends a frame of any type exactly as given: how extension frames are sent.
     *
     * @param typeCode the type octet
     * @param flags the flags octet
     * @param streamId the stream identifier, 0 to 2^31-1
     * @param payload the payload, between position and limit
     * @param out the buffer to append to
     * @throws IllegalArgumentException if an argument is out of range or the payload exceeds {@link #maxFrameSize()}
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.5">RFC 9113 §5.5</a>
     */
    public void writeUnknown(int typeCode, int flags, int streamId, ByteBuffer payload, FrameBuffer out) {
        write(new UnknownFrame(typeCode, flags, streamId, payload), out);
    }

    private void writeFieldBlock(int streamId, int promisedStreamId, ByteBuffer fieldBlock, boolean endStream,
            Optional<PrioritySpec> priority, int padLength, FrameBuffer out) {
        // The checks of the HeadersFrame, PushPromiseFrame and ContinuationFrame records, whose octets are
        // written here straight from the arguments: no record or slice per frame on the request path.
        FrameType type = promisedStreamId != 0 ? FrameType.PUSH_PROMISE : FrameType.HEADERS;
        Checks.nonZeroStreamId(streamId, type.name(), type == FrameType.HEADERS ? "§6.2" : "§6.6");
        Objects.requireNonNull(fieldBlock, "fieldBlock");
        Objects.requireNonNull(priority, "priority");
        Checks.padLength(padLength);
        int fields = (padLength >= 0 ? 1 + padLength : 0) + (priority.isPresent() ? 5 : 0)
                + (promisedStreamId != 0 ? 4 : 0);
        int blockLength = fieldBlock.remaining();
        // At most 1 + 255 + 5 octets of fields, always below the 16384 minimum max frame size.
        int firstLength = Math.min(blockLength, maxFrameSize - fields);
        int start = fieldBlock.position();
        boolean endHeaders = firstLength == blockLength;
        int rest = blockLength - firstLength;
        int continuations = rest / maxFrameSize + (rest % maxFrameSize == 0 ? 0 : 1);
        // A long: a field block near 2^31 octets plus its frame headers overflows an int.
        long total = (long) FrameParser.FRAME_HEADER_LENGTH * (1 + continuations) + fields + blockLength;
        ByteBuffer dst = out.reserve(total);
        int flags = Flags.set(type == FrameType.HEADERS && endStream, Flags.END_STREAM)
                | Flags.set(endHeaders, Flags.END_HEADERS) | Flags.set(padLength >= 0, Flags.PADDED)
                | Flags.set(priority.isPresent(), Flags.PRIORITY);
        putHeader(dst, fields + firstLength, type, flags, streamId);
        putPadLength(dst, padLength);
        if (priority.isPresent()) {
            putPriority(dst, priority.get());
        }
        if (promisedStreamId != 0) {
            // RFC 9113 §6.6: the reserved bit is sent as 0.
            dst.putInt(promisedStreamId);
        }
        putRange(dst, fieldBlock, start, firstLength);
        putPadding(dst, padLength);
        int offset = start + firstLength;
        while (rest > 0) {
            int chunk = Math.min(maxFrameSize, rest);
            rest -= chunk;
            // RFC 9113 §6.10: END_HEADERS only on the frame that ends the field block
            putHeader(dst, chunk, FrameType.CONTINUATION, Flags.set(rest == 0, Flags.END_HEADERS), streamId);
            putRange(dst, fieldBlock, offset, chunk);
            offset += chunk;
        }
    }

    /** RFC 9113 §4.2: an endpoint MUST NOT send a frame larger than the peer's SETTINGS_MAX_FRAME_SIZE. */
    private void checkPayloadLength(FrameType type, int payloadLength) {
        if (payloadLength > maxFrameSize) {
            throw new IllegalArgumentException("RFC 9113 §4.2: " + type + " payload of " + payloadLength
                    + " octets exceeds the peer's SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
        }
    }

    private int checkedPayloadLength(Frame frame) {
        int payloadLength = payloadLength(frame);
        checkPayloadLength(frame.type(), payloadLength);
        return payloadLength;
    }

    private static void requireRoom(ByteBuffer out, int needed) {
        if (out.remaining() < needed) {
            throw new IllegalArgumentException("the frame needs " + needed + " octets, the buffer has "
                    + out.remaining() + " remaining");
        }
    }

    private static int padding(int padLength) {
        return padLength >= 0 ? 1 + padLength : 0;
    }

    private static int payloadLength(Frame frame) {
        switch (frame.type()) {
            case DATA: {
                DataFrame f = (DataFrame) frame;
                return f.flowControlledLength();
            }
            case HEADERS: {
                HeadersFrame f = (HeadersFrame) frame;
                return padding(f.padLength()) + (f.priority().isPresent() ? 5 : 0) + f.fragment().remaining();
            }
            case PRIORITY:
                return 5;
            case RST_STREAM:
            case WINDOW_UPDATE:
                return 4;
            case SETTINGS:
                return 6 * ((SettingsFrame) frame).settings().size();
            case PUSH_PROMISE: {
                PushPromiseFrame f = (PushPromiseFrame) frame;
                return padding(f.padLength()) + 4 + f.fragment().remaining();
            }
            case PING:
                return 8;
            case GOAWAY:
                return 8 + ((GoAwayFrame) frame).debugData().remaining();
            case CONTINUATION:
                return ((ContinuationFrame) frame).fragment().remaining();
            case ALTSVC: {
                AltSvcFrame f = (AltSvcFrame) frame;
                return 2 + f.origin().length() + f.fieldValue().length();
            }
            case ORIGIN: {
                long sum = 0;
                for (String origin : ((OriginFrame) frame).origins()) {
                    sum += 2 + origin.length();
                }
                return (int) Math.min(sum, Integer.MAX_VALUE);
            }
            case PRIORITY_UPDATE:
                return 4 + ((PriorityUpdateFrame) frame).priorityFieldValue().length();
            case UNKNOWN:
            default:
                return ((UnknownFrame) frame).payload().remaining();
        }
    }

    /** Writes the header and payload; the caller has checked the room and the max frame size. */
    /** RFC 9113 §4.1: Length (24), Type (8), Flags (8), R (1) = 0, Stream Identifier (31). */
    private static void putHeader(ByteBuffer dst, int payloadLength, int typeCode, int flags, int streamId) {
        dst.put((byte) (payloadLength >>> 16)).put((byte) (payloadLength >>> 8)).put((byte) payloadLength)
                .put((byte) typeCode).put((byte) flags).putInt(streamId);
    }

    private static void putHeader(ByteBuffer dst, int payloadLength, FrameType type, int flags, int streamId) {
        putHeader(dst, payloadLength, type.code(), flags, streamId);
    }

    private static void put(Frame frame, int payloadLength, ByteBuffer dst) {
        putHeader(dst, payloadLength, frame.typeCode(), frame.flags(), frame.streamId());
        switch (frame.type()) {
            case DATA: {
                DataFrame f = (DataFrame) frame;
                putPadLength(dst, f.padLength());
                putBuffer(dst, f.data());
                putPadding(dst, f.padLength());
                break;
            }
            case HEADERS: {
                HeadersFrame f = (HeadersFrame) frame;
                putPadLength(dst, f.padLength());
                if (f.priority().isPresent()) {
                    putPriority(dst, f.priority().get());
                }
                putBuffer(dst, f.fragment());
                putPadding(dst, f.padLength());
                break;
            }
            case PRIORITY:
                putPriority(dst, ((PriorityFrame) frame).priority());
                break;
            case RST_STREAM:
                dst.putInt(((RstStreamFrame) frame).errorCode().code());
                break;
            case SETTINGS:
                for (Setting setting : ((SettingsFrame) frame).settings()) {
                    dst.putShort((short) setting.id().id()).putInt((int) setting.value());
                }
                break;
            case PUSH_PROMISE: {
                PushPromiseFrame f = (PushPromiseFrame) frame;
                putPadLength(dst, f.padLength());
                // RFC 9113 §6.6: the reserved bit is sent as 0; the record holds a 31-bit identifier
                dst.putInt(f.promisedStreamId());
                putBuffer(dst, f.fragment());
                putPadding(dst, f.padLength());
                break;
            }
            case PING:
                dst.putLong(((PingFrame) frame).opaqueData());
                break;
            case GOAWAY: {
                GoAwayFrame f = (GoAwayFrame) frame;
                dst.putInt(f.lastStreamId()).putInt(f.errorCode().code());
                putBuffer(dst, f.debugData());
                break;
            }
            case WINDOW_UPDATE:
                dst.putInt(((WindowUpdateFrame) frame).increment());
                break;
            case CONTINUATION:
                putBuffer(dst, ((ContinuationFrame) frame).fragment());
                break;
            case ALTSVC: {
                AltSvcFrame f = (AltSvcFrame) frame;
                dst.putShort((short) f.origin().length());
                putText(dst, f.origin());
                putText(dst, f.fieldValue());
                break;
            }
            case ORIGIN:
                for (String origin : ((OriginFrame) frame).origins()) {
                    dst.putShort((short) origin.length());
                    putText(dst, origin);
                }
                break;
            case PRIORITY_UPDATE: {
                PriorityUpdateFrame f = (PriorityUpdateFrame) frame;
                dst.putInt(f.prioritizedStreamId());
                putText(dst, f.priorityFieldValue());
                break;
            }
            case UNKNOWN:
            default:
                putBuffer(dst, ((UnknownFrame) frame).payload());
                break;
        }
    }

    private static void putPadLength(ByteBuffer dst, int padLength) {
        if (padLength >= 0) {
            dst.put((byte) padLength);
        }
    }

    private static void putPadding(ByteBuffer dst, int padLength) {
        // RFC 9113 §6.1: padding octets MUST be set to zero when sending
        for (int i = 0; i < padLength; i++) {
            dst.put((byte) 0);
        }
    }

    private static void putPriority(ByteBuffer dst, PrioritySpec priority) {
        dst.putInt(priority.streamDependency() | (priority.exclusive() ? 0x80000000 : 0))
                .put((byte) (priority.weight() - 1));
    }

    private static void putBuffer(ByteBuffer dst, ByteBuffer src) {
        putRange(dst, src, src.position(), src.remaining());
    }

    private static void putRange(ByteBuffer dst, ByteBuffer src, int offset, int length) {
        dst.put(dst.position(), src, offset, length);
        dst.position(dst.position() + length);
    }

    private static void putText(ByteBuffer dst, String text) {
        dst.put(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
