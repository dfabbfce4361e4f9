package dev.h2j.frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An incremental pull parser of HTTP/2 frames: bytes go in, validated {@link Frame} values come out.
 *
 * <p>Call {@link #next(ByteBuffer)} in a loop: each call consumes from the buffer what it uses and
 * returns one complete frame, or null when the buffer is exhausted and more input is needed. Input may
 * be split anywhere; the parse is the same. When a whole frame is present in the input buffer its
 * payload is a read-only slice of that buffer (zero copy); a frame split across calls is assembled in
 * an internal buffer that never grows beyond the maximum frame size. Either way the payload buffers of
 * a returned frame are valid only until the next call of {@link #next(ByteBuffer)} (and, for a slice,
 * only while the caller leaves those input bytes alone).
 *
 * <p>The parser checks every frame-level rule of RFC 9113 §4 and §6 and of the ALTSVC (RFC 7838 §4),
 * ORIGIN (RFC 8336 §2) and PRIORITY_UPDATE (RFC 9218 §7.1) frames, including the §6.10 rule that a
 * field block's CONTINUATION frames follow it without interleaving. Rules that need connection
 * state (stream states, roles, flow-control windows) are the connection's. A broken rule throws
 * {@link FrameFormatException}:
 * <ul>
 *   <li>after a <em>stream</em> error the offending frame is consumed, or is skipped without being
 *       buffered on the following calls, and parsing continues with the next frame;</li>
 *   <li>after a <em>connection</em> error the parser is {@link State#FAILED}: every further call of
 *       {@link #next(ByteBuffer)} throws the same exception and consumes nothing.</li>
 * </ul>
 * Frame sizes are checked from the 9-octet frame header, before any payload octet is read
 * (RFC 9113 §4.2).
 *
 * <p>The parser does not read the connection preface; {@link #clientPreface()} gives its octets.
 *
 * <p>Not thread-safe: one owner at a time, like the connection that holds it. The parser allocates,
 * per frame, only the frame record and the read-only payload view (plus an {@link java.util.Optional}
 * for a HEADERS frame with priority, and the settings list and strings of the rare SETTINGS, ALTSVC,
 * ORIGIN and PRIORITY_UPDATE frames). It keeps a reference to the last input buffer it was given.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-4">RFC 9113 §4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6">RFC 9113 §6</a>
 */
public final class FrameParser {

    /** The length of the frame header: RFC 9113 §4.1, 9 octets. */
    public static final int FRAME_HEADER_LENGTH = 9;

    /** The initial and smallest SETTINGS_MAX_FRAME_SIZE: RFC 9113 §6.5.2, 2^14. */
    public static final int DEFAULT_MAX_FRAME_SIZE = Setting.MIN_MAX_FRAME_SIZE;

    // RFC 9113 §3.4: the client connection preface starts with this 24-octet string.
    private static final byte[] CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final int STREAM_ID_MASK = Checks.MAX_STREAM_ID;
    private static final int PRIORITY_FIELDS_LENGTH = 5;

    /**
     * Where the parser stands in the input, nghttp2 style: each state says what the next input octets are.
     *
     * <pre>{@code
     * READ_HEADER ---header ok---> READ_PAYLOAD ---frame out---> READ_HEADER, or EXPECT_CONTINUATION
     *      |                            |                          after a field block without END_HEADERS
     *      | stream error               | connection error
     *      v                            v
     * SKIP_PAYLOAD --skipped--> READ_HEADER          FAILED (from any state; final)
     * }</pre>
     */
    public enum State {
        /** Reading the 9-octet header of any frame except CONTINUATION. */
        READ_HEADER,
        /**
         * Reading a frame header inside a field block: RFC 9113 §6.10 allows only CONTINUATION on the
         * block's stream.
         */
        EXPECT_CONTINUATION,
        /** Reading the payload of a frame whose header passed every header-level check. */
        READ_PAYLOAD,
        /** Discarding, without buffering, the payload of a frame rejected with a stream error. */
        SKIP_PAYLOAD,
        /** A connection error was thrown; the parser takes no more input. */
        FAILED,
    }

    private State state = State.READ_HEADER;
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private FrameFormatException failure;

    // A frame header that arrived in pieces.
    private final byte[] header = new byte[FRAME_HEADER_LENGTH];
    private int headerFill;

    // The current frame's header fields; the stream identifier has its reserved bit cleared.
    private int length;
    private int typeCode;
    private FrameType type;
    private int flags;
    private int streamId;

    // The stream of the open field block, while in EXPECT_CONTINUATION.
    private int fieldBlockStreamId;

    // A payload that arrived in pieces; grown on demand, never beyond the max frame size.
    private byte[] assembly = new byte[0];
    private ByteBuffer assemblyView;
    private int assemblyFill;

    // The last input buffer and a read-only view of all of it, so a zero-copy payload costs one slice
    // per frame rather than a slice plus a read-only wrapper; kept until a different buffer arrives.
    private ByteBuffer lastInput;
    private ByteBuffer lastInputView;

    // Whether the payload of the frame last returned came from `assembly` rather than from the input.
    private boolean lastPayloadAssembled;

    // Payload octets still to discard in SKIP_PAYLOAD.
    private int skipRemaining;

    /** Creates a parser in {@link State#READ_HEADER} with the initial max frame size, 16384. */
    public FrameParser() {
        // Everything starts at its field initialiser.
    }

    /**
     * Returns the 24 octets of the client connection preface, {@code "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"}.
     *
     * @return a new read-only buffer holding the preface
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-3.4">RFC 9113 §3.4</a>
     */
    public static ByteBuffer clientPreface() {
        return ByteBuffer.wrap(CLIENT_PREFACE).asReadOnlyBuffer();
    }

    /**
     * Returns the parser's state.
     *
     * @return the state, never null
     */
    public State state() {
        return state;
    }

    /**
     * Returns how many octets of an incomplete frame the parser holds between calls: the part of a
     * frame header read so far, or the payload octets of a frame split across calls. It never exceeds
     * {@link #maxFrameSize()}, since longer frames are rejected from their header.
     *
     * @return the octets, 0 when the input ended on a frame boundary
     */
    public int bufferedSize() {
        return headerFill + assemblyFill;
    }

    /**
     * Returns whether the payload of the frame {@link #next(ByteBuffer)} returned last was assembled in the
     * parser's own buffer, from input split across calls, rather than sliced from the input. An assembled
     * payload is overwritten by the next frame that arrives in pieces, possibly within the same input; a
     * slice stays valid while the caller leaves its input alone.
     *
     * @return true for an assembled payload, false for a slice of the input (or before any frame)
     */
    public boolean lastPayloadAssembled() {
        return lastPayloadAssembled;
    }

    /**
     * Returns the largest frame payload this parser accepts: our SETTINGS_MAX_FRAME_SIZE.
     *
     * @return the limit, 16384 unless {@link #setMaxFrameSize(int)} changed it
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Sets the largest frame payload this parser accepts, our SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2);
     * it applies to every frame whose header has not been completely read yet. Defaults to 16384.
     *
     * @param maxFrameSize the limit, 16384 to 16777215
     * @throws IllegalArgumentException if the value is outside 16384 to 16777215
     */
    public void setMaxFrameSize(int maxFrameSize) {
        Setting.requireAllowed(SettingId.MAX_FRAME_SIZE.id(), maxFrameSize);
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Parses the next frame from {@code in}, consuming the octets it uses.
     *
     * @param in the input; its position advances past what was consumed
     * @return the next complete frame, or null when {@code in} is exhausted before a frame completes
     * @throws FrameFormatException if the frame breaks a frame-level rule; see the class doc for what
     *     happens next
     */
    public Frame next(ByteBuffer in) {
        while (true) {
            switch (state) {
                case READ_HEADER:
                case EXPECT_CONTINUATION:
                    if (!readHeader(in)) {
                        return exhausted();
                    }
                    checkHeader();
                    break;
                case READ_PAYLOAD:
                    ByteBuffer payload = readPayload(in);
                    if (payload == null) {
                        return exhausted();
                    }
                    return decode(payload);
                case SKIP_PAYLOAD:
                    int skipped = Math.min(skipRemaining, in.remaining());
                    in.position(in.position() + skipped);
                    skipRemaining -= skipped;
                    if (skipRemaining > 0) {
                        return exhausted();
                    }
                    state = State.READ_HEADER;
                    break;
                case FAILED:
                    throw failure;
            }
        }
    }

    /**
     * The input ran out: forget the view of it kept for slicing payloads, so that the caller's buffer is
     * not held between calls (a driver that reads into a fresh buffer each time would otherwise have the
     * last one kept alive by every idle connection).
     */
    private Frame exhausted() {
        lastInput = null;
        lastInputView = null;
        return null;
    }

    /** Reads the frame header into the header fields; false if {@code in} ran out first. */
    private boolean readHeader(ByteBuffer in) {
        if (headerFill == 0 && in.remaining() >= FRAME_HEADER_LENGTH) {
            int p = in.position();
            // Octet by octet: the caller's buffer may be little-endian; the wire is big-endian.
            setHeader(in.get(p), in.get(p + 1), in.get(p + 2), in.get(p + 3), in.get(p + 4),
                    in.get(p + 5) << 24 | (in.get(p + 6) & 0xff) << 16 | (in.get(p + 7) & 0xff) << 8 | in.get(p + 8) & 0xff);
            in.position(p + FRAME_HEADER_LENGTH);
            return true;
        }
        int n = Math.min(FRAME_HEADER_LENGTH - headerFill, in.remaining());
        in.get(header, headerFill, n);
        headerFill += n;
        if (headerFill < FRAME_HEADER_LENGTH) {
            return false;
        }
        headerFill = 0;
        setHeader(header[0], header[1], header[2], header[3], header[4],
                header[5] << 24 | (header[6] & 0xff) << 16 | (header[7] & 0xff) << 8 | header[8] & 0xff);
        return true;
    }

    /*
     * RFC 9113 §4.1:
     * +-----------------------------------------------+
     * |                 Length (24)                   |
     * +---------------+---------------+---------------+
     * |   Type (8)    |   Flags (8)   |
     * +-+-------------+---------------+-------------------------------+
     * |R|                 Stream Identifier (31)                      |
     * +=+=============================================================+
     */
    private void setHeader(byte l0, byte l1, byte l2, byte typeOctet, byte flagsOctet, int streamWord) {
        length = (l0 & 0xff) << 16 | (l1 & 0xff) << 8 | l2 & 0xff;
        typeCode = typeOctet & 0xff;
        FrameType known = FrameType.of(typeCode);
        type = known != null ? known : FrameType.UNKNOWN;
        flags = flagsOctet & 0xff;
        // RFC 9113 §4.1: the reserved bit R MUST be ignored when receiving
        streamId = streamWord & STREAM_ID_MASK;
    }

    /** Applies every rule the frame header alone decides, then moves to READ_PAYLOAD or SKIP_PAYLOAD. */
    private void checkHeader() {
        if (state == State.EXPECT_CONTINUATION) {
            if (type != FrameType.CONTINUATION || streamId != fieldBlockStreamId) {
                // RFC 9113 §6.10: inside a field block only CONTINUATION on the same stream may follow
                throw connectionError(ErrorCode.PROTOCOL_ERROR, "RFC 9113 §6.10: expected CONTINUATION on stream "
                        + fieldBlockStreamId + ", got frame type 0x" + Integer.toHexString(typeCode)
                        + " on stream " + streamId);
            }
        } else if (type == FrameType.CONTINUATION) {
            // RFC 9113 §6.10: CONTINUATION must follow HEADERS, PUSH_PROMISE or CONTINUATION without
            // END_HEADERS; this also rejects CONTINUATION on stream 0, since no field block opens there
            throw connectionError(ErrorCode.PROTOCOL_ERROR,
                    "RFC 9113 §6.10: CONTINUATION on stream " + streamId + " outside a field block");
        }
        state = State.READ_PAYLOAD;
        if (length > maxFrameSize) {
            throw oversizeError();
        }
        switch (type) {
            case DATA:
                requireStream("RFC 9113 §6.1: DATA on stream 0");
                // RFC 9113 §6.1, §4.2: a PADDED frame needs room for its Pad Length octet
                requireLength(Flags.has(flags, Flags.PADDED) ? 1 : 0, "RFC 9113 §6.1: padded DATA");
                break;
            case HEADERS:
                requireStream("RFC 9113 §6.2: HEADERS on stream 0");
                // RFC 9113 §6.2, §4.2: the Pad Length octet and the 5 priority octets must fit
                requireLength((Flags.has(flags, Flags.PADDED) ? 1 : 0)
                        + (Flags.has(flags, Flags.PRIORITY) ? PRIORITY_FIELDS_LENGTH : 0), "RFC 9113 §6.2: HEADERS");
                break;
            case PRIORITY:
                requireStream("RFC 9113 §6.3: PRIORITY on stream 0");
                if (length != PRIORITY_FIELDS_LENGTH) {
                    // RFC 9113 §6.3: a PRIORITY frame with a length other than 5 is a stream error FRAME_SIZE_ERROR
                    throw skipWithStreamError(ErrorCode.FRAME_SIZE_ERROR, 0,
                            "RFC 9113 §6.3: PRIORITY length " + length + " is not 5");
                }
                break;
            case RST_STREAM:
                requireStream("RFC 9113 §6.4: RST_STREAM on stream 0");
                // RFC 9113 §6.4: an RST_STREAM frame with a length other than 4 is a connection error FRAME_SIZE_ERROR
                requireExactLength(4, "RFC 9113 §6.4: RST_STREAM");
                break;
            case SETTINGS:
                requireConnection("RFC 9113 §6.5: SETTINGS on stream ");
                if (Flags.has(flags, Flags.ACK) && length != 0) {
                    // RFC 9113 §6.5: a SETTINGS ACK with a non-empty payload is a connection error FRAME_SIZE_ERROR
                    throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
                            "RFC 9113 §6.5: SETTINGS ACK with a payload of " + length + " octets");
                }
                if (length % 6 != 0) {
                    // RFC 9113 §6.5: a SETTINGS length that is not a multiple of 6 is a connection error FRAME_SIZE_ERROR
                    throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
                            "RFC 9113 §6.5: SETTINGS length " + length + " is not a multiple of 6");
                }
                break;
            case PUSH_PROMISE:
                requireStream("RFC 9113 §6.6: PUSH_PROMISE on stream 0");
                // RFC 9113 §6.6, §4.2: the Pad Length octet and the 4 promised-id octets must fit
                requireLength((Flags.has(flags, Flags.PADDED) ? 1 : 0) + 4, "RFC 9113 §6.6: PUSH_PROMISE");
                break;
            case PING:
                requireConnection("RFC 9113 §6.7: PING on stream ");
                // RFC 9113 §6.7: a PING length other than 8 is a connection error FRAME_SIZE_ERROR
                requireExactLength(8, "RFC 9113 §6.7: PING");
                break;
            case GOAWAY:
                requireConnection("RFC 9113 §6.8: GOAWAY on stream ");
                // RFC 9113 §6.8, §4.2: Last-Stream-ID and Error Code take 8 octets; shorter is FRAME_SIZE_ERROR
                requireLength(8, "RFC 9113 §6.8: GOAWAY");
                break;
            case WINDOW_UPDATE:
                // RFC 9113 §6.9: a WINDOW_UPDATE length other than 4 is a connection error FRAME_SIZE_ERROR
                requireExactLength(4, "RFC 9113 §6.9: WINDOW_UPDATE");
                break;
            case ALTSVC:
                // RFC 7838 §4: the payload starts with a 2-octet Origin-Len; h2j treats a shorter frame
                // like any frame too small for its fields (RFC 9113 §4.2)
                requireLength(2, "RFC 7838 §4: ALTSVC");
                break;
            case PRIORITY_UPDATE:
                // RFC 9218 §7.1: PRIORITY_UPDATE on a stream other than 0 is a connection error PROTOCOL_ERROR
                requireConnection("RFC 9218 §7.1: PRIORITY_UPDATE on stream ");
                // RFC 9218 §7.1, RFC 9113 §4.2: the Prioritized Stream ID takes 4 octets
                requireLength(4, "RFC 9218 §7.1: PRIORITY_UPDATE");
                break;
            default:
                // CONTINUATION was checked above; ORIGIN's rules need its payload; UNKNOWN has none.
                break;
        }
    }

    private FrameFormatException oversizeError() {
        String rule = "RFC 9113 §4.2: frame type 0x" + Integer.toHexString(typeCode) + " length " + length
                + " exceeds SETTINGS_MAX_FRAME_SIZE " + maxFrameSize;
        // RFC 9113 §4.2: an oversize frame that could alter connection state (field block, SETTINGS,
        // stream 0) is a connection error FRAME_SIZE_ERROR; any other is a stream error
        if (streamId == 0 || type == FrameType.HEADERS || type == FrameType.PUSH_PROMISE
                || type == FrameType.CONTINUATION || type == FrameType.SETTINGS) {
            return connectionError(ErrorCode.FRAME_SIZE_ERROR, rule).exceedingMaxFrameSize();
        }
        return skipWithStreamError(ErrorCode.FRAME_SIZE_ERROR, type == FrameType.DATA ? length : 0, rule)
                .exceedingMaxFrameSize();
    }

    private void requireStream(String rule) {
        if (streamId == 0) {
            // RFC 9113 §6: stream-bound frames on stream 0 are a connection error PROTOCOL_ERROR
            throw connectionError(ErrorCode.PROTOCOL_ERROR, rule);
        }
    }

    private void requireConnection(String rulePrefix) {
        if (streamId != 0) {
            // RFC 9113 §6: connection-level frames on a stream are a connection error PROTOCOL_ERROR
            throw connectionError(ErrorCode.PROTOCOL_ERROR, rulePrefix + streamId);
        }
    }

    private void requireLength(int minimum, String frame) {
        if (length < minimum) {
            // RFC 9113 §4.2: a frame too small to contain its mandatory fields is a FRAME_SIZE_ERROR
            throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
                    frame + " length " + length + " is shorter than its " + minimum + " octets of fields");
        }
    }

    private void requireExactLength(int exact, String frame) {
        if (length != exact) {
            throw connectionError(ErrorCode.FRAME_SIZE_ERROR, frame + " length " + length + " is not " + exact);
        }
    }

    /** Returns the whole payload as a read-only buffer at position 0, or null if {@code in} ran out first. */
    private ByteBuffer readPayload(ByteBuffer in) {
        if (assemblyFill == 0 && in.remaining() >= length) {
            if (in != lastInput) {
                lastInput = in;
                lastInputView = in.asReadOnlyBuffer();
                lastInputView.limit(lastInputView.capacity());
            }
            int p = in.position();
            in.position(p + length);
            lastPayloadAssembled = false;
            // A slice is big-endian whatever the input's order, as the wire is.
            return lastInputView.slice(p, length);
        }
        if (assemblyView == null || assembly.length < length) {
            // Bounded by the max frame size: checkHeader rejected longer frames.
            assembly = new byte[Math.max(length, Math.min(2 * assembly.length, maxFrameSize))];
            assemblyView = ByteBuffer.wrap(assembly).asReadOnlyBuffer();
        }
        int n = Math.min(length - assemblyFill, in.remaining());
        in.get(assembly, assemblyFill, n);
        assemblyFill += n;
        if (assemblyFill < length) {
            return null;
        }
        assemblyFill = 0;
        lastPayloadAssembled = true;
        return assemblyView.slice(0, length);
    }

    /** Decodes a complete payload; sets the state for the next frame first. */
    private Frame decode(ByteBuffer payload) {
        if ((type == FrameType.HEADERS || type == FrameType.PUSH_PROMISE || type == FrameType.CONTINUATION)
                && !Flags.has(flags, Flags.END_HEADERS)) {
            // RFC 9113 §6.10: a field block without END_HEADERS continues in CONTINUATION frames
            state = State.EXPECT_CONTINUATION;
            fieldBlockStreamId = streamId;
        } else {
            state = State.READ_HEADER;
        }
        return switch (type) {
            case DATA -> decodeData(payload);
            case HEADERS -> decodeHeaders(payload);
            case PRIORITY -> new PriorityFrame(streamId, priority(payload, 0));
            case RST_STREAM -> new RstStreamFrame(streamId, ErrorCode.of(payload.getInt(0)));
            case SETTINGS -> decodeSettings(payload);
            case PUSH_PROMISE -> decodePushPromise(payload);
            case PING -> new PingFrame(Flags.has(flags, Flags.ACK), payload.getLong(0));
            case GOAWAY -> new GoAwayFrame(payload.getInt(0) & STREAM_ID_MASK, ErrorCode.of(payload.getInt(4)),
                    payload.position(8));
            case WINDOW_UPDATE -> decodeWindowUpdate(payload);
            case CONTINUATION -> new ContinuationFrame(streamId, payload, Flags.has(flags, Flags.END_HEADERS));
            case ALTSVC -> decodeAltSvc(payload);
            case ORIGIN -> decodeOrigin(payload);
            case PRIORITY_UPDATE -> decodePriorityUpdate(payload);
            // RFC 9113 §4.1: frames of unknown type are ignored; the connection decides how (§5.5)
            case UNKNOWN -> new UnknownFrame(typeCode, flags, streamId, payload);
        };
    }

    /*
     * RFC 9113 §6.1:
     * +---------------+-----------------------------------------------+
     * |Pad Length? (8)|  Data (*)  ...  Padding (*)                   |
     * +---------------+-----------------------------------------------+
     */
    private DataFrame decodeData(ByteBuffer payload) {
        int padLength = padLength(payload, 0);
        return new DataFrame(streamId, payload, Flags.has(flags, Flags.END_STREAM), padLength);
    }

    /*
     * RFC 9113 §6.2:
     * +---------------+-+-------------------------------------------+---------------+
     * |Pad Length? (8)|E| Stream Dependency? (31)                   | Weight? (8)   |
     * +---------------+-+-------------------------------------------+---------------+
     * |   Field Block Fragment (*)  ...  Padding (*)                                |
     */
    private HeadersFrame decodeHeaders(ByteBuffer payload) {
        boolean hasPriority = Flags.has(flags, Flags.PRIORITY);
        int padOctets = Flags.has(flags, Flags.PADDED) ? 1 : 0;
        Optional<PrioritySpec> priority = hasPriority ? Optional.of(priority(payload, padOctets)) : Optional.empty();
        int padLength = padLength(payload, hasPriority ? PRIORITY_FIELDS_LENGTH : 0);
        return new HeadersFrame(streamId, payload, Flags.has(flags, Flags.END_STREAM),
                Flags.has(flags, Flags.END_HEADERS), priority, padLength);
    }

    /*
     * RFC 9113 §6.6:
     * +---------------+-+---------------------------------------------+
     * |Pad Length? (8)|R|        Promised Stream ID (31)              |
     * +---------------+-+---------------------------------------------+
     * |   Field Block Fragment (*)  ...  Padding (*)                  |
     */
    private PushPromiseFrame decodePushPromise(ByteBuffer payload) {
        int padOctets = Flags.has(flags, Flags.PADDED) ? 1 : 0;
        // RFC 9113 §6.6: the reserved bit before the promised stream ID MUST be ignored when receiving
        int promised = payload.getInt(padOctets) & STREAM_ID_MASK;
        int padLength = padLength(payload, 4);
        if (promised == 0) {
            // RFC 9113 §6.6: promising an illegal stream identifier (§5.1.1) is a connection error PROTOCOL_ERROR
            throw connectionError(ErrorCode.PROTOCOL_ERROR, "RFC 9113 §6.6: PUSH_PROMISE promises stream 0");
        }
        return new PushPromiseFrame(streamId, promised, payload, Flags.has(flags, Flags.END_HEADERS), padLength);
    }

    /**
     * Reads the optional Pad Length, checks that the padding fits beside {@code fieldsAfterPadLength}
     * octets of fields, and narrows the payload view to the data or fragment between fields and padding.
     */
    private int padLength(ByteBuffer payload, int fieldsAfterPadLength) {
        if (!Flags.has(flags, Flags.PADDED)) {
            payload.position(fieldsAfterPadLength);
            return -1;
        }
        int padLength = payload.get(0) & 0xff;
        int contentStart = 1 + fieldsAfterPadLength;
        if (padLength > length - contentStart) {
            // RFC 9113 §6.1, §6.2, §6.6: padding as long as the rest of the payload or longer is a
            // connection error PROTOCOL_ERROR (the rest excludes Pad Length and the priority or promised-id fields)
            throw connectionError(ErrorCode.PROTOCOL_ERROR, "RFC 9113 §6.1: pad length " + padLength
                    + " leaves no room in a " + length + "-octet payload with " + contentStart + " octets of fields");
        }
        payload.position(contentStart).limit(length - padLength);
        return padLength;
    }

    private static PrioritySpec priority(ByteBuffer payload, int offset) {
        int word = payload.getInt(offset);
        return new PrioritySpec(word & STREAM_ID_MASK, word < 0, (payload.get(offset + 4) & 0xff) + 1);
    }

    /*
     * RFC 9113 §6.5.1: a sequence of
     * +-------------------------------+-------------------------------+
     * |       Identifier (16)         |          Value (32)           |
     * +-------------------------------+-------------------------------+
     */
    private SettingsFrame decodeSettings(ByteBuffer payload) {
        if (length == 0) {
            return Flags.has(flags, Flags.ACK) ? SettingsFrame.ACK : new SettingsFrame(false, List.of());
        }
        Setting[] settings = new Setting[length / 6];
        for (int i = 0; i < settings.length; i++) {
            int id = payload.getShort(6 * i) & 0xffff;
            long value = Integer.toUnsignedLong(payload.getInt(6 * i + 2));
            String violation = Setting.violation(id, value);
            if (violation != null) {
                // RFC 9113 §6.5.2: an out-of-range INITIAL_WINDOW_SIZE is a FLOW_CONTROL_ERROR, any
                // other out-of-range value a PROTOCOL_ERROR (RFC 8441 §3 and RFC 9218 §2.1 alike)
                throw connectionError(id == SettingId.INITIAL_WINDOW_SIZE.id()
                        ? ErrorCode.FLOW_CONTROL_ERROR : ErrorCode.PROTOCOL_ERROR, violation)
                        .withSettingValueOutOfRange();
            }
            settings[i] = new Setting(SettingId.of(id), value);
        }
        return new SettingsFrame(false, List.of(settings));
    }

    private WindowUpdateFrame decodeWindowUpdate(ByteBuffer payload) {
        // RFC 9113 §6.9: the reserved bit before the increment MUST be ignored when receiving
        int increment = payload.getInt(0) & STREAM_ID_MASK;
        if (increment == 0) {
            String rule = "RFC 9113 §6.9: WINDOW_UPDATE with an increment of 0";
            // RFC 9113 §6.9: an increment of 0 is a stream error PROTOCOL_ERROR, or a connection error on stream 0
            throw streamId == 0 ? connectionError(ErrorCode.PROTOCOL_ERROR, rule)
                    : FrameFormatException.stream(ErrorCode.PROTOCOL_ERROR, type, streamId, 0, rule);
        }
        return new WindowUpdateFrame(streamId, increment);
    }

    /*
     * RFC 7838 §4:
     * +-------------------------------+-------------------------------+
     * |         Origin-Len (16)       | Origin? (*)                 ...
     * +-------------------------------+-------------------------------+
     * |                   Alt-Svc-Field-Value (*)                   ...
     */
    private Frame decodeAltSvc(ByteBuffer payload) {
        int originLength = payload.getShort(0) & 0xffff;
        if (2 + originLength > length) {
            // RFC 7838 §4 sets no code for an Origin-Len past the payload; h2j treats it as a frame too
            // small for its fields, a connection error FRAME_SIZE_ERROR (RFC 9113 §4.2)
            throw connectionError(ErrorCode.FRAME_SIZE_ERROR, "RFC 7838 §4: ALTSVC Origin-Len " + originLength
                    + " runs past the " + length + "-octet payload");
        }
        if ((originLength == 0) == (streamId == 0)) {
            // RFC 7838 §4: an empty origin on stream 0, or an origin on another stream, MUST be ignored
            return new UnknownFrame(typeCode, flags, streamId, payload);
        }
        return new AltSvcFrame(streamId, text(payload, 2, originLength),
                text(payload, 2 + originLength, length - 2 - originLength));
    }

    /*
     * RFC 8336 §2: a sequence of
     * +-------------------------------+-------------------------------+
     * |         Origin-Len (16)       | ASCII-Origin?               ...
     * +-------------------------------+-------------------------------+
     */
    private Frame decodeOrigin(ByteBuffer payload) {
        if (streamId != 0) {
            // RFC 8336 §2.1: an ORIGIN frame on a stream other than 0 MUST be ignored
            return new UnknownFrame(typeCode, flags, streamId, payload);
        }
        List<String> origins = new ArrayList<>();
        int offset = 0;
        while (offset < length) {
            int entryLength = offset + 2 <= length ? payload.getShort(offset) & 0xffff : -1;
            if (entryLength < 0 || offset + 2 + entryLength > length) {
                // RFC 8336 §2 sets no code for a truncated Origin-Entry; h2j treats it as a frame too small
                // for its fields, a connection error FRAME_SIZE_ERROR (RFC 9113 §4.2)
                throw connectionError(ErrorCode.FRAME_SIZE_ERROR,
                        "RFC 8336 §2: ORIGIN entry at offset " + offset + " runs past the " + length + "-octet payload");
            }
            origins.add(text(payload, offset + 2, entryLength));
            offset += 2 + entryLength;
        }
        return new OriginFrame(origins);
    }

    /*
     * RFC 9218 §7.1:
     * +-+-------------------------------------------------------------+
     * |R|                 Prioritized Stream ID (31)                  |
     * +-+-------------------------------------------------------------+
     * |                   Priority Field Value (*)                  ...
     */
    private PriorityUpdateFrame decodePriorityUpdate(ByteBuffer payload) {
        int prioritized = payload.getInt(0) & STREAM_ID_MASK;
        if (prioritized == 0) {
            // RFC 9218 §7.1: a prioritized stream ID of 0 is a connection error PROTOCOL_ERROR
            throw connectionError(ErrorCode.PROTOCOL_ERROR, "RFC 9218 §7.1: PRIORITY_UPDATE for stream 0");
        }
        return new PriorityUpdateFrame(prioritized, text(payload, 4, length - 4));
    }

    /** Octets as ISO-8859-1 chars: every octet maps to one char, so any octet string round-trips. */
    private static String text(ByteBuffer payload, int offset, int count) {
        byte[] octets = new byte[count];
        payload.get(offset, octets);
        return new String(octets, StandardCharsets.ISO_8859_1);
    }

    private FrameFormatException connectionError(ErrorCode code, String rule) {
        failure = FrameFormatException.connection(code, type, streamId, rule);
        state = State.FAILED;
        return failure;
    }

    private FrameFormatException skipWithStreamError(ErrorCode code, int flowControlledLength, String rule) {
        skipRemaining = length;
        state = State.SKIP_PAYLOAD;
        return FrameFormatException.stream(code, type, streamId, flowControlledLength, rule);
    }
}
