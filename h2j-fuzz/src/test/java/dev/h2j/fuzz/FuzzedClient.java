package dev.h2j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.DataFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameWriter;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.PingFrame;
import dev.h2j.frame.PriorityFrame;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.PriorityUpdateFrame;
import dev.h2j.frame.PushPromiseFrame;
import dev.h2j.frame.RstStreamFrame;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.UnknownFrame;
import dev.h2j.frame.WindowUpdateFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client side of {@link ServerConversationFuzzTest}: writes well-formed frames chosen by the fuzzer
 * with h2j's {@link FrameWriter} and a real {@link HpackEncoder}, and tells the {@link PeerReader} what it
 * sent, so the reader can check the server's answers.
 *
 * <p>Frames go to a pending buffer that the test delivers to the server in fuzzer-chosen pieces. Header
 * blocks come from a small vocabulary of request fields, valid and not, split over CONTINUATION frames at
 * fuzzer-chosen points. Octets that are not a well-formed frame come only from {@link #rawFrame()}; while
 * none of those carried a header block, every block the server sees is valid HPACK, so a
 * COMPRESSION_ERROR would mean the server's decoder lost step with this encoder (RFC 9113 §4.3).
 */
final class FuzzedClient {

    /** The codes the fuzzer picks from: every RFC 9113 §7 code and one unknown. */
    static final ErrorCode[] ERROR_CODES = {ErrorCode.NO_ERROR, ErrorCode.PROTOCOL_ERROR, ErrorCode.INTERNAL_ERROR,
        ErrorCode.FLOW_CONTROL_ERROR, ErrorCode.SETTINGS_TIMEOUT, ErrorCode.STREAM_CLOSED, ErrorCode.FRAME_SIZE_ERROR,
        ErrorCode.REFUSED_STREAM, ErrorCode.CANCEL, ErrorCode.COMPRESSION_ERROR, ErrorCode.CONNECT_ERROR,
        ErrorCode.ENHANCE_YOUR_CALM, ErrorCode.INADEQUATE_SECURITY, ErrorCode.HTTP_1_1_REQUIRED, ErrorCode.of(0x1234)};

    private static final String[] METHODS = {"GET", "POST", "HEAD", "CONNECT", "OPTIONS", "get", ""};
    private static final String[] PATHS = {"/", "/index.html", "*", "", "/a?b=c", "no-slash"};
    private static final String[][] REGULAR_FIELDS = {
        {"user-agent", "h2j-fuzz"}, {"accept", "*/*"}, {"content-length", "0"}, {"content-length", "5"},
        {"content-length", "x"}, {"cookie", "a=b"}, {"cookie", "c=d"}, {"te", "trailers"}, {"te", "gzip"},
        {"connection", "close"}, {"Upper", "case"}, {"host", "example.com"}, {"x-bad", "a\r\nb"},
        {":path", "/late"}, {"priority", "u=1, i"}, {"", "empty-name"}, {"grpc-status", "0"},
    };

    private final FuzzedDataProvider data;
    private final PeerReader reader;
    private final Trace trace;
    private final FrameWriter writer = new FrameWriter();
    private final HpackEncoder encoder = new HpackEncoder();
    private final FrameBuffer pending = new FrameBuffer();
    private final List<Integer> streams = new ArrayList<>();
    private int lastStream = -1;
    private boolean hpackInStep = true;

    FuzzedClient(FuzzedDataProvider data, PeerReader reader, Trace trace) {
        this.data = data;
        this.reader = reader;
        this.trace = trace;
        writer.setMaxFrameSize(16_777_215);
    }

    /** Whether every header block written so far was produced by the encoder, whole and in order. */
    boolean hpackInStep() {
        return hpackInStep;
    }

    /** Takes the octets written since the last call. */
    byte[] takePending() {
        byte[] octets = pending.toByteArray();
        pending.clear();
        return octets;
    }

    /** The client's preface: the magic and a SETTINGS frame with fuzzer-chosen settings (RFC 9113 §3.4). */
    void preface() {
        pending.write(FrameParser.clientPreface());
        settings();
    }

    /** Writes one frame, or a field block, of a kind the fuzzer picks. */
    void frame() {
        switch (data.consumeInt(0, 15)) {
            case 0, 1, 2 -> headers();
            case 3, 4 -> data();
            case 5 -> write(new PriorityFrame(stream(), priority()));
            case 6 -> write(new RstStreamFrame(stream(), data.pickValue(ERROR_CODES)));
            case 7 -> settings();
            case 8 -> acknowledgeSettings();
            case 9 -> ping();
            case 10 -> write(new GoAwayFrame(data.consumeInt(0, Integer.MAX_VALUE), data.pickValue(ERROR_CODES),
                    ByteBuffer.wrap(data.consumeBytes(16))));
            case 11 -> windowUpdate();
            case 12 -> pushPromise();
            case 13 -> write(new PriorityUpdateFrame(stream(), data.consumeAsciiString(20)));
            case 14 -> write(new UnknownFrame(data.consumeInt(0x11, 0xff), data.consumeInt(0, 255), stream(),
                    ByteBuffer.wrap(data.consumeBytes(32))));
            default -> rawFrame();
        }
    }

    private void write(Frame frame) {
        trace.note(() -> "client writes " + frame);
        writer.write(frame, pending);
        reader.peerSent(frame);
    }

    /** A stream id: mostly ones this client opened or may open next, sometimes any other. */
    private int stream() {
        switch (data.consumeInt(0, 7)) {
            case 0, 1:
                return Math.max(1, lastStream);
            case 2, 3:
                return nextStream();
            case 4:
                return streams.isEmpty() ? 1 : data.pickValue(streams);
            case 5:
                return data.consumeInt(1, 8) * 2;
            case 6:
                return data.consumeInt(1, 21);
            default:
                return data.consumeInt(1, Integer.MAX_VALUE);
        }
    }

    /** The next new stream id; past 2^31-1 (RFC 9113 §5.1.1: ids run out) the last one again. */
    private int nextStream() {
        if (lastStream < 0) {
            return 1;
        }
        return lastStream > Integer.MAX_VALUE - 2 ? lastStream : lastStream + 2;
    }

    private PrioritySpec priority() {
        return new PrioritySpec(data.consumeInt(0, 9), data.consumeBoolean(), data.consumeInt(1, 256));
    }

    private void headers() {
        int id = stream();
        if ((id & 1) == 1 && id > lastStream) {
            lastStream = id;
            streams.add(id);
        }
        byte[] block = encoder.encode(fields());
        boolean endStream = data.consumeBoolean();
        Optional<PrioritySpec> priority = data.consumeInt(0, 7) == 0 ? Optional.of(priority()) : Optional.empty();
        int padLength = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 255) : -1;
        List<ByteBuffer> fragments = fragments(block);
        write(new HeadersFrame(id, fragments.get(0), endStream, fragments.size() == 1, priority, padLength));
        for (int i = 1; i < fragments.size(); i++) {
            write(new ContinuationFrame(id, fragments.get(i), i == fragments.size() - 1));
        }
    }

    /** A block cut at up to three fuzzer-chosen points: HEADERS or PUSH_PROMISE, then CONTINUATIONs. */
    private List<ByteBuffer> fragments(byte[] block) {
        List<ByteBuffer> fragments = new ArrayList<>();
        int from = 0;
        int cuts = data.consumeInt(0, 3);
        for (int i = 0; i < cuts; i++) {
            int to = data.consumeInt(from, block.length);
            fragments.add(ByteBuffer.wrap(block, from, to - from).slice());
            from = to;
        }
        fragments.add(ByteBuffer.wrap(block, from, block.length - from).slice());
        return fragments;
    }

    /** Request fields: usually a valid request, with fields from the vocabulary or the fuzzer added. */
    private List<HeaderField> fields() {
        List<HeaderField> fields = new ArrayList<>();
        if (data.consumeInt(0, 7) != 0) {
            fields.add(HeaderField.of(":method", data.pickValue(METHODS)));
            fields.add(HeaderField.of(":scheme", data.consumeBoolean() ? "https" : "http"));
            fields.add(HeaderField.of(":authority", "example.com"));
            fields.add(HeaderField.of(":path", data.pickValue(PATHS)));
            if (data.consumeInt(0, 7) == 0) {
                fields.add(HeaderField.of(":protocol", "websocket"));
            }
        }
        int extra = data.consumeInt(0, 4);
        for (int i = 0; i < extra; i++) {
            if (data.consumeBoolean()) {
                String[] field = data.pickValue(REGULAR_FIELDS);
                fields.add(data.consumeInt(0, 7) == 0 ? HeaderField.sensitive(field[0], field[1])
                        : HeaderField.of(field[0], field[1]));
            } else {
                fields.add(HeaderField.of(data.consumeBytes(12), data.consumeBytes(40)));
            }
        }
        if (data.consumeInt(0, 15) == 0) {
            // Large enough to cross header list and CONTINUATION limits.
            fields.add(HeaderField.of("x-large", "v".repeat(data.consumeInt(0, 70_000))));
        }
        return fields;
    }

    private void data() {
        int length = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 70_000) : data.consumeInt(0, 100);
        int padLength = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 255) : -1;
        write(new DataFrame(stream(), ByteBuffer.allocate(length), data.consumeBoolean(), padLength));
    }

    private void settings() {
        List<Setting> settings = new ArrayList<>();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            settings.add(setting());
        }
        write(new SettingsFrame(false, settings));
    }

    /** A setting with a value the RFC allows, so that the server must accept and acknowledge it. */
    private Setting setting() {
        switch (data.consumeInt(0, 8)) {
            case 0:
                return new Setting(SettingId.HEADER_TABLE_SIZE, data.consumeLong(0, 0xffffffffL));
            case 1:
                return new Setting(SettingId.ENABLE_PUSH, data.consumeInt(0, 1));
            case 2:
                return new Setting(SettingId.MAX_CONCURRENT_STREAMS, data.consumeLong(0, 0xffffffffL));
            case 3:
                return new Setting(SettingId.INITIAL_WINDOW_SIZE, data.consumeLong(0, Integer.MAX_VALUE));
            case 4:
                return new Setting(SettingId.MAX_FRAME_SIZE, data.consumeInt(16_384, 16_777_215));
            case 5:
                return new Setting(SettingId.MAX_HEADER_LIST_SIZE, data.consumeLong(0, 0xffffffffL));
            case 6:
                return new Setting(SettingId.ENABLE_CONNECT_PROTOCOL, data.consumeInt(0, 1));
            case 7:
                return new Setting(SettingId.NO_RFC7540_PRIORITIES, data.consumeInt(0, 1));
            default:
                return new Setting(SettingId.of(data.consumeInt(10, 0xffff)), data.consumeLong(0, 0xffffffffL));
        }
    }

    /** An ACK for the oldest SETTINGS of the server this client has read; none if there is none. */
    private void acknowledgeSettings() {
        List<Setting> acknowledged = reader.takeOurSettings();
        if (acknowledged == null) {
            return;
        }
        write(SettingsFrame.ACK);
        for (Setting s : acknowledged) {
            if (s.id().equals(SettingId.HEADER_TABLE_SIZE)) {
                // RFC 7541 §4.2: blocks after the ACK may use the table size the server allowed.
                encoder.setMaxTableSize((int) Math.min(Integer.MAX_VALUE, s.value()));
            }
        }
    }

    private void ping() {
        Long owed = data.consumeBoolean() ? reader.takeOurPing() : null;
        if (owed != null) {
            write(new PingFrame(true, owed));
        } else {
            write(new PingFrame(data.consumeInt(0, 3) == 0, data.consumeLong()));
        }
    }

    private void windowUpdate() {
        int id = data.consumeBoolean() ? 0 : stream();
        if (data.consumeInt(0, 15) == 0) {
            // RFC 9113 §6.9: an increment of 0 is an error; the record refuses it, so write it by hand.
            rawFrame(0x8, 0, id, ByteBuffer.allocate(4).putInt(0).array());
            return;
        }
        int increment = data.consumeBoolean() ? data.consumeInt(1, 70_000) : data.consumeInt(1, Integer.MAX_VALUE);
        write(new WindowUpdateFrame(id, increment));
    }

    /** RFC 9113 §8.4: a client never pushes; the server must answer with a connection error. */
    private void pushPromise() {
        byte[] block = encoder.encode(fields());
        write(new PushPromiseFrame(stream(), data.consumeInt(1, 10) * 2, ByteBuffer.wrap(block), true, -1));
    }

    /**
     * A frame with any type, flags, stream and payload, not SETTINGS or WINDOW_UPDATE (the reader must
     * know what the server acknowledged and what windows it was given).
     */
    private void rawFrame() {
        int type = data.consumeInt(0, 0x10);
        if (type == 0x4 || type == 0x8) {
            type = 0x10;
        }
        rawFrame(type, data.consumeInt(0, 255), data.consumeInt(0, 9), data.consumeBytes(24));
    }

    private void rawFrame(int type, int flags, int streamId, byte[] payload) {
        if (type == 0x1 || type == 0x5 || type == 0x9) {
            hpackInStep = false;
        }
        trace.note(() -> "client writes raw frame type " + type + " flags " + flags + " stream " + streamId + ", "
                + payload.length + " octets");
        ByteBuffer frame = ByteBuffer.allocate(FrameParser.FRAME_HEADER_LENGTH + payload.length);
        frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        frame.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        pending.write(frame.flip());
    }
}
