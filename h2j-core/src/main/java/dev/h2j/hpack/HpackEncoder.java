package dev.h2j.hpack;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The HPACK encoder of RFC 7541: turns header lists into header blocks, keeping the encoder's
 * dynamic table in step with the peer's decoder.
 *
 * <p>Each field is sent as, in order of preference: an indexed field (RFC 7541 §6.1) when a table
 * holds its name and value; otherwise a literal (§6.2) whose name is indexed when a table holds the
 * name, and whose kind the {@link IndexingPolicy} picks. A {@link HeaderField#sensitive() sensitive}
 * field is always a literal never indexed (§6.2.3), even when a table holds it.
 *
 * <p>Not thread-safe: one encoder serves one connection, and its blocks must reach the peer in the
 * order they were encoded.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541">RFC 7541</a>
 */
public final class HpackEncoder {

    /** RFC 9113 §6.5.2: SETTINGS_HEADER_TABLE_SIZE starts at 4096. */
    private static final int PROTOCOL_DEFAULT_TABLE_SIZE = 4096;
    private static final int NO_UPDATE = -1;

    private final int cap;
    private final IndexingPolicy indexing;
    private final HuffmanPolicy huffman;
    private final DynamicTable table;
    // RFC 7541 §4.2: the smallest and the last size limit since the previous block, or NO_UPDATE.
    private int pendingMinSize = NO_UPDATE;
    private int pendingSize = NO_UPDATE;

    /** Creates an encoder with every default of {@link Builder}. */
    public HpackEncoder() {
        this(new Builder());
    }

    private HpackEncoder(Builder builder) {
        this.cap = builder.maxTableSize;
        this.indexing = builder.indexing;
        this.huffman = builder.huffman;
        this.table = new DynamicTable(Math.min(PROTOCOL_DEFAULT_TABLE_SIZE, cap), true);
        if (cap < PROTOCOL_DEFAULT_TABLE_SIZE) {
            // The peer's decoder starts at 4096; tell it we use less.
            pendingMinSize = cap;
            pendingSize = cap;
        }
    }

    /**
     * Returns a builder with every option at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures an {@link HpackEncoder}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {

        private int maxTableSize = PROTOCOL_DEFAULT_TABLE_SIZE;
        private IndexingPolicy indexing = IndexingPolicy.DEFAULT;
        private HuffmanPolicy huffman = HuffmanPolicy.SHORTER;

        private Builder() {
        }

        /**
         * Caps the encoder's dynamic table at {@code maxTableSize} octets, whatever the peer
         * allows; the table used is the smaller of this cap and the peer's SETTINGS_HEADER_TABLE_SIZE.
         * Default: 4096.
         *
         * @param maxTableSize the cap in octets, 0 or more
         * @return this builder
         * @throws IllegalArgumentException if {@code maxTableSize} is negative
         */
        public Builder maxTableSize(int maxTableSize) {
            if (maxTableSize < 0) {
                throw new IllegalArgumentException("maxTableSize must not be negative: " + maxTableSize);
            }
            this.maxTableSize = maxTableSize;
            return this;
        }

        /**
         * Sets which literal representation fields get. Default: {@link IndexingPolicy#DEFAULT}.
         *
         * @param indexing the policy
         * @return this builder
         * @throws NullPointerException if {@code indexing} is null
         */
        public Builder indexing(IndexingPolicy indexing) {
            this.indexing = Objects.requireNonNull(indexing, "indexing");
            return this;
        }

        /**
         * Sets when string literals are Huffman-coded. Default: {@link HuffmanPolicy#SHORTER}.
         *
         * @param huffman the policy
         * @return this builder
         * @throws NullPointerException if {@code huffman} is null
         */
        public Builder huffman(HuffmanPolicy huffman) {
            this.huffman = Objects.requireNonNull(huffman, "huffman");
            return this;
        }

        /**
         * Creates an encoder with this configuration.
         *
         * @return a new encoder
         */
        public HpackEncoder build() {
            return new HpackEncoder(this);
        }
    }

    /**
     * Applies the peer's SETTINGS_HEADER_TABLE_SIZE once our ACK of it is sent: the table becomes
     * the smaller of {@code peerSetting} and the builder's cap, and the next block starts with
     * dynamic table size updates (RFC 7541 §6.3). If the size went down and up again between two
     * blocks, the next block signals the minimum first, then the final size (RFC 7541 §4.2).
     *
     * @param peerSetting the peer's SETTINGS_HEADER_TABLE_SIZE, 0 or more
     * @throws IllegalArgumentException if {@code peerSetting} is negative
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-4.2">RFC 7541 §4.2</a>
     */
    public void setMaxTableSize(int peerSetting) {
        if (peerSetting < 0) {
            throw new IllegalArgumentException("SETTINGS_HEADER_TABLE_SIZE must not be negative: " + peerSetting);
        }
        int size = Math.min(peerSetting, cap);
        if (size == maxTableSize()) {
            return;
        }
        pendingMinSize = pendingMinSize == NO_UPDATE ? size : Math.min(pendingMinSize, size);
        pendingSize = size;
    }

    /**
     * Returns the encoder's current dynamic table size limit, including changes not yet signalled.
     *
     * @return the limit in octets
     */
    public int maxTableSize() {
        return pendingSize == NO_UPDATE ? table.capacity() : pendingSize;
    }

    /**
     * Returns an upper bound on the octets {@link #encode(List, ByteBuffer)} writes for
     * {@code fields}: pending size updates plus, per field, its name and value octets (Huffman-coded
     * at worst, under {@link HuffmanPolicy#ALWAYS}) and the integer prefixes.
     *
     * @param fields the header list
     * @return the bound, saturated at {@link Integer#MAX_VALUE}
     * @throws NullPointerException if {@code fields} or one of its elements is null
     */
    public int maxEncodedLength(List<HeaderField> fields) {
        long length = pendingSize == NO_UPDATE ? 0 : 2 * HpackInteger.MAX_ENCODED_LENGTH;
        // The longest code is 30 bits, under 4 octets per octet.
        int octetCost = huffman == HuffmanPolicy.ALWAYS ? 4 : 1;
        for (int i = 0, n = fields.size(); i < n; i++) {
            HeaderField field = fields.get(i);
            length += 3L * HpackInteger.MAX_ENCODED_LENGTH
                    + octetCost * ((long) field.name.length + field.value.length);
        }
        return (int) Math.min(length, Integer.MAX_VALUE);
    }

    /**
     * Encodes {@code fields} as one header block, appended to {@code out} at its position.
     *
     * <p>The call is all or nothing: it first checks that {@code out} has
     * {@link #maxEncodedLength(List)} octets remaining, and a refused call changes no state.
     *
     * @param fields the header list, in order
     * @param out where the block is written
     * @throws IllegalArgumentException if {@code out} has fewer than {@code maxEncodedLength(fields)}
     *     octets remaining
     * @throws NullPointerException if an argument or one of the fields is null
     * @throws ReadOnlyBufferException if {@code out} is read-only
     */
    public void encode(List<HeaderField> fields, ByteBuffer out) {
        int needed = maxEncodedLength(fields);
        if (out.remaining() < needed) {
            throw new IllegalArgumentException("output buffer has " + out.remaining()
                    + " octets remaining; encoding this header list may need " + needed);
        }
        if (out.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (out.hasArray()) {
            // HpackBenchmark.encode's workload, old and new timed in turns in one JVM: 5-8 % more
            // lists/s writing the backing array at an int position than through put(), which checks
            // the limit and stores the position per octet. Other buffers get the block as one copy.
            int start = out.arrayOffset() + out.position();
            int end = encode(fields, out.array(), start);
            out.position(out.position() + (end - start));
        } else {
            byte[] block = new byte[needed];
            out.put(block, 0, encode(fields, block, 0));
        }
    }

    /**
     * Encodes {@code fields} as one header block in a new array.
     *
     * @param fields the header list, in order
     * @return the header block
     * @throws NullPointerException if {@code fields} or one of the fields is null
     */
    public byte[] encode(List<HeaderField> fields) {
        byte[] block = new byte[maxEncodedLength(fields)];
        return Arrays.copyOf(block, encode(fields, block, 0));
    }

    /** Writes the block into {@code dst} from {@code pos}, which has room for it; returns the end. */
    private int encode(List<HeaderField> fields, byte[] dst, int pos) {
        pos = writeSizeUpdates(dst, pos);
        for (int i = 0, n = fields.size(); i < n; i++) {
            pos = encodeField(fields.get(i), dst, pos);
        }
        return pos;
    }

    /** Package-private view for tests. */
    DynamicTable dynamicTable() {
        return table;
    }

    private int writeSizeUpdates(byte[] dst, int pos) {
        if (pendingSize == NO_UPDATE) {
            return pos;
        }
        // RFC 7541 §4.2: signal the smallest limit first, so the decoder evicts what we evicted.
        if (pendingMinSize < pendingSize) {
            pos = writeSizeUpdate(pendingMinSize, dst, pos);
        }
        pos = writeSizeUpdate(pendingSize, dst, pos);
        pendingMinSize = NO_UPDATE;
        pendingSize = NO_UPDATE;
        return pos;
    }

    private int writeSizeUpdate(int size, byte[] dst, int pos) {
        table.setCapacity(size);
        // RFC 7541 §6.3: 001 + 5-bit prefix integer.
        return HpackInteger.encode(dst, pos, 0x20, 5, size);
    }

    private int encodeField(HeaderField field, byte[] dst, int pos) {
        int found = StaticTable.find(field);
        if (found <= 0) {
            int dynamic = table.find(field);
            if (dynamic > 0) {
                found = StaticTable.LENGTH + dynamic;
            } else if (found == 0 && dynamic < 0) {
                found = dynamic - StaticTable.LENGTH;
            }
        }
        if (field.sensitive()) {
            // RFC 7541 §7.1.3: sensitive fields are never indexed, not even when a table holds them.
            return writeLiteral(0x10, 4, Math.abs(found), field, dst, pos);
        }
        if (found > 0) {
            // RFC 7541 §6.1: indexed header field, 1 + 7-bit prefix index.
            return HpackInteger.encode(dst, pos, 0x80, 7, found);
        }
        int nameIndex = -found;
        return switch (indexing.decide(field, table.capacity())) {
            case INCREMENTAL -> {
                // RFC 7541 §6.2.1: 01 + 6-bit prefix name index.
                int end = writeLiteral(0x40, 6, nameIndex, field, dst, pos);
                table.add(field);
                yield end;
            }
            // RFC 7541 §6.2.2: 0000 + 4-bit prefix name index.
            case WITHOUT_INDEXING -> writeLiteral(0x00, 4, nameIndex, field, dst, pos);
            // RFC 7541 §6.2.3: 0001 + 4-bit prefix name index.
            case NEVER_INDEXED -> writeLiteral(0x10, 4, nameIndex, field, dst, pos);
        };
    }

    private int writeLiteral(int flags, int prefixBits, int nameIndex, HeaderField field, byte[] dst, int pos) {
        pos = HpackInteger.encode(dst, pos, flags, prefixBits, nameIndex);
        if (nameIndex == 0) {
            pos = writeString(field.name, dst, pos);
        }
        return writeString(field.value, dst, pos);
    }

    private int writeString(byte[] s, byte[] dst, int pos) {
        // RFC 7541 §5.2: H bit + 7-bit prefix length, then the octets.
        if (huffman != HuffmanPolicy.NEVER) {
            long huffmanLength = Huffman.encodedLength(s);
            if (huffman == HuffmanPolicy.ALWAYS || huffmanLength < s.length) {
                pos = HpackInteger.encode(dst, pos, 0x80, 7, (int) huffmanLength);
                return Huffman.encode(s, dst, pos, dst.length);
            }
        }
        pos = HpackInteger.encode(dst, pos, 0x00, 7, s.length);
        System.arraycopy(s, 0, dst, pos, s.length);
        return pos + s.length;
    }
}
