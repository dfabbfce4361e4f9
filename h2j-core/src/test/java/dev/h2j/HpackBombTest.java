package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.RequestReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import dev.h2j.hpack.HeaderField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * HPACK bomb (CVE-2016-6581, SECURITY.md #9): one dynamic table entry nearly as large as the table, then
 * a field block of one-octet references to it; 16 KiB of wire claim 64 MB of header list.
 * {@link Limits#maxHeaderListSize()} is enforced while decoding: past it no field is kept, the block is
 * still decoded to its end so the table stays in step with the peer's encoder, and the stream is refused.
 * The connection goes on. The "HTTP/2 Bomb" (SECURITY.md #10) makes the fields tiny instead, so that the
 * list stays small while their number grows; {@link Limits#maxHeaderFields()} answers it the same way.
 */
class HpackBombTest {

    private static final int ENTRY_VALUE_LENGTH = 4_000;
    /** RFC 7541 §6.1: indexed field, index 62, the newest dynamic table entry. */
    private static final byte NEWEST_ENTRY = (byte) (0x80 | 62);

    /** RFC 7541 §5.1: {@code value} as an integer with an {@code prefixBits}-bit prefix after {@code first}. */
    private static void integer(ByteArrayOutputStream out, int first, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(first | value);
            return;
        }
        out.write(first | max);
        value -= max;
        while (value >= 0x80) {
            out.write(value & 0x7f | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** The request fields, then x-bomb as a literal with incremental indexing (RFC 7541 §6.2.1). */
    private static byte[] requestAddingTheEntry() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Frames.headerBlock(Floods.request(1).fields()));
        byte[] name = "x-bomb".getBytes(StandardCharsets.US_ASCII);
        integer(out, 0x40, 6, 0);
        integer(out, 0, 7, name.length);
        out.writeBytes(name);
        integer(out, 0, 7, ENTRY_VALUE_LENGTH);
        out.writeBytes("a".repeat(ENTRY_VALUE_LENGTH).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] references(int count) {
        byte[] block = new byte[count];
        Arrays.fill(block, NEWEST_ENTRY);
        return block;
    }

    /** A server whose HPACK table holds the large entry, added by the request on stream 1. */
    private static Scenario armed() {
        Scenario server = Scenario.server();
        assertThat(server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 1,
                requestAddingTheEntry()))).first().isInstanceOf(RequestReceived.class);
        return server;
    }

    /** After a bomb: the table is still in step, so a block referring to the entry decodes to it. */
    private static void assertTheTableIsInStep(Scenario server, int streamId) {
        byte[] block = Arrays.copyOf(Frames.headerBlock(Floods.request(streamId).fields()),
                Frames.headerBlock(Floods.request(streamId).fields()).length + 1);
        block[block.length - 1] = NEWEST_ENTRY;
        assertThat(server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, streamId,
                block))).first().isInstanceOfSatisfying(RequestReceived.class, r -> assertThat(r.headers())
                        .contains(HeaderField.of("x-bomb", "a".repeat(ENTRY_VALUE_LENGTH))));
    }

    @Test
    void sixteenKilobytesOfReferencesAreRefusedAndTheConnectionGoesOn() {
        Scenario server = armed();
        server.sent();

        assertThat(server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 3,
                references(16_384)))).as("no event: the stream was refused before it opened").isEmpty();

        assertThat(server.sent()).containsExactly(Frames.rstStream(3, ErrorCode.REFUSED_STREAM));
        assertThat(server.conn.activeStreams()).isEqualTo(1);
        assertThat(server.conn.bufferedInboundSize()).isZero();
        assertTheTableIsInStep(server, 5);
    }

    @Test
    void aBombAsLargeAsMaxHeaderBlockSizeOverContinuationIsRefusedToo() {
        Scenario server = armed();
        server.sent();
        Wire[] frames = new Wire[8];
        frames[0] = Frames.raw(FrameType.HEADERS, Frames.END_STREAM, 3, references(16_384));
        for (int i = 1; i < 8; i++) {
            frames[i] = Frames.continuation(3).fragment(references(16_384));
        }
        frames[7] = Frames.continuation(3).fragment(references(16_384)).endHeaders();

        assertThat(server.receive(frames)).isEmpty();

        assertThat(server.sent()).containsExactly(Frames.rstStream(3, ErrorCode.REFUSED_STREAM));
        assertThat(server.conn.bufferedInboundSize()).isZero();
        assertTheTableIsInStep(server, 5);
    }

    @Test
    void onAnOpenStreamTheBombIsAStreamError() {
        Scenario server = armed();
        server.receive(Floods.request(3));
        server.sent();
        // Trailers of 16 KiB of references: the stream exists, so it is reset rather than refused.
        assertThat(server.receive(Frames.raw(FrameType.HEADERS, Frames.END_HEADERS | Frames.END_STREAM, 3,
                references(16_384)))).hasSize(1);
        assertThat(server.sent()).containsExactly(Frames.rstStream(3, ErrorCode.PROTOCOL_ERROR));
        assertThat(server.conn.activeStreams()).isEqualTo(1);
        assertTheTableIsInStep(server, 5);
    }

    /** A request on {@code streamId} with the four pseudo-header fields and {@code more} fields {@code name}. */
    private static TestFrame.Headers requestWith(int streamId, int more, String name) {
        TestFrame.Headers request = Floods.request(streamId).endStream();
        for (int i = 0; i < more; i++) {
            request = request.field(name, name.equals("cookie") ? "c" + i + "=v" : "");
        }
        return request;
    }

    @Test
    void moreTinyFieldsThanMaxHeaderFieldsAreRefusedThoughTheListIsSmall() {
        Scenario server = armed();
        server.sent();
        assertThat(server.receive(requestWith(3, 196, "a"))).as("200 fields").hasSize(2);

        assertThat(server.receive(requestWith(5, 197, "a"))).as("201 fields, under 7 KB of list").isEmpty();
        assertThat(server.receive(requestWith(7, 197, "cookie"))).as("cookie crumbs count one by one").isEmpty();

        assertThat(server.sent()).containsExactly(Frames.rstStream(5, ErrorCode.REFUSED_STREAM),
                Frames.rstStream(7, ErrorCode.REFUSED_STREAM));
        assertTheTableIsInStep(server, 9);
    }
}
