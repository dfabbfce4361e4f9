package dev.h2j.frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test DSL: frame octets built by hand, independent of {@link FrameWriter}, plus helpers to run the
 * parser over them.
 */
final class FrameBytes {

    private FrameBytes() {
    }

    /** Hex octets; spaces and underscores are separators for readability. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("_", ""));
    }

    static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A frame with its length computed from the payload. */
    static byte[] raw(int type, int flags, int streamId, String payloadHex) {
        byte[] payload = hex(payloadHex);
        return withLength(payload.length, type, flags, streamId, payload);
    }

    /** A frame header claiming {@code length}, followed by the given (possibly shorter) payload. */
    static byte[] withLength(int length, int type, int flags, int streamId, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(FrameParser.FRAME_HEADER_LENGTH + payload.length);
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                .put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] zeros(int n) {
        return new byte[n];
    }

    /** Parses every complete frame in {@code in}, detaching each from the parser's buffers. */
    static List<Frame> parseAll(FrameParser parser, ByteBuffer in) {
        List<Frame> frames = new ArrayList<>();
        for (Frame f = parser.next(in); f != null; f = parser.next(in)) {
            frames.add(detach(f));
        }
        return frames;
    }

    static List<Frame> parseAll(byte[] wire) {
        return parseAll(new FrameParser(), ByteBuffer.wrap(wire));
    }

    /** A copy of {@code frame} whose buffers are its own, so it outlives the next parser call. */
    static Frame detach(Frame frame) {
        if (frame instanceof DataFrame f) {
            return new DataFrame(f.streamId(), copy(f.data()), f.endStream(), f.padLength());
        } else if (frame instanceof HeadersFrame f) {
            return new HeadersFrame(f.streamId(), copy(f.fragment()), f.endStream(), f.endHeaders(), f.priority(),
                    f.padLength());
        } else if (frame instanceof PushPromiseFrame f) {
            return new PushPromiseFrame(f.streamId(), f.promisedStreamId(), copy(f.fragment()), f.endHeaders(),
                    f.padLength());
        } else if (frame instanceof GoAwayFrame f) {
            return new GoAwayFrame(f.lastStreamId(), f.errorCode(), copy(f.debugData()));
        } else if (frame instanceof ContinuationFrame f) {
            return new ContinuationFrame(f.streamId(), copy(f.fragment()), f.endHeaders());
        } else if (frame instanceof UnknownFrame f) {
            return new UnknownFrame(f.typeCode(), f.flags(), f.streamId(), copy(f.payload()));
        }
        return frame;
    }

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    static ByteBuffer buf(String hex) {
        return ByteBuffer.wrap(hex(hex));
    }

    static byte[] written(Frame frame) {
        FrameBuffer out = new FrameBuffer();
        new FrameWriter().write(frame, out);
        return out.toByteArray();
    }
}
