package dev.h2j.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One header field: a name and a value, each an octet sequence (RFC 7541 §1.3).
 *
 * <p>Instances are immutable. Fields created by the codec hold the decoded arrays without copying;
 * the byte-based factory and the byte accessors copy, so no caller can change a field after the fact.
 * Static-table and dynamic-table entries are {@code HeaderField} instances too: decoding an indexed
 * representation hands out the stored instance without allocating.
 *
 * <p>{@link #equals(Object)} and {@link #hashCode()} compare the name and value octets only.
 * {@link #sensitive()} is an encoding hint (RFC 7541 §7.1.3) and takes no part in equality.
 *
 * <p>Instances are safe to share between threads.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-1.3">RFC 7541 §1.3</a>
 */
public final class HeaderField {

    /** RFC 7541 §4.1: each entry costs its name and value lengths plus 32 octets. */
    static final int ENTRY_OVERHEAD = 32;

    final byte[] name;
    final byte[] value;
    private final boolean sensitive;
    // Lazily cached; benign races: every thread computes the same value.
    private String nameString;
    private String valueString;
    private int nameHash;
    private int hash;
    // RFC 9113 §8.2.1's octet rules: 0 not checked yet, 1 they hold, 2 they do not.
    private byte octetRules;

    /** Wraps the arrays without copying; the caller hands over ownership. */
    HeaderField(byte[] name, byte[] value, boolean sensitive) {
        this.name = name;
        this.value = value;
        this.sensitive = sensitive;
    }

    private HeaderField(String name, String value, boolean sensitive) {
        this(latin1(name), latin1(value), sensitive);
        this.nameString = name;
        this.valueString = value;
    }

    /**
     * Creates a field from ISO-8859-1 strings; each char becomes one octet.
     *
     * @param name the field name
     * @param value the field value
     * @return a field that the encoder may index
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if a char is above {@code 0xFF}
     */
    public static HeaderField of(String name, String value) {
        return new HeaderField(name, value, false);
    }

    /**
     * Creates a field from octets; both arrays are copied.
     *
     * @param name the field name octets
     * @param value the field value octets
     * @return a field that the encoder may index
     * @throws NullPointerException if either argument is null
     */
    public static HeaderField of(byte[] name, byte[] value) {
        return new HeaderField(name.clone(), value.clone(), false);
    }

    /**
     * Creates a sensitive field from ISO-8859-1 strings: the encoder always sends it as a literal
     * never indexed (RFC 7541 §6.2.3), so no intermediary may compress it either (§7.1.3).
     *
     * @param name the field name
     * @param value the field value
     * @return a sensitive field
     * @throws NullPointerException if either argument is null
     * @throws IllegalArgumentException if a char is above {@code 0xFF}
     */
    public static HeaderField sensitive(String name, String value) {
        return new HeaderField(name, value, true);
    }

    /**
     * Creates a sensitive field from octets (both arrays are copied); see {@link #sensitive(String, String)}.
     *
     * @param name the field name octets
     * @param value the field value octets
     * @return a sensitive field
     * @throws NullPointerException if either argument is null
     */
    public static HeaderField sensitive(byte[] name, byte[] value) {
        return new HeaderField(name.clone(), value.clone(), true);
    }

    private static byte[] latin1(String s) {
        int length = s.length();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException(
                        "header field octets are ISO-8859-1: char U+" + Integer.toHexString(c) + " at " + i);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    /**
     * Returns the name, one char per octet (ISO-8859-1).
     *
     * @return the name
     */
    public String name() {
        String s = nameString;
        if (s == null) {
            s = new String(name, StandardCharsets.ISO_8859_1);
            nameString = s;
        }
        return s;
    }

    /**
     * Returns the value, one char per octet (ISO-8859-1).
     *
     * @return the value
     */
    public String value() {
        String s = valueString;
        if (s == null) {
            s = new String(value, StandardCharsets.ISO_8859_1);
            valueString = s;
        }
        return s;
    }

    /**
     * Returns a copy of the name octets.
     *
     * @return a new array holding the name
     */
    public byte[] nameBytes() {
        return name.clone();
    }

    /**
     * Returns a copy of the value octets.
     *
     * @return a new array holding the value
     */
    public byte[] valueBytes() {
        return value.clone();
    }

    /**
     * Returns one octet of the name, without copying the name: for validating or comparing a field
     * octet by octet on a hot path.
     *
     * @param index the position in the name, from 0
     * @return the octet at {@code index}
     * @throws ArrayIndexOutOfBoundsException if {@code index} is negative or not below {@link #nameLength()}
     */
    public byte nameAt(int index) {
        return name[index];
    }

    /**
     * Returns one octet of the value, without copying the value; see {@link #nameAt(int)}.
     *
     * @param index the position in the value, from 0
     * @return the octet at {@code index}
     * @throws ArrayIndexOutOfBoundsException if {@code index} is negative or not below {@link #valueLength()}
     */
    public byte valueAt(int index) {
        return value[index];
    }

    /**
     * Returns the number of octets in the name.
     *
     * @return the name length
     */
    public int nameLength() {
        return name.length;
    }

    /**
     * Returns the number of octets in the value.
     *
     * @return the value length
     */
    public int valueLength() {
        return value.length;
    }

    /**
     * Tells whether the name and value obey the octet rules of RFC 9113 §8.2.1: the name is not empty and
     * holds no octet 0x00-0x20, 0x41-0x5A (uppercase) or 0x7F-0xFF, nor a ':' other than its first octet
     * (which starts a pseudo-header field); the value holds no NUL, LF or CR, and neither starts nor ends
     * with SP or HTAB. The answer is computed on the first call and remembered, so a field that is sent or
     * received again (a static or dynamic table entry, a response's fixed fields) is scanned once: the
     * connection's header validation asks this first (in h2j serve, scanning every field of every block
     * took about a tenth of the event loops' time).
     *
     * @return true if both name and value obey the rules
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.2.1">RFC 9113 §8.2.1</a>
     */
    public boolean hasValidOctets() {
        byte known = octetRules;
        if (known == 0) {
            known = nameOctetsValid() && valueOctetsValid() ? (byte) 1 : (byte) 2;
            octetRules = known;
        }
        return known == 1;
    }

    private boolean nameOctetsValid() {
        if (name.length == 0) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = name[i] & 0xFF;
            if (c <= 0x20 || c >= 0x7F || (c >= 'A' && c <= 'Z') || (c == ':' && i > 0)) {
                return false;
            }
        }
        return true;
    }

    private boolean valueOctetsValid() {
        for (byte b : value) {
            if (b == 0 || b == '\n' || b == '\r') {
                return false;
            }
        }
        int last = value.length - 1;
        return last < 0 || !isBlank(value[0]) && !isBlank(value[last]);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    /**
     * Tells whether this field must never be indexed (RFC 7541 §7.1.3). The encoder sends it as a
     * literal never indexed (§6.2.3); the decoder marks fields it received that way.
     *
     * @return true if the field is sensitive
     */
    public boolean sensitive() {
        return sensitive;
    }

    /**
     * Returns the entry size of RFC 7541 §4.1: name length + value length + 32, saturated at
     * {@link Integer#MAX_VALUE}.
     *
     * @return the size this field takes in a dynamic table or a header list
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-4.1">RFC 7541 §4.1</a>
     */
    public int size() {
        return (int) Math.min(entrySize(), Integer.MAX_VALUE);
    }

    /** RFC 7541 §4.1: name + value + 32 octets, unsaturated, for table and header-list accounting. */
    long entrySize() {
        return (long) name.length + value.length + ENTRY_OVERHEAD;
    }

    /** Returns a hash of the name octets, cached. */
    int nameHash() {
        int h = nameHash;
        if (h == 0) {
            h = Arrays.hashCode(name);
            nameHash = h;
        }
        return h;
    }

    boolean nameEquals(HeaderField other) {
        return Arrays.equals(name, other.name);
    }

    boolean valueEquals(HeaderField other) {
        return Arrays.equals(value, other.value);
    }

    /**
     * Compares name and value octets; sensitivity is ignored.
     *
     * @param o the object to compare with
     * @return true if {@code o} is a {@code HeaderField} with the same name and value octets
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HeaderField)) {
            return false;
        }
        HeaderField other = (HeaderField) o;
        return nameEquals(other) && valueEquals(other);
    }

    /**
     * Hashes name and value octets; sensitivity is ignored.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * nameHash() + Arrays.hashCode(value);
            hash = h;
        }
        return h;
    }

    /**
     * Returns {@code name: value}, decoded as ISO-8859-1.
     *
     * @return a readable form of the field
     */
    @Override
    public String toString() {
        return name() + ": " + value();
    }
}
