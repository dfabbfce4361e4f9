package dev.h2j;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One HTTP/2 frame as a test sees it: what a test sends (each value is also its own {@link Wire}
 * bytes) and what {@link Peer} reads back from a connection, compared by value.
 *
 * <p>It mirrors the records of {@code dev.h2j.frame}, except that payloads are {@link Octets} and
 * HEADERS and PUSH_PROMISE carry their decoded header list, CONTINUATION frames already joined. How a
 * header block is cut into frames ({@link Headers#continuations(int)}, {@link Headers#maxFragment(int)})
 * changes the bytes only, not the value. Values are immutable: every builder method returns a copy.
 * {@code toString()} reads like {@code HEADERS(stream=1, END_STREAM, [:status: 200])}.
 *
 * <p>Apart from what {@link Setting} and {@link PrioritySpec} check, builders write what they are told
 * without validating it, so a test can send frames that break RFC 9113 (DATA on stream 0, a
 * WINDOW_UPDATE of 0, a SETTINGS ACK with a payload).
 */
sealed interface TestFrame extends Wire {

    /** The frame type; {@link FrameType#UNKNOWN} for {@link Unknown}. */
    FrameType type();

    /** The stream identifier of the frame header; 0 for frames about the connection. */
    int streamId();

    /** Returns {@code frames} with every GOAWAY's debug data dropped, to assert codes without message text. */
    static List<TestFrame> withoutDebugData(List<TestFrame> frames) {
        List<TestFrame> stripped = new ArrayList<>(frames.size());
        for (TestFrame frame : frames) {
            stripped.add(frame instanceof GoAway g ? g.withoutDebugData() : frame);
        }
        return stripped;
    }

    /** DATA (RFC 9113 §6.1); {@code endsStream} is the END_STREAM flag, {@code padLength} -1 without PADDED. */
    record Data(int streamId, Octets data, boolean endsStream, int padLength) implements TestFrame {

        public Data {
            Objects.requireNonNull(data, "data");
        }

        /** Sets END_STREAM. */
        Data endStream() {
            return new Data(streamId, data, true, padLength);
        }

        /** Sets PADDED with {@code padLength} zero octets, 0 to 255. */
        Data padded(int padLength) {
            return new Data(streamId, data, endsStream, padLength);
        }

        @Override
        public FrameType type() {
            return FrameType.DATA;
        }

        @Override
        public byte[] bytes() {
            int flags = (endsStream ? Frames.END_STREAM : 0) | (padLength >= 0 ? Frames.PADDED : 0);
            return Frames.frame(FrameType.DATA.code(), flags, streamId,
                    Frames.padded(padLength, new byte[0], data.toByteArray()));
        }

        @Override
        public String toString() {
            return describe("DATA", "stream=" + streamId, flag(endsStream, "END_STREAM"), padding(padLength),
                    data.toString());
        }
    }

    /**
     * HEADERS (RFC 9113 §6.2) with its CONTINUATIONs, as the decoded header list. Not a record: the
     * way the block is cut into frames is part of the bytes but not of the value.
     */
    final class Headers implements TestFrame {

        private final int streamId;
        private final List<HeaderField> fields;
        private final boolean endStream;
        private final Optional<PrioritySpec> priority;
        private final int padLength;
        private final Fragmenting fragmenting;

        Headers(int streamId, List<HeaderField> fields, boolean endStream, Optional<PrioritySpec> priority,
                int padLength) {
            this(streamId, fields, endStream, priority, padLength, Fragmenting.DEFAULT);
        }

        private Headers(int streamId, List<HeaderField> fields, boolean endStream, Optional<PrioritySpec> priority,
                int padLength, Fragmenting fragmenting) {
            this.streamId = streamId;
            this.fields = List.copyOf(fields);
            this.endStream = endStream;
            this.priority = Objects.requireNonNull(priority, "priority");
            this.padLength = padLength;
            this.fragmenting = fragmenting;
        }

        @Override
        public int streamId() {
            return streamId;
        }

        List<HeaderField> fields() {
            return fields;
        }

        boolean endsStream() {
            return endStream;
        }

        Optional<PrioritySpec> priority() {
            return priority;
        }

        int padLength() {
            return padLength;
        }

        /** Adds {@code :method}, {@code :scheme}, {@code :authority} and {@code :path}, in that order. */
        Headers request(String method, String scheme, String authority, String path) {
            return with(Frames.requestFields(method, scheme, authority, path));
        }

        /**
         * Adds the request pseudo-header fields of an absolute URI such as {@code https://example.com/a?b},
         * or of a path alone, which is requested from {@code https://example.com}.
         */
        Headers request(String method, String target) {
            return with(Frames.requestFields(method, target));
        }

        /** Adds {@code :status}. */
        Headers response(int status) {
            return field(":status", Integer.toString(status));
        }

        /** Adds a field; the name and value are ISO-8859-1, one octet per char. */
        Headers field(String name, String value) {
            return field(HeaderField.of(name, value));
        }

        /** Adds a field; a {@link HeaderField#sensitive()} one is sent as a literal never indexed. */
        Headers field(HeaderField field) {
            return with(List.of(field));
        }

        /** Sets END_STREAM. */
        Headers endStream() {
            return new Headers(streamId, fields, true, priority, padLength, fragmenting);
        }

        /** Sets the PRIORITY flag and fields (RFC 9113 §6.2). */
        Headers priority(int streamDependency, int weight, boolean exclusive) {
            return new Headers(streamId, fields, endStream,
                    Optional.of(new PrioritySpec(streamDependency, exclusive, weight)), padLength, fragmenting);
        }

        /** Sets PADDED with {@code padLength} zero octets, 0 to 255. */
        Headers padded(int padLength) {
            return new Headers(streamId, fields, endStream, priority, padLength, fragmenting);
        }

        /** Sends the block as HEADERS plus {@code count} CONTINUATIONs, cut evenly (fragments may be empty). */
        Headers continuations(int count) {
            return new Headers(streamId, fields, endStream, priority, padLength, Fragmenting.into(count + 1));
        }

        /** Sends the block in fragments of at most {@code octets} octets, HEADERS first then CONTINUATIONs. */
        Headers maxFragment(int octets) {
            return new Headers(streamId, fields, endStream, priority, padLength, Fragmenting.every(octets));
        }

        /** The same frames with END_HEADERS cleared on the last one: the block stays open on the wire. */
        Wire withoutEndHeaders() {
            return Frames.labelled(this + " without END_HEADERS", wire(false));
        }

        @Override
        public FrameType type() {
            return FrameType.HEADERS;
        }

        @Override
        public byte[] bytes() {
            return wire(true);
        }

        private byte[] wire(boolean endHeaders) {
            byte[] fieldsBeforeBlock = priority.map(Frames::priorityFields).orElse(new byte[0]);
            int flags = (endStream ? Frames.END_STREAM : 0) | (priority.isPresent() ? Frames.PRIORITY : 0);
            return Frames.fieldBlockFrames(FrameType.HEADERS.code(), flags, streamId, fieldsBeforeBlock, padLength,
                    Frames.headerBlock(fields), fragmenting, endHeaders);
        }

        private Headers with(List<HeaderField> more) {
            List<HeaderField> all = new ArrayList<>(fields);
            all.addAll(more);
            return new Headers(streamId, all, endStream, priority, padLength, fragmenting);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Headers other && streamId == other.streamId && fields.equals(other.fields)
                    && endStream == other.endStream && priority.equals(other.priority)
                    && padLength == other.padLength;
        }

        @Override
        public int hashCode() {
            return Objects.hash(streamId, fields, endStream, priority, padLength);
        }

        @Override
        public String toString() {
            return describe("HEADERS", "stream=" + streamId, flag(endStream, "END_STREAM"),
                    priority.map(TestFrame::priorityText).orElse(null), padding(padLength), fieldsText(fields));
        }
    }

    /** PRIORITY (RFC 9113 §6.3). */
    record Priority(int streamId, PrioritySpec priority) implements TestFrame {

        public Priority {
            Objects.requireNonNull(priority, "priority");
        }

        @Override
        public FrameType type() {
            return FrameType.PRIORITY;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.PRIORITY.code(), 0, streamId, Frames.priorityFields(priority));
        }

        @Override
        public String toString() {
            return describe("PRIORITY", "stream=" + streamId, "dep=" + priority.streamDependency(),
                    "weight=" + priority.weight(), flag(priority.exclusive(), "exclusive"));
        }
    }

    /** RST_STREAM (RFC 9113 §6.4). */
    record RstStream(int streamId, ErrorCode errorCode) implements TestFrame {

        public RstStream {
            Objects.requireNonNull(errorCode, "errorCode");
        }

        @Override
        public FrameType type() {
            return FrameType.RST_STREAM;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.RST_STREAM.code(), 0, streamId,
                    Frames.payload().u32(errorCode.code()).done());
        }

        @Override
        public String toString() {
            return describe("RST_STREAM", "stream=" + streamId, errorCode.toString());
        }
    }

    /** SETTINGS (RFC 9113 §6.5), on stream 0; an ACK normally has no settings. */
    record Settings(boolean ack, List<Setting> settings) implements TestFrame {

        public Settings {
            settings = List.copyOf(settings);
        }

        /** Adds a setting; the value must be one {@link Setting} accepts ({@link Frames#rawSettings} sends any). */
        Settings with(SettingId id, long value) {
            List<Setting> all = new ArrayList<>(settings);
            all.add(new Setting(id, value));
            return new Settings(ack, all);
        }

        @Override
        public int streamId() {
            return 0;
        }

        @Override
        public FrameType type() {
            return FrameType.SETTINGS;
        }

        @Override
        public byte[] bytes() {
            Frames.Payload payload = Frames.payload();
            for (Setting setting : settings) {
                payload.u16(setting.id().id()).u32((int) setting.value());
            }
            return Frames.frame(FrameType.SETTINGS.code(), ack ? Frames.ACK : 0, 0, payload.done());
        }

        @Override
        public String toString() {
            StringJoiner parts = new StringJoiner(", ", "SETTINGS(", ")");
            if (ack) {
                parts.add("ACK");
            }
            for (Setting setting : settings) {
                parts.add(setting.id() + "=" + setting.value());
            }
            return parts.toString();
        }
    }

    /**
     * PUSH_PROMISE (RFC 9113 §6.6) with its CONTINUATIONs, as the decoded request header list; cut into
     * frames like {@link Headers}.
     */
    final class PushPromise implements TestFrame {

        private final int streamId;
        private final int promisedStreamId;
        private final List<HeaderField> fields;
        private final int padLength;
        private final Fragmenting fragmenting;

        PushPromise(int streamId, int promisedStreamId, List<HeaderField> fields, int padLength) {
            this(streamId, promisedStreamId, fields, padLength, Fragmenting.DEFAULT);
        }

        private PushPromise(int streamId, int promisedStreamId, List<HeaderField> fields, int padLength,
                Fragmenting fragmenting) {
            this.streamId = streamId;
            this.promisedStreamId = promisedStreamId;
            this.fields = List.copyOf(fields);
            this.padLength = padLength;
            this.fragmenting = fragmenting;
        }

        @Override
        public int streamId() {
            return streamId;
        }

        int promisedStreamId() {
            return promisedStreamId;
        }

        List<HeaderField> fields() {
            return fields;
        }

        int padLength() {
            return padLength;
        }

        /** Adds {@code :method}, {@code :scheme}, {@code :authority} and {@code :path}, in that order. */
        PushPromise request(String method, String scheme, String authority, String path) {
            return with(Frames.requestFields(method, scheme, authority, path));
        }

        /** Adds the request pseudo-header fields of an absolute URI, or of a path on {@code https://example.com}. */
        PushPromise request(String method, String target) {
            return with(Frames.requestFields(method, target));
        }

        PushPromise field(String name, String value) {
            return field(HeaderField.of(name, value));
        }

        PushPromise field(HeaderField field) {
            return with(List.of(field));
        }

        /** Sets PADDED with {@code padLength} zero octets, 0 to 255. */
        PushPromise padded(int padLength) {
            return new PushPromise(streamId, promisedStreamId, fields, padLength, fragmenting);
        }

        /** Sends the block as PUSH_PROMISE plus {@code count} CONTINUATIONs, cut evenly. */
        PushPromise continuations(int count) {
            return new PushPromise(streamId, promisedStreamId, fields, padLength, Fragmenting.into(count + 1));
        }

        /** Sends the block in fragments of at most {@code octets} octets. */
        PushPromise maxFragment(int octets) {
            return new PushPromise(streamId, promisedStreamId, fields, padLength, Fragmenting.every(octets));
        }

        /** The same frames with END_HEADERS cleared on the last one. */
        Wire withoutEndHeaders() {
            return Frames.labelled(this + " without END_HEADERS", wire(false));
        }

        @Override
        public FrameType type() {
            return FrameType.PUSH_PROMISE;
        }

        @Override
        public byte[] bytes() {
            return wire(true);
        }

        private byte[] wire(boolean endHeaders) {
            return Frames.fieldBlockFrames(FrameType.PUSH_PROMISE.code(), 0, streamId,
                    Frames.payload().u32(promisedStreamId).done(), padLength, Frames.headerBlock(fields), fragmenting,
                    endHeaders);
        }

        private PushPromise with(List<HeaderField> more) {
            List<HeaderField> all = new ArrayList<>(fields);
            all.addAll(more);
            return new PushPromise(streamId, promisedStreamId, all, padLength, fragmenting);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PushPromise other && streamId == other.streamId
                    && promisedStreamId == other.promisedStreamId && fields.equals(other.fields)
                    && padLength == other.padLength;
        }

        @Override
        public int hashCode() {
            return Objects.hash(streamId, promisedStreamId, fields, padLength);
        }

        @Override
        public String toString() {
            return describe("PUSH_PROMISE", "stream=" + streamId, "promised=" + promisedStreamId, padding(padLength),
                    fieldsText(fields));
        }
    }

    /** PING (RFC 9113 §6.7), on stream 0. */
    record Ping(boolean ack, long opaqueData) implements TestFrame {

        @Override
        public int streamId() {
            return 0;
        }

        @Override
        public FrameType type() {
            return FrameType.PING;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.PING.code(), ack ? Frames.ACK : 0, 0,
                    Frames.payload().u64(opaqueData).done());
        }

        @Override
        public String toString() {
            return describe("PING", flag(ack, "ACK"), String.format("0x%016x", opaqueData));
        }
    }

    /** GOAWAY (RFC 9113 §6.8), on stream 0. */
    record GoAway(int lastStreamId, ErrorCode errorCode, Octets debugData) implements TestFrame {

        public GoAway {
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(debugData, "debugData");
        }

        GoAway withoutDebugData() {
            return new GoAway(lastStreamId, errorCode, Octets.EMPTY);
        }

        @Override
        public int streamId() {
            return 0;
        }

        @Override
        public FrameType type() {
            return FrameType.GOAWAY;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.GOAWAY.code(), 0, 0,
                    Frames.payload().u32(lastStreamId).u32(errorCode.code()).bytes(debugData.toByteArray()).done());
        }

        @Override
        public String toString() {
            return describe("GOAWAY", "last=" + lastStreamId, errorCode.toString(),
                    debugData.isEmpty() ? null : debugData.toString());
        }
    }

    /** WINDOW_UPDATE (RFC 9113 §6.9); the increment is written as given, reserved bit included. */
    record WindowUpdate(int streamId, int increment) implements TestFrame {

        @Override
        public FrameType type() {
            return FrameType.WINDOW_UPDATE;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.WINDOW_UPDATE.code(), 0, streamId, Frames.payload().u32(increment).done());
        }

        @Override
        public String toString() {
            return describe("WINDOW_UPDATE", "stream=" + streamId, "increment=" + increment);
        }
    }

    /**
     * A lone CONTINUATION (RFC 9113 §6.10) holding raw fragment octets, for invalid sequences and floods;
     * {@link Peer} joins CONTINUATIONs into {@link Headers} and never returns this.
     */
    record Continuation(int streamId, Octets fragment, boolean endsHeaders) implements TestFrame {

        public Continuation {
            Objects.requireNonNull(fragment, "fragment");
        }

        /** Appends the HPACK encoding of a field (literal, never Huffman): blocks so cut stay decodable. */
        Continuation field(String name, String value) {
            return new Continuation(streamId,
                    fragment.append(Frames.headerBlock(List.of(HeaderField.of(name, value)))), endsHeaders);
        }

        /** Replaces the fragment with raw octets. */
        Continuation fragment(byte[] octets) {
            return new Continuation(streamId, Octets.of(octets), endsHeaders);
        }

        /** Sets END_HEADERS. */
        Continuation endHeaders() {
            return new Continuation(streamId, fragment, true);
        }

        @Override
        public FrameType type() {
            return FrameType.CONTINUATION;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.CONTINUATION.code(), endsHeaders ? Frames.END_HEADERS : 0, streamId,
                    fragment.toByteArray());
        }

        @Override
        public String toString() {
            return describe("CONTINUATION", "stream=" + streamId, flag(endsHeaders, "END_HEADERS"),
                    fragment.toString());
        }
    }

    /** ALTSVC (RFC 7838 §4); the texts are ISO-8859-1, one octet per char. */
    record AltSvc(int streamId, String origin, String fieldValue) implements TestFrame {

        public AltSvc {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(fieldValue, "fieldValue");
        }

        @Override
        public FrameType type() {
            return FrameType.ALTSVC;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.ALTSVC.code(), 0, streamId,
                    Frames.payload().u16(origin.length()).text(origin).text(fieldValue).done());
        }

        @Override
        public String toString() {
            return describe("ALTSVC", "stream=" + streamId, "origin=\"" + origin + '"', "value=\"" + fieldValue + '"');
        }
    }

    /** ORIGIN (RFC 8336 §2), on stream 0. */
    record Origin(List<String> origins) implements TestFrame {

        public Origin {
            origins = List.copyOf(origins);
        }

        @Override
        public int streamId() {
            return 0;
        }

        @Override
        public FrameType type() {
            return FrameType.ORIGIN;
        }

        @Override
        public byte[] bytes() {
            Frames.Payload payload = Frames.payload();
            for (String origin : origins) {
                payload.u16(origin.length()).text(origin);
            }
            return Frames.frame(FrameType.ORIGIN.code(), 0, 0, payload.done());
        }

        @Override
        public String toString() {
            return "ORIGIN(" + origins + ")";
        }
    }

    /** PRIORITY_UPDATE (RFC 9218 §7.1), on stream 0. */
    record PriorityUpdate(int prioritizedStreamId, String priorityFieldValue) implements TestFrame {

        public PriorityUpdate {
            Objects.requireNonNull(priorityFieldValue, "priorityFieldValue");
        }

        @Override
        public int streamId() {
            return 0;
        }

        @Override
        public FrameType type() {
            return FrameType.PRIORITY_UPDATE;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(FrameType.PRIORITY_UPDATE.code(), 0, 0,
                    Frames.payload().u32(prioritizedStreamId).text(priorityFieldValue).done());
        }

        @Override
        public String toString() {
            return describe("PRIORITY_UPDATE", "prioritized=" + prioritizedStreamId, '"' + priorityFieldValue + '"');
        }
    }

    /**
     * A frame not interpreted (RFC 9113 §5.5): an unknown type, or ALTSVC/ORIGIN in a shape their RFCs
     * say to ignore, as the parser reports them.
     */
    record Unknown(int typeCode, int flags, int streamId, Octets payload) implements TestFrame {

        public Unknown {
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public FrameType type() {
            return FrameType.UNKNOWN;
        }

        @Override
        public byte[] bytes() {
            return Frames.frame(typeCode, flags, streamId, payload.toByteArray());
        }

        @Override
        public String toString() {
            return describe("UNKNOWN", String.format("type=0x%02x", typeCode), String.format("flags=0x%02x", flags),
                    "stream=" + streamId, payload.toString());
        }
    }

    /** How a header block is cut into fragments: the first for HEADERS or PUSH_PROMISE, the rest CONTINUATIONs. */
    @FunctionalInterface
    interface Fragmenting {

        /** Cuts like {@code FrameWriter}: every frame payload at most the default max frame size, 16384. */
        Fragmenting DEFAULT = (blockLength, firstFrameFields) -> cut(blockLength,
                Frames.DEFAULT_MAX_FRAME_SIZE - firstFrameFields, Frames.DEFAULT_MAX_FRAME_SIZE);

        /** Returns the fragment lengths, at least one, summing to {@code blockLength}. */
        int[] lengths(int blockLength, int firstFrameFields);

        static Fragmenting into(int fragments) {
            if (fragments < 1) {
                throw new IllegalArgumentException("a header block needs at least one frame, got " + fragments);
            }
            return (blockLength, firstFrameFields) -> {
                int[] lengths = new int[fragments];
                for (int i = 0; i < fragments; i++) {
                    lengths[i] = blockLength / fragments + (i < blockLength % fragments ? 1 : 0);
                }
                return lengths;
            };
        }

        static Fragmenting every(int maxOctets) {
            if (maxOctets < 1) {
                throw new IllegalArgumentException("fragments need at least one octet, got " + maxOctets);
            }
            return (blockLength, firstFrameFields) -> cut(blockLength, maxOctets, maxOctets);
        }

        private static int[] cut(int blockLength, int first, int rest) {
            List<Integer> lengths = new ArrayList<>();
            int remaining = blockLength;
            int next = first;
            do {
                int length = Math.min(remaining, next);
                lengths.add(length);
                remaining -= length;
                next = rest;
            } while (remaining > 0);
            return lengths.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static String describe(String type, String... parts) {
        StringJoiner joined = new StringJoiner(", ", type + "(", ")");
        for (String part : parts) {
            if (part != null) {
                joined.add(part);
            }
        }
        return joined.toString();
    }

    private static String flag(boolean set, String name) {
        return set ? name : null;
    }

    private static String padding(int padLength) {
        return padLength >= 0 ? "PADDED=" + padLength : null;
    }

    /** {@code [name: value, ...]}, values over 100 chars cut to their first 64 so huge fields stay readable. */
    private static String fieldsText(List<HeaderField> fields) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (HeaderField field : fields) {
            String value = field.value();
            joined.add(field.name() + ": "
                    + (value.length() > 100 ? value.substring(0, 64) + "... (" + value.length() + " chars)" : value));
        }
        return joined.toString();
    }

    private static String priorityText(PrioritySpec priority) {
        return describe("PRIORITY", "dep=" + priority.streamDependency(), "weight=" + priority.weight(),
                flag(priority.exclusive(), "exclusive"));
    }
}
