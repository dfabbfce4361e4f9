package dev.h2j.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.h2j.Headers;
import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameWriter;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.IndexingPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The seed inputs of the byte-oriented fuzz targets, built from real frames and real header blocks, and
 * committed as {@code seed-*} files in each target's Jazzer inputs directory
 * ({@code src/test/resources/dev/h2j/fuzz/<Target>Inputs/<method>/}). {@link SeedCorpusTest} fails when
 * a committed seed differs from what is built here, and rewrites them when asked.
 *
 * <p>Each seed starts with the target's configuration octet (see the target's layout); the comments say
 * what it picks. The HPACK seeds are header blocks of the public hpack-test-case corpus, encoded by
 * several other implementations.
 */
final class SeedCorpus {

    /**
     * One seed file.
     *
     * @param target the fuzz test class
     * @param name the file name, {@code seed-...}
     * @param octets the content
     */
    record Seed(Class<?> target, String name, byte[] octets) {
        Path path(Path testResources) {
            String method = switch (target.getSimpleName()) {
                case "FrameParserFuzzTest" -> "parsesAlikeHoweverSplit";
                case "HpackDecoderFuzzTest" -> "decodesBlocksInOrder";
                case "ServerReceiveFuzzTest" -> "anyOctetsAfterTheClientPreface";
                case "ClientReceiveFuzzTest" -> "anyOctetsAfterTheServerPreface";
                default -> throw new IllegalArgumentException(target.getName());
            };
            return testResources.resolve("dev/h2j/fuzz").resolve(target.getSimpleName() + "Inputs").resolve(method)
                    .resolve(name);
        }
    }

    private SeedCorpus() {
    }

    /** Every seed, built afresh. */
    static List<Seed> all(Path hpackTestCase) {
        List<Seed> seeds = new ArrayList<>();
        seeds.addAll(frameParser());
        seeds.addAll(hpackDecoder(hpackTestCase));
        seeds.addAll(server());
        seeds.addAll(client());
        return seeds;
    }

    // ---- FrameParserFuzzTest: octet 0 is (chunk - 1) << 2 | max frame size index ----

    private static List<Seed> frameParser() {
        byte[] everyType = everyFrameType();
        FrameBuffer large = new FrameBuffer();
        new FrameWriter().writeSettings(List.of(new Setting(SettingId.MAX_FRAME_SIZE, 65_536)), large);
        FrameWriter writer = new FrameWriter();
        writer.setMaxFrameSize(65_536);
        writer.writeData(1, ByteBuffer.allocate(3000), true, -1, large);
        return List.of(
                // 16384-octet frames, fed one octet at a time.
                new Seed(FrameParserFuzzTest.class, "seed-every-frame-type-octet-by-octet", concat(0x00, everyType)),
                // 16384-octet frames, fed in 64-octet chunks.
                new Seed(FrameParserFuzzTest.class, "seed-every-frame-type-in-chunks", concat(63 << 2, everyType)),
                // 65536-octet frames, 7-octet chunks: a DATA frame above the initial maximum.
                new Seed(FrameParserFuzzTest.class, "seed-frame-above-16384", concat(6 << 2 | 2, large.toByteArray())));
    }

