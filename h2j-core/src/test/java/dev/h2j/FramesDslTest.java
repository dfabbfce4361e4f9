package dev.h2j;

import static dev.h2j.frame.ErrorCode.CANCEL;
import static dev.h2j.frame.ErrorCode.ENHANCE_YOUR_CALM;
import static dev.h2j.frame.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.h2j.frame.ErrorCode.NO_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.SettingId.INITIAL_WINDOW_SIZE;
import static dev.h2j.frame.SettingId.MAX_CONCURRENT_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.frame.ContinuationFrame;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameFormatException;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.FrameWriter;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/** The frame-builder DSL: its bytes are the frames it claims, by hand, by the codec writer and through {@link Peer}. */
class FramesDslTest {

    private static final TestFrame.Headers GET = Frames.headers(1).request("GET", "https", "example.com", "/");

    // A header block longer than one default-size frame, so the default cut needs CONTINUATIONs.
    private static final TestFrame.Headers LARGE = Frames.headers(3).response(200).field("x-large", "v".repeat(40_000));

    static Stream<TestFrame> everyBuilder() {
        return Stream.of(
                Frames.data(1, "hello"),
                Frames.data(1, "hello").endStream(),
                Frames.data(1, "").endStream(),
                Frames.data(3, new byte[] {0, 1, (byte) 0xff}).padded(0),
                Frames.data(3, "padded").padded(255).endStream(),
                Frames.dataOfLength(5, 16384),
                GET,
                GET.endStream(),
                Frames.headers(1).request("POST", "https://example.com:8443/a/b?c=d"),
                Frames.headers(1).response(200).field("content-type", "text/plain").endStream(),
                Frames.headers(1).field(HeaderField.sensitive("authorization", "secret")),
                Frames.headers(1),
                GET.priority(0, 1, false),
                GET.priority(3, 256, true).padded(7).endStream(),
                GET.padded(0),
                GET.continuations(1),
                GET.continuations(3).padded(2).priority(1, 16, false),
                GET.continuations(40),
                GET.maxFragment(1),
                GET.maxFragment(5).endStream(),
                LARGE,
                LARGE.padded(255).priority(1, 8, true),
                Frames.priority(3, 1, 32, true),
                Frames.priority(3, 0x7fffffff, 256, false),
                Frames.rstStream(1, CANCEL),
                Frames.rstStream(1, ErrorCode.of(0xabcdef)),
                Frames.settings(),
                Frames.settings(new Setting(MAX_CONCURRENT_STREAMS, 100), new Setting(INITIAL_WINDOW_SIZE, 0)),
                Frames.settings().with(INITIAL_WINDOW_SIZE, 0x7fffffff).with(MAX_CONCURRENT_STREAMS, 0xffffffffL),
                Frames.settingsAck(),
                Frames.pushPromise(1, 2).request("GET", "https", "example.com", "/style.css"),
                Frames.pushPromise(1, 4).request("GET", "https://example.com/").padded(3).continuations(2),
                Frames.pushPromise(1, 6).request("GET", "https://example.com/").maxFragment(4),
                Frames.ping(0),
                Frames.ping(0x0102030405060708L),
                Frames.pingAck(-1L),
                Frames.goAway(0, NO_ERROR),
                Frames.goAway(7, ENHANCE_YOUR_CALM, "too many resets"),
                Frames.goAway(0x7fffffff, ErrorCode.of(0xff), "\u00ff binary"),
                Frames.windowUpdate(0, 1),
                Frames.windowUpdate(5, 0x7fffffff),
                Frames.altSvc(0, "https://example.com", "h2=\":8443\""),
                Frames.altSvc(1, "", "clear"),
                Frames.origin("https://example.com", "https://example.org"),
                Frames.origin(),
                Frames.priorityUpdate(1, "u=3, i"),
                Frames.unknown(0xff, 0xab, 7, Frames.hex("cafe")),
                Frames.unknown(0x20, 0, 0, new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("everyBuilder")
    void bytesReadBackAsTheFrameTheyDescribe(TestFrame frame) {
        Peer peer = Peer.readingFromServer();

        assertThat(peer.read(frame.buffer())).containsExactly(frame);
        assertThat(peer.atFrameBoundary()).isTrue();
    }

    static Stream<Arguments> codecEquivalents() {
        byte[] getBlock = Frames.headerBlock(GET.fields());
        byte[] largeBlock = Frames.headerBlock(LARGE.fields());
        byte[] promiseBlock = Frames.headerBlock(Frames.requestFields("GET", "https", "example.com", "/style.css"));
        return Stream.of(
                codec(Frames.data(1, "hello").endStream().padded(3),
                        (w, out) -> w.writeData(1, ascii("hello"), true, 3, out)),
                codec(GET.endStream(), (w, out) -> w.writeHeaders(1, ByteBuffer.wrap(getBlock), true, -1, out)),
                codec(GET.priority(3, 16, true).padded(2),
                        (w, out) -> w.writeHeaders(1, ByteBuffer.wrap(getBlock), false, new PrioritySpec(3, true, 16),
                                2, out)),
                codec(LARGE, (w, out) -> w.writeHeaders(3, ByteBuffer.wrap(largeBlock), false, -1, out)),
                codec(LARGE.padded(255).priority(1, 8, true),
                        (w, out) -> w.writeHeaders(3, ByteBuffer.wrap(largeBlock), false, new PrioritySpec(1, true, 8),
                                255, out)),
                codec(Frames.pushPromise(1, 2).request("GET", "https", "example.com", "/style.css").padded(1),
                        (w, out) -> w.writePushPromise(1, 2, ByteBuffer.wrap(promiseBlock), 1, out)),
                codec(Frames.continuation(1).fragment(getBlock).endHeaders(),
                        (w, out) -> w.write(new ContinuationFrame(1, ByteBuffer.wrap(getBlock), true), out)),
                codec(Frames.priority(3, 1, 32, true),
                        (w, out) -> w.writePriority(3, new PrioritySpec(1, true, 32), out)),
                codec(Frames.rstStream(1, CANCEL), (w, out) -> w.writeRstStream(1, CANCEL, out)),
                codec(Frames.settings(new Setting(MAX_CONCURRENT_STREAMS, 100)).with(INITIAL_WINDOW_SIZE, 65535),
                        (w, out) -> w.writeSettings(List.of(new Setting(MAX_CONCURRENT_STREAMS, 100),
                                new Setting(INITIAL_WINDOW_SIZE, 65535)), out)),
                codec(Frames.settingsAck(), (w, out) -> w.writeSettingsAck(out)),
                codec(Frames.ping(42), (w, out) -> w.writePing(false, 42, out)),
                codec(Frames.pingAck(42), (w, out) -> w.writePing(true, 42, out)),
                codec(Frames.goAway(5, PROTOCOL_ERROR, "bad"),
                        (w, out) -> w.writeGoAway(5, PROTOCOL_ERROR, ascii("bad"), out)),
                codec(Frames.windowUpdate(0, 1024), (w, out) -> w.writeWindowUpdate(0, 1024, out)),
                codec(Frames.altSvc(0, "https://a.example", "h3=\":443\""),
                        (w, out) -> w.writeAltSvc(0, "https://a.example", "h3=\":443\"", out)),
                codec(Frames.origin("https://a.example", "https://b.example"),
                        (w, out) -> w.writeOrigin(List.of("https://a.example", "https://b.example"), out)),
                codec(Frames.priorityUpdate(9, "u=1"), (w, out) -> w.writePriorityUpdate(9, "u=1", out)),
                codec(Frames.unknown(0xee, 0x03, 1, Frames.hex("0102")),
                        (w, out) -> w.writeUnknown(0xee, 0x03, 1, ByteBuffer.wrap(Frames.hex("0102")), out)));
    }

    /** The DSL encodes frames on its own; the codec's writer, tested byte by byte elsewhere, must agree. */
    @ParameterizedTest
    @MethodSource("codecEquivalents")
    void bytesAreWhatTheCodecWriterWrites(TestFrame frame, BiConsumer<FrameWriter, FrameBuffer> codec) {
        FrameBuffer out = new FrameBuffer();
        codec.accept(new FrameWriter(), out);

        WireAssertions.assertWire(out.toByteArray(), frame);
    }

    @Test
    void settingsAckIsAnEmptySettingsFrameWithTheAckFlag() {
        assertThat(Frames.settingsAck().bytes()).isEqualTo(Frames.hex(
                "000000" // length 0
                + "04" // type SETTINGS
                + "01" // flags ACK
                + "00000000")); // stream 0
    }

    @Test
    void settingsAreIdentifierValuePairsInOrder() {
        TestFrame frame = Frames.settings(new Setting(MAX_CONCURRENT_STREAMS, 100)).with(INITIAL_WINDOW_SIZE, 0);

        assertThat(frame.bytes()).isEqualTo(Frames.hex(
                "00000c 04 00 00000000" // length 12, SETTINGS, no flags, stream 0
                + "0003 00000064" // MAX_CONCURRENT_STREAMS = 100
                + "0004 00000000")); // INITIAL_WINDOW_SIZE = 0
    }

    @Test
    void pingCarriesEightOpaqueOctets() {
        assertThat(Frames.ping(0x0102030405060708L).bytes()).isEqualTo(Frames.hex(
                "000008 06 00 00000000" // length 8, PING, no flags, stream 0
                + "0102030405060708"));
        assertThat(Frames.pingAck(1).bytes()).isEqualTo(Frames.hex(
                "000008 06 01 00000000" // flags ACK
                + "0000000000000001"));
    }

    @Test
    void goAwayCarriesLastStreamCodeAndDebugData() {
        assertThat(Frames.goAway(1, PROTOCOL_ERROR, "hi").bytes()).isEqualTo(Frames.hex(
                "00000a 07 00 00000000" // length 4 + 4 + 2, GOAWAY, stream 0
                + "00000001" // last stream 1
                + "00000001" // PROTOCOL_ERROR
                + "6869")); // "hi"
    }

    @Test
    void rstStreamAndWindowUpdateCarryFourOctets() {
        assertThat(Frames.rstStream(1, CANCEL).bytes()).isEqualTo(Frames.hex(
                "000004 03 00 00000001" // length 4, RST_STREAM, stream 1
                + "00000008")); // CANCEL
        assertThat(Frames.windowUpdate(0, 1024).bytes()).isEqualTo(Frames.hex(
                "000004 08 00 00000000" // length 4, WINDOW_UPDATE, stream 0
                + "00000400")); // increment 1024
    }

    @Test
    void paddedDataEndsWithZeroOctets() {
        assertThat(Frames.data(1, "hello").padded(2).endStream().bytes()).isEqualTo(Frames.hex(
                "000008 00 09 00000001" // length 1 + 5 + 2, DATA, PADDED | END_STREAM, stream 1
                + "02" // pad length 2
                + "68656c6c6f" // "hello"
                + "0000")); // padding
    }

    @Test
    void requestFieldsAreStaticIndicesOrLiteralsWithoutIndexing() {
        assertThat(GET.endStream().bytes()).isEqualTo(Frames.hex(
                "000010 01 05 00000001" // length 16, HEADERS, END_HEADERS | END_STREAM, stream 1
                + "82" // RFC 7541 §6.1 indexed field 2, :method: GET
                + "87" // indexed field 7, :scheme: https
                + "01" // §6.2.2 literal without indexing, name index 1 (:authority)
                + "0b" // value: not Huffman, length 11
                + "6578616d706c652e636f6d" // "example.com"
                + "84")); // indexed field 4, :path: /
    }

    @Test
    void newNamesAreLiteralsAndSensitiveFieldsAreNeverIndexed() {
        TestFrame frame = Frames.headers(3).response(200)
                .field("content-type", "text/plain")
                .field("x-a", "b")
                .field(HeaderField.sensitive("x-a", "c"));

        assertThat(frame.bytes()).isEqualTo(Frames.hex(
                "00001c 01 04 00000003" // length 28, HEADERS, END_HEADERS, stream 3
                + "88" // indexed field 8, :status: 200
                + "0f10" // literal without indexing, name index 15 + 16 = 31 (content-type)
                + "0a 746578742f706c61696e" // value length 10, "text/plain"
                + "00" // literal without indexing, new name
                + "03 782d61" // name length 3, "x-a"
                + "01 62" // value length 1, "b"
                + "10" // RFC 7541 §6.2.3 literal never indexed, new name
                + "03 782d61 01 63")); // "x-a", "c"
    }

    @Test
    void priorityAndPaddingPrecedeTheFragment() {
        assertThat(Frames.headers(5).response(204).priority(3, 16, true).padded(1).bytes()).isEqualTo(Frames.hex(
                "000008 01 2c 00000005" // length 1 + 5 + 1 + 1, HEADERS, PRIORITY | PADDED | END_HEADERS
                + "01" // pad length 1
                + "80000003" // exclusive, depends on stream 3
                + "0f" // weight 16 - 1
                + "89" // indexed field 9, :status: 204
                + "00")); // padding
        assertThat(Frames.priority(3, 1, 32, false).bytes()).isEqualTo(Frames.hex(
                "000005 02 00 00000003" // length 5, PRIORITY, stream 3
                + "00000001 1f")); // not exclusive, depends on 1, weight 32 - 1
    }

    @Test
    void continuationsCutTheBlockEvenly() {
        assertThat(GET.continuations(2).bytes()).isEqualTo(Frames.hex(
                "000006 01 00 00000001 82 87 01 0b 6578" // HEADERS, no END_HEADERS, 6 octets
                + "000005 09 00 00000001 616d706c65" // CONTINUATION, 5 octets
                + "000005 09 04 00000001 2e636f6d 84")); // CONTINUATION, END_HEADERS, last 5 octets
    }

    @Test
    void maxFragmentCutsFromTheFront() {
        assertThat(GET.maxFragment(10).endStream().bytes()).isEqualTo(Frames.hex(
                "00000a 01 01 00000001 82 87 01 0b 6578616d706c" // HEADERS, END_STREAM only, 10 octets
                + "000006 09 04 00000001 652e636f6d 84")); // CONTINUATION, END_HEADERS, 6 octets
    }

    @Test
    void fragmentLengthsSpreadEvenlyOrFillFromTheFront() {
        assertThat(TestFrame.Fragmenting.into(3).lengths(11, 0)).containsExactly(4, 4, 3);
        assertThat(TestFrame.Fragmenting.into(4).lengths(6, 0)).containsExactly(2, 2, 1, 1);
        assertThat(TestFrame.Fragmenting.into(3).lengths(1, 0)).containsExactly(1, 0, 0);
        assertThat(TestFrame.Fragmenting.every(4).lengths(9, 0)).containsExactly(4, 4, 1);
        assertThat(TestFrame.Fragmenting.every(4).lengths(0, 0)).containsExactly(0);
        // The first frame also holds the pad length, padding and priority fields (here 6 octets).
        assertThat(TestFrame.Fragmenting.DEFAULT.lengths(40_000, 6)).containsExactly(16378, 16384, 7238);
        assertThatThrownBy(() -> GET.continuations(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GET.maxFragment(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultCutFillsFramesUpToTheDefaultMaxFrameSize() {
        byte[] wire = LARGE.bytes();

        // 9-octet header, then a payload of exactly 16384 with neither END_STREAM nor END_HEADERS
        assertThat(Frames.hex("004000 01 00 00000003")).isEqualTo(Arrays.copyOf(wire, 9));
        assertThat(wire.length).isEqualTo(Frames.headerBlock(LARGE.fields()).length + 3 * 9);
    }

    @Test
    void openBlockIsCompletedByContinuationsOfMoreFields() {
        Wire open = GET.withoutEndHeaders();
        TestFrame last = Frames.continuation(1).field("accept", "*/*").endHeaders();

        assertThat(open.bytes()).isEqualTo(Frames.hex(
                "000010 01 00 00000001 82 87 01 0b 6578616d706c652e636f6d 84")); // END_HEADERS cleared
        assertThat(last.bytes()).isEqualTo(Frames.hex(
                "000006 09 04 00000001" // length 6, CONTINUATION, END_HEADERS, stream 1
                + "0f04 03 2a2f2a")); // literal without indexing, name index 15 + 4 = 19 (accept), "*/*"
        assertThat(Peer.readingFromServer().read(Frames.concat(open, last)))
                .containsExactly(GET.field("accept", "*/*"));
    }

    @Test
    void pushPromiseCarriesThePromisedStreamBeforeTheFragment() {
        assertThat(Frames.pushPromise(1, 2).request("GET", "https", "a.b", "/").bytes()).isEqualTo(Frames.hex(
                "00000c 05 04 00000001" // length 12, PUSH_PROMISE, END_HEADERS, stream 1
                + "00000002" // promised stream 2
                + "82 87 01 03 612e62 84")); // :method GET, :scheme https, :authority a.b, :path /
    }

    @Test
    void extensionFramesFollowTheirRfcLayouts() {
        assertThat(Frames.altSvc(0, "a.b", "h2").bytes()).isEqualTo(Frames.hex(
                "000007 0a 00 00000000" // length 7, ALTSVC, stream 0
                + "0003 612e62" // RFC 7838 §4: Origin-Len 3, "a.b"
                + "6832")); // field value "h2"
        assertThat(Frames.origin("a", "bc").bytes()).isEqualTo(Frames.hex(
                "000007 0c 00 00000000" // length 7, ORIGIN, stream 0
                + "0001 61 0002 6263")); // RFC 8336 §2: two Origin-Entries
        assertThat(Frames.priorityUpdate(5, "u=0").bytes()).isEqualTo(Frames.hex(
                "000007 10 00 00000000" // length 7, PRIORITY_UPDATE, stream 0
                + "00000005 753d30")); // RFC 9218 §7.1: prioritized stream 5, "u=0"
        assertThat(Frames.unknown(0xfa, 0x81, 3, Frames.hex("ff")).bytes()).isEqualTo(Frames.hex(
                "000001 fa 81 00000003 ff")); // type and flags as given
    }

    @Test
    void clientPrefaceIsTheTwentyFourMagicOctets() {
        assertThat(Frames.clientPreface().bytes()).isEqualTo(Frames.hex(
                "505249202a20485454502f322e30" // "PRI * HTTP/2.0"
                + "0d0a0d0a" // CRLF CRLF
                + "534d" // "SM"
                + "0d0a0d0a")); // CRLF CRLF
        assertThat(Frames.clientPreface().buffer()).isEqualTo(FrameParser.clientPreface());
    }

    @Test
    void rawOctetsAreSentAsGiven() {
        assertThat(Frames.raw("00 01_02").bytes()).isEqualTo(new byte[] {0, 1, 2});
        assertThat(Frames.raw(FrameType.PING, 0, 1, new byte[2]).bytes())
                .isEqualTo(Frames.hex("000002 06 00 00000001 0000"));
        assertThat(Frames.frameHeader(0x123456, 0, 1, 0x80000001).bytes())
                .isEqualTo(Frames.hex("123456 00 01 80000001")); // reserved bit set
        assertThat(Frames.rawSettings(0x5, 0, 0xabcd, 0xffffffffL).bytes()).isEqualTo(Frames.hex(
                "00000c 04 00 00000000 0005 00000000 abcd ffffffff"));
    }

    @Test
    void concatJoinsOctetsInOrder() {
        ByteBuffer joined = Frames.concat(Frames.clientPreface(), Frames.settings(), Frames.ping(1));

        assertThat(joined.position()).isZero();
        assertThat(joined.remaining()).isEqualTo(24 + 9 + 17);
        assertThat(Frames.concatBytes(Frames.settings(), Frames.raw("ff")))
                .isEqualTo(Frames.hex("000000 04 00 00000000 ff"));
    }

    @Test
    void brokenFramesAreSentAsBuiltForTheCodecToReject() {
        assertThat(rejection(Frames.data(0, "x"))).isEqualTo("connection PROTOCOL_ERROR");
        assertThat(rejection(Frames.windowUpdate(1, 0))).isEqualTo("stream PROTOCOL_ERROR");
        assertThat(rejection(Frames.rawSettings(0x4, 0x80000000L))).isEqualTo("connection FLOW_CONTROL_ERROR");
        assertThat(rejection(Frames.settingsAck().with(INITIAL_WINDOW_SIZE, 1)))
                .isEqualTo("connection FRAME_SIZE_ERROR");
        assertThat(rejection(Frames.continuation(1).endHeaders())).isEqualTo("connection PROTOCOL_ERROR");
        assertThat(rejection(Frames.dataOfLength(1, 16385))).isEqualTo("stream FRAME_SIZE_ERROR");
    }

    @Test
    void equalityIgnoresHowTheBlockIsCut() {
        assertThat(GET.continuations(3)).isEqualTo(GET).hasSameHashCodeAs(GET);
        assertThat(GET.maxFragment(1)).isEqualTo(GET);
        assertThat(GET.continuations(3).bytes()).isNotEqualTo(GET.bytes());
        assertThat(Frames.pushPromise(1, 2).field("a", "b").continuations(1))
                .isEqualTo(Frames.pushPromise(1, 2).field("a", "b"));
    }

    @Test
    void everyComponentTakesPartInEquality() {
        assertThat(GET).isNotEqualTo(GET.endStream())
                .isNotEqualTo(GET.padded(0))
                .isNotEqualTo(GET.priority(0, 16, false))
                .isNotEqualTo(Frames.headers(3).request("GET", "https", "example.com", "/"))
                .isNotEqualTo(GET.field("a", "b"));
        assertThat(Frames.data(1, "a")).isEqualTo(Frames.data(1, new byte[] {'a'}))
                .isNotEqualTo(Frames.data(1, "a").endStream())
                .isNotEqualTo(Frames.data(1, "a").padded(0))
                .isNotEqualTo(Frames.data(1, "b"));
        assertThat(Frames.goAway(1, PROTOCOL_ERROR, "x")).isNotEqualTo(Frames.goAway(1, PROTOCOL_ERROR));
        assertThat(Frames.pushPromise(1, 2)).isNotEqualTo(Frames.pushPromise(1, 4))
                .isNotEqualTo(Frames.pushPromise(1, 2).padded(1));
    }

    @Test
    void buildersReturnCopies() {
        TestFrame.Headers base = Frames.headers(1).response(200);
        base.endStream().field("a", "b").padded(3);

        assertThat(base).isEqualTo(Frames.headers(1).response(200));
        assertThat(base.fields()).containsExactly(HeaderField.of(":status", "200"));
    }

    @Test
    void framesPrintLikeTheRfc() {
        assertThat(Frames.headers(1).response(200).endStream())
                .hasToString("HEADERS(stream=1, END_STREAM, [:status: 200])");
        assertThat(GET.priority(3, 16, true).padded(2)).hasToString("HEADERS(stream=1, "
                + "PRIORITY(dep=3, weight=16, exclusive), PADDED=2, "
                + "[:method: GET, :scheme: https, :authority: example.com, :path: /])");
        assertThat(Frames.data(1, "hello").endStream()).hasToString("DATA(stream=1, END_STREAM, \"hello\")");
        assertThat(Frames.data(1, new byte[] {0, (byte) 0xff}).padded(4))
                .hasToString("DATA(stream=1, PADDED=4, 0x00ff)");
        assertThat(Frames.dataOfLength(1, 40)).hasToString("DATA(stream=1, 0x"
                + "00".repeat(32) + "... (40 octets))");
        assertThat(Frames.settings(new Setting(MAX_CONCURRENT_STREAMS, 100)))
                .hasToString("SETTINGS(MAX_CONCURRENT_STREAMS=100)");
        assertThat(Frames.settingsAck()).hasToString("SETTINGS(ACK)");
        assertThat(Frames.pingAck(1)).hasToString("PING(ACK, 0x0000000000000001)");
        assertThat(Frames.goAway(3, FLOW_CONTROL_ERROR, "window"))
                .hasToString("GOAWAY(last=3, FLOW_CONTROL_ERROR, \"window\")");
        assertThat(Frames.goAway(0, NO_ERROR)).hasToString("GOAWAY(last=0, NO_ERROR)");
        assertThat(Frames.rstStream(1, CANCEL)).hasToString("RST_STREAM(stream=1, CANCEL)");
        assertThat(Frames.windowUpdate(0, 10)).hasToString("WINDOW_UPDATE(stream=0, increment=10)");
        assertThat(Frames.priority(3, 1, 32, false)).hasToString("PRIORITY(stream=3, dep=1, weight=32)");
        assertThat(Frames.pushPromise(1, 2).field("a", "b")).hasToString("PUSH_PROMISE(stream=1, promised=2, [a: b])");
        assertThat(Frames.continuation(1).fragment(new byte[] {(byte) 0x82}).endHeaders())
                .hasToString("CONTINUATION(stream=1, END_HEADERS, 0x82)");
        assertThat(Frames.altSvc(0, "a.b", "h2")).hasToString("ALTSVC(stream=0, origin=\"a.b\", value=\"h2\")");
        assertThat(Frames.origin("a", "b")).hasToString("ORIGIN([a, b])");
        assertThat(Frames.priorityUpdate(1, "u=3")).hasToString("PRIORITY_UPDATE(prioritized=1, \"u=3\")");
        assertThat(Frames.unknown(0xff, 1, 0, new byte[0]))
                .hasToString("UNKNOWN(type=0xff, flags=0x01, stream=0, \"\")");
        assertThat(GET.withoutEndHeaders()).hasToString(GET + " without END_HEADERS");
        assertThat(Frames.raw("00ff")).hasToString("RAW(0x00ff)");
    }

    @Test
    void requestTargetIsAnAbsoluteUriOrAPathOnExampleDotCom() {
        assertThat(Frames.headers(1).request("GET", "https://example.com:8443/a%20b?c=d").fields()).containsExactly(
                HeaderField.of(":method", "GET"), HeaderField.of(":scheme", "https"),
                HeaderField.of(":authority", "example.com:8443"), HeaderField.of(":path", "/a%20b?c=d"));
        assertThat(Frames.headers(1).request("GET", "http://example.com")).isEqualTo(
                Frames.headers(1).request("GET", "http", "example.com", "/"));
        assertThat(Frames.headers(1).request("GET", "/")).isEqualTo(GET);
        assertThatThrownBy(() -> Frames.headers(1).request("GET", "example.com/relative"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownRefusesTypesThatHaveABuilder() {
        assertThatThrownBy(() -> Frames.unknown(0x0, 0, 1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATA");
    }

    @Test
    void goAwayDebugDataCanBeDroppedToAssertOnCodesOnly() {
        List<TestFrame> read = List.of(Frames.ping(1), Frames.goAway(1, PROTOCOL_ERROR, "RFC 9113 §6.10: ..."));

        assertThat(TestFrame.withoutDebugData(read)).containsExactly(Frames.ping(1), Frames.goAway(1, PROTOCOL_ERROR));
    }

    @Test
    void wireAssertionPassesOnEqualOctetsOnly() {
        WireAssertions.assertWire(Frames.concat(Frames.settingsAck(), Frames.ping(1)), Frames.settingsAck(),
                Frames.ping(1));

        assertThatThrownBy(() -> WireAssertions.assertWire(Frames.settingsAck().bytes(), Frames.settings()))
                .isInstanceOf(AssertionFailedError.class);
        assertThatThrownBy(() -> WireAssertions.assertWire(Frames.settingsAck().bytes(), Frames.settingsAck(),
                Frames.ping(1))).isInstanceOf(AssertionFailedError.class);
    }

    @Test
    void failedWireAssertionPrintsDecodedFrames() {
        ByteBuffer actual = Frames.concat(Frames.settingsAck(), Frames.headers(1).response(200).endStream());

        assertThatThrownBy(() -> WireAssertions.assertWire(actual, Frames.settingsAck(),
                Frames.headers(1).response(404).endStream()))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("wire octets differ at offset 18 (expected 19 octets, actual 19)\n"
                        + "expected:\n"
                        + "SETTINGS(ACK)\n"
                        + "    000000 04 01 00000000\n"
                        + "HEADERS(stream=1, END_STREAM, [:status: 404])\n"
                        + "    000001 01 05 00000001 8d\n"
                        + "actual:\n"
                        + "SETTINGS(ACK)\n"
                        + "    000000 04 01 00000000\n"
                        + "HEADERS(stream=1, END_STREAM, [:status: 200])\n"
                        + "    000001 01 05 00000001 88\n");
        assertThat(actual.remaining()).isEqualTo(19);
    }

    @Test
    void renderingShowsPrefaceBlocksAndBrokenTails() {
        assertThat(WireAssertions.render(Frames.concatBytes(Frames.clientPreface(), GET.continuations(1),
                Frames.raw("000005 00")))).isEqualTo("CLIENT_PREFACE\n"
                        + "HEADERS(stream=1, [:method: GET, :scheme: https, :authority: example.com, :path: /])\n"
                        + "    000008 01 00 00000001 8287010b6578616d\n"
                        + "    000008 09 04 00000001 706c652e636f6d84\n"
                        + "INCOMPLETE FRAME (4 octets)\n"
                        + "    00000500\n");
        assertThat(WireAssertions.render(Frames.concatBytes(Frames.data(0, "x"), Frames.ping(1))))
                .startsWith("MALFORMED: malformed frame: connection error PROTOCOL_ERROR (stream 0)")
                .endsWith("    000001 00 00 00000000 78\nthen 17 more octets\n");
        assertThat(WireAssertions.render(GET.withoutEndHeaders().bytes())).isEqualTo(
                "OPEN HEADER BLOCK (no END_HEADERS)\n    000010 01 00 00000001 8287010b6578616d706c652e636f6d84\n");
        assertThat(WireAssertions.render(Frames.dataOfLength(1, 100).bytes())).isEqualTo(
                "DATA(stream=1, 0x" + "00".repeat(32) + "... (100 octets))\n"
                        + "    000064 00 00 00000001 " + "00".repeat(32) + "... (+68 octets)\n");
        assertThat(WireAssertions.render(Frames.frameHeader(20, 0, 0, 1).bytes()))
                .isEqualTo("INCOMPLETE FRAME (9 octets of 29)\n    000014 00 00 00000001\n");
    }

    /** How a fresh parser rejects the octets: scope and code. */
    private static String rejection(Wire wire) {
        FrameParser parser = new FrameParser();
        ByteBuffer in = wire.buffer();
        try {
            while (parser.next(in) != null) {
                // Only the rejection matters.
            }
        } catch (FrameFormatException e) {
            return (e.isConnectionError() ? "connection " : "stream ") + e.errorCode();
        }
        throw new AssertionError(wire + " was accepted");
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static Arguments codec(TestFrame frame, BiConsumer<FrameWriter, FrameBuffer> codec) {
        return Arguments.of(Named.of(frame.toString(), frame), codec);
    }
}
