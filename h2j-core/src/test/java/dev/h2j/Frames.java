package dev.h2j;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.HuffmanPolicy;
import dev.h2j.hpack.IndexingPolicy;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The frame-builder DSL: frames a test plays the remote peer with, each a {@link TestFrame} value (to
 * compare with what {@link Peer} reads) and its own {@link Wire} bytes (to feed {@code receiveData}).
 *
 * <pre>{@code
 * connection.receiveData(Frames.concat(
 *         Frames.clientPreface(),
 *         Frames.settings(),
 *         Frames.headers(1).request("GET", "https", "example.com", "/").endStream()));
 * assertThat(client.read(connection.dataToSend()))
 *         .containsExactly(Frames.settings(), Frames.settingsAck(), Frames.headers(1).response(200));
 * }</pre>
 *
 * <p>Header blocks are HPACK-encoded with literals never indexed and never Huffman-coded, so a block's
 * octets do not depend on encoder state: any decoder decodes them in any order, and blocks may be cut
 * between fields. Frames are written exactly as built, without the codec's validation, so broken frames
 * are easy to send; {@link #raw(String)} sends anything else.
 */
final class Frames {

    /** Flag octet bits, RFC 9113 §6: END_STREAM and ACK share 0x1. */
    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY = 0x20;

    /** RFC 9113 §4.2: the initial SETTINGS_MAX_FRAME_SIZE. */
    static final int DEFAULT_MAX_FRAME_SIZE = 16384;

    // RFC 9113 §3.4: the client connection preface.
    private static final byte[] CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private Frames() {
    }

    /** HEADERS on {@code streamId} without fields; add fields with {@code request}, {@code response}, {@code field}. */
    static TestFrame.Headers headers(int streamId) {
        return new TestFrame.Headers(streamId, List.of(), false, Optional.empty(), -1);
    }

    /** PUSH_PROMISE on {@code streamId} promising {@code promisedStreamId}, with no fields yet. */
    static TestFrame.PushPromise pushPromise(int streamId, int promisedStreamId) {
        return new TestFrame.PushPromise(streamId, promisedStreamId, List.of(), -1);
    }

    /** An empty CONTINUATION without END_HEADERS; add fields or a raw fragment. */
    static TestFrame.Continuation continuation(int streamId) {
        return new TestFrame.Continuation(streamId, Octets.EMPTY, false);
    }

    /** DATA holding the UTF-8 octets of {@code text}. */
    static TestFrame.Data data(int streamId, String text) {
        return new TestFrame.Data(streamId, Octets.utf8(text), false, -1);
    }

    static TestFrame.Data data(int streamId, byte[] data) {
        return new TestFrame.Data(streamId, Octets.of(data), false, -1);
    }

    /** DATA of {@code length} zero octets, for flow-control tests; longer than 16384 is an oversize frame. */
    static TestFrame.Data dataOfLength(int streamId, int length) {
        return new TestFrame.Data(streamId, Octets.of(new byte[length]), false, -1);
    }

    /** SETTINGS with the given settings in order; add more with {@code with(id, value)}. */
    static TestFrame.Settings settings(Setting... settings) {
        return new TestFrame.Settings(false, List.of(settings));
    }

    static TestFrame.Settings settingsAck() {
        return new TestFrame.Settings(true, List.of());
    }

    /** SETTINGS of raw identifier/value pairs, none checked: for values RFC 9113 §6.5.2 forbids. */
    static Wire rawSettings(long... idsAndValues) {
        if (idsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in identifier/value pairs");
        }
        Payload payload = payload();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            payload.u16((int) idsAndValues[i]).u32((int) idsAndValues[i + 1]);
        }
        return raw(FrameType.SETTINGS.code(), 0, 0, payload.done());
    }

    static TestFrame.Ping ping(long opaqueData) {
        return new TestFrame.Ping(false, opaqueData);
    }

    static TestFrame.Ping pingAck(long opaqueData) {
        return new TestFrame.Ping(true, opaqueData);
    }

    static TestFrame.GoAway goAway(int lastStreamId, ErrorCode errorCode) {
        return new TestFrame.GoAway(lastStreamId, errorCode, Octets.EMPTY);
    }

    /** GOAWAY with the UTF-8 octets of {@code debugData}. */
    static TestFrame.GoAway goAway(int lastStreamId, ErrorCode errorCode, String debugData) {
        return new TestFrame.GoAway(lastStreamId, errorCode, Octets.utf8(debugData));
    }

    static TestFrame.RstStream rstStream(int streamId, ErrorCode errorCode) {
        return new TestFrame.RstStream(streamId, errorCode);
    }

    static TestFrame.WindowUpdate windowUpdate(int streamId, int increment) {
        return new TestFrame.WindowUpdate(streamId, increment);
    }

    /** PRIORITY (RFC 9113 §6.3); {@code weight} is 1 to 256. */
    static TestFrame.Priority priority(int streamId, int streamDependency, int weight, boolean exclusive) {
        return new TestFrame.Priority(streamId, new PrioritySpec(streamDependency, exclusive, weight));
    }

    /** ALTSVC (RFC 7838 §4): an origin on stream 0, an empty origin on another stream. */
    static TestFrame.AltSvc altSvc(int streamId, String origin, String fieldValue) {
        return new TestFrame.AltSvc(streamId, origin, fieldValue);
    }

    /** ORIGIN (RFC 8336 §2) on stream 0. */
    static TestFrame.Origin origin(String... origins) {
        return new TestFrame.Origin(List.of(origins));
    }

    /** PRIORITY_UPDATE (RFC 9218 §7.1) on stream 0. */
    static TestFrame.PriorityUpdate priorityUpdate(int prioritizedStreamId, String priorityFieldValue) {
        return new TestFrame.PriorityUpdate(prioritizedStreamId, priorityFieldValue);
    }

    /** A frame of a type no implemented RFC defines; {@link #raw(int, int, int, byte[])} writes any type. */
    static TestFrame.Unknown unknown(int typeCode, int flags, int streamId, byte[] payload) {
        if (FrameType.of(typeCode) != null) {
            throw new IllegalArgumentException("type 0x" + Integer.toHexString(typeCode) + " is "
                    + FrameType.of(typeCode) + "; use its builder or Frames.raw");
        }
        return new TestFrame.Unknown(typeCode, flags, streamId, Octets.of(payload));
    }

    /** The 24 octets a client sends first, {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n} (RFC 9113 §3.4). */
    static Wire clientPreface() {
        return labelled("CLIENT_PREFACE", CLIENT_PREFACE);
    }

    /** Any octets, in hex (whitespace and underscores separate groups): for malformed input. */
    static Wire raw(String hex) {
        return raw(hex(hex));
    }

    static Wire raw(byte[] octets) {
        return labelled("RAW(" + Octets.of(octets) + ")", octets);
    }

    /** A frame header with the length of {@code payload}, then the payload; nothing is checked. */
    static Wire raw(int typeCode, int flags, int streamId, byte[] payload) {
        return raw(frame(typeCode, flags, streamId, payload));
    }

    static Wire raw(FrameType type, int flags, int streamId, byte[] payload) {
        return raw(type.code(), flags, streamId, payload);
    }

    /** A lone 9-octet frame header claiming {@code length} payload octets, for truncation and size tests. */
    static Wire frameHeader(int length, int typeCode, int flags, int streamId) {
        return raw(payload().u8(length >>> 16).u16(length).u8(typeCode).u8(flags).u32(streamId).done());
    }

    /** The octets of {@code parts} in order, in one buffer for {@code receiveData}. */
    static ByteBuffer concat(Wire... parts) {
        return ByteBuffer.wrap(concatBytes(parts));
    }

    static byte[] concatBytes(Wire... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Wire part : parts) {
            out.writeBytes(part.bytes());
        }
        return out.toByteArray();
    }

    /** The state-free HPACK block of {@code fields}: static-table indices and literals without indexing or Huffman. */
    static byte[] headerBlock(List<HeaderField> fields) {
        return HpackEncoder.builder().indexing(IndexingPolicy.NEVER).huffman(HuffmanPolicy.NEVER).build()
                .encode(fields);
    }

    /** Hex octets; whitespace and underscores separate groups. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s_]", ""));
    }

    static List<HeaderField> requestFields(String method, String scheme, String authority, String path) {
        return List.of(HeaderField.of(":method", method), HeaderField.of(":scheme", scheme),
                HeaderField.of(":authority", authority), HeaderField.of(":path", path));
    }

    /** A path alone, such as {@code /a?b}, is requested from {@code https://example.com}. */
    static List<HeaderField> requestFields(String method, String target) {
        URI uri = URI.create(target.startsWith("/") ? "https://example.com" + target : target);
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("neither a path nor an absolute URI with an authority: " + target);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return requestFields(method, uri.getScheme(), uri.getRawAuthority(), path + query);
    }

    /*
     * RFC 9113 §4.1:
     * | Length (24) | Type (8) | Flags (8) | R (1) | Stream Identifier (31) | Frame Payload (*) |
     * The stream identifier is written as given, so a test may set the reserved bit.
     */
    static byte[] frame(int typeCode, int flags, int streamId, byte[] payload) {
        if (payload.length > 0xffffff) {
            throw new IllegalArgumentException("a frame payload has a 24-bit length, got " + payload.length);
        }
        return payload().u8(payload.length >>> 16).u16(payload.length).u8(typeCode).u8(flags).u32(streamId)
                .bytes(payload).done();
    }

    /** RFC 9113 §6.1: Pad Length?, the fields that follow it, the content, then zero padding. */
    static byte[] padded(int padLength, byte[] fields, byte[] content) {
        Payload payload = payload();
        if (padLength >= 0) {
            payload.u8(padLength);
        }
        payload.bytes(fields).bytes(content);
        if (padLength > 0) {
            payload.bytes(new byte[padLength]);
        }
        return payload.done();
    }

    /** RFC 9113 §6.3: E (1), Stream Dependency (31), Weight (8) holding weight - 1. */
    static byte[] priorityFields(PrioritySpec priority) {
        return payload().u32(priority.streamDependency() | (priority.exclusive() ? 0x80000000 : 0))
                .u8(priority.weight() - 1).done();
    }

    /**
     * HEADERS or PUSH_PROMISE carrying the first fragment (with the pad length, {@code fieldsBeforeBlock}
     * and padding), then one CONTINUATION per further fragment; END_HEADERS on the last if asked.
     */
    static byte[] fieldBlockFrames(int typeCode, int firstFlags, int streamId, byte[] fieldsBeforeBlock,
            int padLength, byte[] block, TestFrame.Fragmenting fragmenting, boolean endHeaders) {
        int firstFrameFields = fieldsBeforeBlock.length + (padLength >= 0 ? 1 + padLength : 0);
        int[] lengths = fragmenting.lengths(block.length, firstFrameFields);
        Payload out = payload();
        int offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            byte[] fragment = Arrays.copyOfRange(block, offset, offset + lengths[i]);
            offset += lengths[i];
            int flags = endHeaders && i == lengths.length - 1 ? END_HEADERS : 0;
            if (i == 0) {
                flags |= firstFlags | (padLength >= 0 ? PADDED : 0);
                out.bytes(frame(typeCode, flags, streamId, padded(padLength, fieldsBeforeBlock, fragment)));
            } else {
                out.bytes(frame(FrameType.CONTINUATION.code(), flags, streamId, fragment));
            }
        }
        return out.done();
    }

    static Wire labelled(String label, byte[] octets) {
        return new Labelled(label, Octets.of(octets));
    }

    static Payload payload() {
        return new Payload();
    }

    /** Big-endian octets appended in order. */
    static final class Payload {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Payload u8(int value) {
            out.write(value);
            return this;
        }

        Payload u16(int value) {
            return u8(value >>> 8).u8(value);
        }

        Payload u32(int value) {
            return u16(value >>> 16).u16(value);
        }

        Payload u64(long value) {
            return u32((int) (value >>> 32)).u32((int) value);
        }

        Payload bytes(byte[] octets) {
            out.writeBytes(octets);
            return this;
        }

        /** ISO-8859-1: one octet per char, as the frame records hold text. */
        Payload text(String text) {
            return bytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        byte[] done() {
            return out.toByteArray();
        }
    }

    /** Octets that are not one frame value; the label is what a failed assertion prints. */
    private record Labelled(String label, Octets octets) implements Wire {

        @Override
        public byte[] bytes() {
            return octets.toByteArray();
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
