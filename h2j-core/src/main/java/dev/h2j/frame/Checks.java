package dev.h2j.frame;

import java.util.Objects;

/** Argument checks shared by the frame records and the writer; each names the rule it enforces. */
final class Checks {

    /** The largest stream identifier: identifiers are 31 bits (RFC 9113 §4.1). */
    static final int MAX_STREAM_ID = 0x7fffffff;
    /** The largest 16-bit length prefix (ALTSVC Origin-Len, ORIGIN Origin-Len). */
    static final int MAX_U16 = 0xffff;

    private Checks() {
    }

    static int streamId(int streamId, String what) {
        if (streamId < 0) {
            // RFC 9113 §4.1: a stream identifier is an unsigned 31-bit integer
            throw new IllegalArgumentException("RFC 9113 §4.1: " + what + " " + Integer.toUnsignedString(streamId)
                    + " is not a 31-bit stream identifier");
        }
        return streamId;
    }

    static int nonZeroStreamId(int streamId, String frame, String section) {
        if (streamId < 0) {
            // Checked here, not through streamId(int, String): its message would be built on every frame.
            streamId(streamId, frame + " stream identifier");
        }
        if (streamId == 0) {
            throw new IllegalArgumentException("RFC 9113 " + section + ": " + frame + " frames are sent on a stream, not on stream 0");
        }
        return streamId;
    }

    static int padLength(int padLength) {
        if (padLength < -1 || padLength > 255) {
            // RFC 9113 §6.1: Pad Length is one octet; -1 is h2j's "no PADDED flag"
            throw new IllegalArgumentException("RFC 9113 §6.1: pad length " + padLength + " is not -1 (unpadded) or 0..255");
        }
        return padLength;
    }

    static int octet(int value, String what) {
        if (value < 0 || value > 0xff) {
            // RFC 9113 §4.1: type and flags are 8-bit fields
            throw new IllegalArgumentException("RFC 9113 §4.1: " + what + " " + value + " is not an 8-bit value");
        }
        return value;
    }

    /** Checks that the text is octets held as ISO-8859-1 chars and fits a 16-bit length prefix if asked. */
    static String octets(String text, String what, boolean u16Length) {
        Objects.requireNonNull(text, what);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xff) {
                throw new IllegalArgumentException(what + " has the non-octet char U+"
                        + Integer.toHexString(text.charAt(i)) + " at index " + i);
            }
        }
        if (u16Length && text.length() > MAX_U16) {
            throw new IllegalArgumentException(what + " is " + text.length() + " octets, more than a 16-bit length allows");
        }
        return text;
    }
}
