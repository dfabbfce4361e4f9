package dev.h2j.frame;

/** The flag bits of RFC 9113 §6 frames; the same bit means different things on different types. */
final class Flags {

    /** DATA and HEADERS: RFC 9113 §6.1, §6.2. */
    static final int END_STREAM = 0x1;
    /** SETTINGS and PING: RFC 9113 §6.5, §6.7. */
    static final int ACK = 0x1;
    /** HEADERS, PUSH_PROMISE and CONTINUATION: RFC 9113 §6.2, §6.6, §6.10. */
    static final int END_HEADERS = 0x4;
    /** DATA, HEADERS and PUSH_PROMISE: RFC 9113 §6.1, §6.2, §6.6. */
    static final int PADDED = 0x8;
    /** HEADERS: RFC 9113 §6.2. */
    static final int PRIORITY = 0x20;

    private Flags() {
    }

    static int set(boolean condition, int flag) {
        return condition ? flag : 0;
    }

    static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
