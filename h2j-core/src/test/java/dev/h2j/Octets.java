package dev.h2j;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable octet string compared by value, for frame payloads in test assertions. It prints as a
 * quoted string when every octet is printable ASCII, else as hex, shortened when long.
 */
final class Octets {

    static final Octets EMPTY = new Octets(new byte[0]);

    // Longer payloads print their first octets only, so a failed assertion stays readable.
    private static final int SHOWN = 32;

    private final byte[] bytes;

    private Octets(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    static Octets of(byte[] bytes) {
        return new Octets(bytes.clone());
    }

    /** A copy of the remaining octets of {@code buffer}; its position is left alone. */
    static Octets of(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return new Octets(copy);
    }

    /** The UTF-8 encoding of {@code text}. */
    static Octets utf8(String text) {
        return new Octets(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hex octets; whitespace and underscores separate groups for readability. */
    static Octets hex(String hex) {
        return new Octets(HexFormat.of().parseHex(hex.replaceAll("[\\s_]", "")));
    }

    int length() {
        return bytes.length;
    }

    boolean isEmpty() {
        return bytes.length == 0;
    }

    byte[] toByteArray() {
        return bytes.clone();
    }

    /** A read-only view of the octets. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** The octets joined with {@code more} into a new string. */
    Octets append(byte[] more) {
        byte[] joined = Arrays.copyOf(bytes, bytes.length + more.length);
        System.arraycopy(more, 0, joined, bytes.length, more.length);
        return new Octets(joined);
    }

    String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** {@code "hello"} when printable, else {@code 0x00ff}; long strings end with their total length. */
    @Override
    public String toString() {
        int shown = Math.min(bytes.length, SHOWN);
        String more = bytes.length > SHOWN ? "... (" + bytes.length + " octets)" : "";
        if (isPrintable()) {
            return '"' + new String(bytes, 0, shown, StandardCharsets.US_ASCII) + more + '"';
        }
        return "0x" + HexFormat.of().formatHex(bytes, 0, shown) + more;
    }

    private boolean isPrintable() {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e || b == '"') {
                return false;
            }
        }
        return true;
    }
}