    /** One frame of every type RFC 9113, RFC 7838, RFC 8336 and RFC 9218 define, and an unknown one. */
    private static byte[] everyFrameType() {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        HpackEncoder encoder = new HpackEncoder();
        w.writeSettings(List.of(new Setting(SettingId.HEADER_TABLE_SIZE, 4096),
                new Setting(SettingId.ENABLE_PUSH, 0), new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100),
                new Setting(SettingId.INITIAL_WINDOW_SIZE, 65_535), new Setting(SettingId.MAX_FRAME_SIZE, 16_384),
                new Setting(SettingId.MAX_HEADER_LIST_SIZE, 65_536)), out);
        w.writeSettingsAck(out);
        w.writeHeaders(1, block(encoder, get("/")), false, new PrioritySpec(0, true, 16), 4, out);
        w.writeData(1, ascii("hello"), true, 3, out);
        w.write(new HeadersFrame(3, block(encoder, get("/split")), true, false, Optional.empty(), -1), out);
        w.write(new ContinuationFrame(3, ascii(""), false), out);
        w.write(new ContinuationFrame(3, block(encoder, List.of(HeaderField.of("accept", "*/*"))), true), out);
        w.writePushPromise(1, 2, block(encoder, get("/pushed")), -1, out);
        w.writePriority(5, new PrioritySpec(3, false, 200), out);
        w.writeRstStream(3, ErrorCode.CANCEL, out);
        w.writePing(false, 0x0102030405060708L, out);
        w.writePing(true, 0x0102030405060708L, out);
        w.writeWindowUpdate(0, 1 << 20, out);
        w.writeWindowUpdate(1, 1000, out);
        w.writeAltSvc(0, "https://example.com", "h2=\":443\"", out);
        w.writeAltSvc(1, "", "h2=\"alt.example.com:443\"", out);
        w.writeOrigin(List.of("https://example.com", "https://www.example.com"), out);
        w.writePriorityUpdate(1, "u=1, i", out);
        w.writeUnknown(0x42, 0x0f, 7, ascii("extension"), out);
        w.writeGoAway(3, ErrorCode.NO_ERROR, ascii("bye"), out);
        return out.toByteArray();
    }

    // ---- HpackDecoderFuzzTest: octet 0 is budget index << 3 | table size index ----

    /** The first blocks of one story from each encoder in hpack-test-case, and an HPACK bomb. */
    private static List<Seed> hpackDecoder(Path hpackTestCase) {
        List<Seed> seeds = new ArrayList<>();
        for (String story : List.of("nghttp2/story_00", "go-hpack/story_01", "python-hpack/story_02",
                "haskell-http2-linear-huffman/story_03", "nghttp2-change-table-size/story_04")) {
            seeds.add(new Seed(HpackDecoderFuzzTest.class, "seed-" + story.replace('/', '-'),
                    blocksOf(hpackTestCase.resolve(story + ".json"))));
        }
        seeds.add(new Seed(HpackDecoderFuzzTest.class, "seed-bomb", hpackBomb()));
        return seeds;
    }

    /**
     * A story's blocks in order, up to about 3 KiB, in the target's layout: table size 4096, a 16 KiB
     * budget, and the story's {@code header_table_size} changes as table size flags.
     */
    private static byte[] blocksOf(Path story) {
        JsonNode cases;
        try {
            cases = new ObjectMapper().readTree(story.toFile()).get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        int tableSize = 4096;
        for (JsonNode c : cases) {
            byte[] wire = HexFormat.of().parseHex(c.get("wire").asText());
            if (out.size() + 3 + wire.length > 3072) {
                break;
            }
            int flags = 0;
            if (c.has("header_table_size") && c.get("header_table_size").asInt() != tableSize) {
                tableSize = c.get("header_table_size").asInt();
                flags = 1 | indexOf(HpackDecoderFuzzTest.TABLE_SIZES, tableSize) << 1;
            }
            out.write(flags);
            out.write(wire.length >>> 8);
            out.write(wire.length);
            out.writeBytes(wire);
        }
        return out.toByteArray();
    }

    /** CVE-2016-6581: one large table entry, then a block of one-octet references to it, over a 100-octet budget. */
    private static byte[] hpackBomb() {
        HpackEncoder encoder = HpackEncoder.builder().indexing(IndexingPolicy.ALWAYS).build();
        byte[] entry = encoder.encode(List.of(HeaderField.of("x-bomb", "b".repeat(3000))));
        byte[] references = encoder.encode(Collections.nCopies(200, HeaderField.of("x-bomb", "b".repeat(3000))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2 << 3);
        for (byte[] block : List.of(entry, references)) {
            out.write(0);
            out.write(block.length >>> 8);
            out.write(block.length);
            out.writeBytes(block);
        }
        return out.toByteArray();
    }

    // ---- ServerReceiveFuzzTest: octet 0 is the Setup choice; then what follows the client preface ----

    private static List<Seed> server() {
        return List.of(
                // Defaults, fed whole.
                new Seed(ServerReceiveFuzzTest.class, "seed-get", concat(0x00, clientGet())),
                new Seed(ServerReceiveFuzzTest.class, "seed-post-and-control-frames", concat(0x00, clientPostAndControl())),
                // Defaults, one octet at a time, drained after each.
                new Seed(ServerReceiveFuzzTest.class, "seed-continuation-octet-by-octet", concat(0x50, clientContinuation())),
                // Small limits: more streams than the 3 allowed, more PINGs than the 16 answers allowed.
                new Seed(ServerReceiveFuzzTest.class, "seed-streams-over-limit", concat(0x01, clientStreams(6))),
                new Seed(ServerReceiveFuzzTest.class, "seed-ping-flood", concat(0x01, pings(20))),
                // Large limits, validation off, 7-octet chunks.
                new Seed(ServerReceiveFuzzTest.class, "seed-settings-and-odd-fields", concat(0x27, clientSettingsAndOddFields())));
    }

    private static byte[] clientGet() {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        w.writeSettingsAck(out);
        w.writeHeaders(1, block(new HpackEncoder(), get("/")), true, -1, out);
        return out.toByteArray();
    }

    private static byte[] clientPostAndControl() {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        HpackEncoder encoder = new HpackEncoder();
        w.writeSettingsAck(out);
        w.writeHeaders(1, block(encoder, Headers.request("POST", "https", "example.com", "/form")
                .add("content-length", "5").build()), false, -1, out);
        w.writeData(1, ascii("hel"), false, -1, out);
        w.writeData(1, ascii("lo"), true, 10, out);
        w.writeHeaders(3, block(encoder, get("/next")), true, new PrioritySpec(1, false, 32), -1, out);
        w.writePriority(5, new PrioritySpec(3, true, 1), out);
        w.writeWindowUpdate(0, 100_000, out);
        w.writeWindowUpdate(1, 10, out);
        w.writePing(false, 42, out);
        w.writeRstStream(3, ErrorCode.CANCEL, out);
        w.writePriorityUpdate(3, "u=1", out);
        w.writeUnknown(0x42, 0, 0, ascii("extension"), out);
        w.writeGoAway(0, ErrorCode.NO_ERROR, ascii(""), out);
        return out.toByteArray();
    }

    private static byte[] clientContinuation() {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        ByteBuffer block = block(new HpackEncoder(), Headers.request("POST", "https", "example.com", "/upload")
                .add("user-agent", "h2j-fuzz").add("cookie", "a=b").add("cookie", "c=d").build());
        int third = block.remaining() / 3;
        w.write(new HeadersFrame(1, block.slice(0, third), false, false, Optional.empty(), 2), out);
        w.write(new ContinuationFrame(1, block.slice(third, third), false), out);
        w.write(new ContinuationFrame(1, block.slice(2 * third, block.remaining() - 2 * third), true), out);
        w.writeData(1, ascii("body"), true, 0, out);
        return out.toByteArray();
    }

    private static byte[] clientStreams(int count) {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        HpackEncoder encoder = new HpackEncoder();
        for (int i = 0; i < count; i++) {
            w.writeHeaders(1 + 2 * i, block(encoder, get("/" + i)), false, -1, out);
        }
        return out.toByteArray();
    }

    private static byte[] pings(int count) {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        for (int i = 0; i < count; i++) {
            w.writePing(false, i, out);
        }
        return out.toByteArray();
    }

    private static byte[] clientSettingsAndOddFields() {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        w.writeSettings(List.of(new Setting(SettingId.HEADER_TABLE_SIZE, 0), new Setting(SettingId.ENABLE_PUSH, 1),
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, 0), new Setting(SettingId.INITIAL_WINDOW_SIZE, 0),
                new Setting(SettingId.MAX_FRAME_SIZE, 16_777_215), new Setting(SettingId.MAX_HEADER_LIST_SIZE, 100),
                new Setting(SettingId.ENABLE_CONNECT_PROTOCOL, 1), new Setting(SettingId.NO_RFC7540_PRIORITIES, 1),
                new Setting(SettingId.of(0x7777), 7)), out);
        w.writeSettingsAck(out);
        w.writeHeaders(1, block(new HpackEncoder(), Headers.request("GET", "https", "example.com", "/")
                .add("Upper-Case", "v").add("connection", "close").add("te", "gzip").build()), false, -1, out);
        w.writeData(1, ascii("x".repeat(300)), true, -1, out);
        return out.toByteArray();
    }

    // ---- ClientReceiveFuzzTest: octet 0 is the Setup choice; then what follows the server's SETTINGS ----

    private static List<Seed> client() {
        return List.of(
                // Defaults, fed whole.
                new Seed(ClientReceiveFuzzTest.class, "seed-responses", concat(0x00, serverResponses())),
                // Push accepted.
                new Seed(ClientReceiveFuzzTest.class, "seed-push", concat(0x08, serverPush())),
                // No limits to speak of (one self-queued answer): promises refused before our ENABLE_PUSH 0 is
                // acknowledged, each answered with RST_STREAM.
                new Seed(ClientReceiveFuzzTest.class, "seed-push-promises-before-settings-ack", concat(0x02, serverPromises(30))),
                // Defaults, 7-octet chunks, drained after each.
                new Seed(ClientReceiveFuzzTest.class, "seed-responses-in-chunks", concat(0x60, serverResponses())));
    }

    private static byte[] serverResponses() {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        HpackEncoder encoder = new HpackEncoder();
        w.writeSettingsAck(out);
        w.writeHeaders(1, block(encoder, Headers.response(200).add("content-type", "text/plain").build()), false, -1, out);
        w.writeData(1, ascii("hi"), true, -1, out);
        w.writeHeaders(3, block(encoder, Headers.response(103).add("link", "</style.css>").build()), false, -1, out);
        w.writeHeaders(3, block(encoder, Headers.response(200).add("content-length", "4").build()), false, -1, out);
        w.writeData(3, ascii("done"), false, 1, out);
        w.writeHeaders(3, block(encoder, Headers.trailers().add("grpc-status", "0").build()), true, -1, out);
        w.writeRstStream(5, ErrorCode.REFUSED_STREAM, out);
        w.writeWindowUpdate(0, 1000, out);
        w.writePing(false, 7, out);
        w.writeAltSvc(0, "https://example.com", "h2=\":8443\"", out);
        w.writeOrigin(List.of("https://example.com"), out);
        w.writeGoAway(5, ErrorCode.NO_ERROR, ascii(""), out);
        return out.toByteArray();
    }

    private static byte[] serverPush() {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        HpackEncoder encoder = new HpackEncoder();
        w.writeSettingsAck(out);
        w.writePushPromise(1, 2, block(encoder, get("/style.css")), -1, out);
        w.writeHeaders(2, block(encoder, Headers.response(200).build()), false, -1, out);
        w.writeData(2, ascii("body{}"), true, -1, out);
        w.writeHeaders(1, block(encoder, Headers.response(200).build()), true, -1, out);
        return out.toByteArray();
    }

    private static byte[] serverPromises(int count) {
        FrameWriter w = new FrameWriter();
        FrameBuffer out = new FrameBuffer();
        HpackEncoder encoder = new HpackEncoder();
        for (int i = 1; i <= count; i++) {
            w.writePushPromise(1, 2 * i, block(encoder, get("/pushed/" + i)), -1, out);
        }
        return out.toByteArray();
    }

    // ---- building blocks ----

    private static List<HeaderField> get(String path) {
        return Headers.request("GET", "https", "example.com", path).build();
    }

    private static ByteBuffer block(HpackEncoder encoder, List<HeaderField> fields) {
        return ByteBuffer.wrap(encoder.encode(fields));
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(int first, byte[] rest) {
        byte[] all = new byte[1 + rest.length];
        all[0] = (byte) first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException(value + " is not one of the target's table sizes");
    }
}
