package dev.h2j;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Byte-exact assertions on what a connection sends. A failure prints both sides decoded, one frame per
 * line with its octets underneath, so the difference reads as frames rather than hex offsets.
 */
final class WireAssertions {

    // Longer payloads print their first octets only.
    private static final int SHOWN_PAYLOAD = 32;
    private static final int FRAME_HEADER = 9;
    private static final int LARGEST_FRAME = 0xffffff;

    private WireAssertions() {
    }

    /** Asserts that {@code actual}'s remaining octets (left unconsumed) are exactly {@code expected}'s, in order. */
    static void assertWire(ByteBuffer actual, Wire... expected) {
        byte[] octets = new byte[actual.remaining()];
        actual.duplicate().get(octets);
        assertWire(octets, expected);
    }

    static void assertWire(byte[] actual, Wire... expected) {
        byte[] wanted = Frames.concatBytes(expected);
        int mismatch = Arrays.mismatch(wanted, actual);
        if (mismatch < 0) {
            return;
        }
        String expectedText = render(wanted);
        String actualText = render(actual);
        throw new AssertionFailedError("wire octets differ at offset " + mismatch + " (expected " + wanted.length
                + " octets, actual " + actual.length + ")\nexpected:\n" + expectedText + "actual:\n" + actualText,
                expectedText, actualText);
    }

    /**
     * Decodes octets for a person: the client preface if they start with it, then each frame (header
     * blocks joined and decoded with a fresh HPACK decoder) followed by its wire frames in hex.
     * Malformed or truncated octets are shown as such, never thrown.
     */
    static String render(byte[] wire) {
        StringBuilder out = new StringBuilder();
        int offset = 0;
        byte[] preface = Frames.clientPreface().bytes();
        if (wire.length >= preface.length && Arrays.equals(wire, 0, preface.length, preface, 0, preface.length)) {
            out.append("CLIENT_PREFACE\n");
            offset = preface.length;
        }
        Peer peer = Peer.readingFromServer();
        peer.setMaxFrameSize(LARGEST_FRAME);
        StringBuilder pendingHex = new StringBuilder();
        while (offset < wire.length) {
            int available = wire.length - offset;
            int length = available < FRAME_HEADER ? -1
                    : (wire[offset] & 0xff) << 16 | (wire[offset + 1] & 0xff) << 8 | wire[offset + 2] & 0xff;
            if (length < 0 || available < FRAME_HEADER + length) {
                out.append("INCOMPLETE FRAME (").append(available).append(" octets")
                        .append(length < 0 ? "" : " of " + (FRAME_HEADER + length)).append(")\n");
                out.append(hexLine(wire, offset, available));
                return out.toString();
            }
            int end = offset + FRAME_HEADER + length;
            pendingHex.append(hexLine(wire, offset, FRAME_HEADER + length));
            List<TestFrame> frames;
            try {
                frames = peer.read(ByteBuffer.wrap(wire, offset, FRAME_HEADER + length));
            } catch (AssertionError e) {
                out.append("MALFORMED: ").append(e.getMessage()).append('\n').append(pendingHex);
                if (end < wire.length) {
                    out.append("then ").append(wire.length - end).append(" more octets\n");
                }
                return out.toString();
            }
            offset = end;
            for (TestFrame frame : frames) {
                out.append(frame).append('\n').append(pendingHex);
                pendingHex.setLength(0);
            }
        }
        if (pendingHex.length() > 0) {
            out.append("OPEN HEADER BLOCK (no END_HEADERS)\n").append(pendingHex);
        }
        return out.toString();
    }

    /** {@code "    000005 00 01 00000001 68656c6c6f"}: length, type, flags, stream, payload. */
    private static String hexLine(byte[] wire, int offset, int count) {
        HexFormat hex = HexFormat.of();
        StringBuilder line = new StringBuilder("    ");
        if (count < FRAME_HEADER) {
            return line.append(hex.formatHex(wire, offset, offset + count)).append('\n').toString();
        }
        line.append(hex.formatHex(wire, offset, offset + 3)).append(' ')
                .append(hex.formatHex(wire, offset + 3, offset + 4)).append(' ')
                .append(hex.formatHex(wire, offset + 4, offset + 5)).append(' ')
                .append(hex.formatHex(wire, offset + 5, offset + FRAME_HEADER));
        int payload = count - FRAME_HEADER;
        if (payload > 0) {
            int shown = Math.min(payload, SHOWN_PAYLOAD);
            line.append(' ').append(hex.formatHex(wire, offset + FRAME_HEADER, offset + FRAME_HEADER + shown));
            if (payload > shown) {
                line.append("... (+").append(payload - shown).append(" octets)");
            }
        }
        return line.append('\n').toString();
    }
}
