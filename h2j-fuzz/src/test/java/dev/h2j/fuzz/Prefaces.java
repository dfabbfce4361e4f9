package dev.h2j.fuzz;

import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameWriter;
import java.util.List;

/** The valid prefaces the raw-octets targets start with (RFC 9113 §3.4), before the fuzzer's octets. */
final class Prefaces {

    private Prefaces() {
    }

    /** A client's preface: the 24-octet magic, then an empty SETTINGS frame. */
    static byte[] client() {
        FrameBuffer out = new FrameBuffer();
        out.write(FrameParser.clientPreface());
        new FrameWriter().writeSettings(List.of(), out);
        return out.toByteArray();
    }

    /** A server's preface: an empty SETTINGS frame. */
    static byte[] server() {
        FrameBuffer out = new FrameBuffer();
        new FrameWriter().writeSettings(List.of(), out);
        return out.toByteArray();
    }
}
