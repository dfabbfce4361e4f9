package dev.h2j.hpack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The HPACK decoder of RFC 7541: turns header blocks into header fields, keeping the decoder's
 * dynamic table in step with the peer's encoder.
 *
 * <p>Every rule broken by a block is an {@link HpackException}, a connection error
 * (COMPRESSION_ERROR, RFC 9113 §4.3): integers past 2^31-1, indices 0 or out of range, strings past
 * the end of the block, bad Huffman codes, misplaced or oversized table size updates, truncated
 * representations. A field that fails leaves the dynamic table as it was before that field.
 *
 * <p>A header list larger than the budget (SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 §6.5.2) is a
 * stream error instead: the decoder stops delivering fields, decodes the block to its end so the
 * dynamic table stays in sync, then throws {@link HeaderListSizeException}. Literals that are over
 * budget and not indexed are skipped without being copied, and indexed representations never copy,
 * so a block referencing one large entry many times (an "HPACK bomb", CVE-2016-6581) costs no memory.
 *
 * <p>Not thread-safe: one decoder serves one connection, and blocks must be decoded in the order
 * they arrived.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541">RFC 7541</a>
 */
public final class HpackDecoder {

    private static final int NO_UPDATE_REQUIRED = Integer.MAX_VALUE;
    /** The largest copy of a read-only block kept for the next one; larger blocks get their own array. */
    private static final int MAX_KEPT_SCRATCH = 1024;

    private final DynamicTable table;
    private int maxTableSize;
    private int maxHeaderListSize;
    // RFC 7541 §4.2: after the limit went below the table's size, the next block must start with an
    // update not above the smallest limit set since; NO_UPDATE_REQUIRED otherwise.
    private int requiredUpdateCeiling = NO_UPDATE_REQUIRED;
    /** Where Huffman-coded strings are decoded; made with the first one, so an idle connection holds none. */
    private byte[] scratch = new byte[0];
    // The decoded length of the last string read, also when it was skipped.
    private int stringLength;
    // The block being decoded, src[pos, end), during decode() only.
    private byte[] src;
    /** Where read-only blocks of at most {@link #MAX_KEPT_SCRATCH} octets are copied; null until needed. */
    private byte[] kept;
    private int pos;
    private int end;

    /**
     * Creates a decoder.
     *
     * @param maxTableSize the SETTINGS_HEADER_TABLE_SIZE we advertised (the protocol default is 4096);
     *     it is also the starting size of the dynamic table
     * @param maxHeaderListSize our SETTINGS_MAX_HEADER_LIST_SIZE: the budget for the sum of
     *     name + value + 32 over the fields of one block (RFC 9113 §6.5.2)
     * @throws IllegalArgumentException if an argument is negative
     */
    public HpackDecoder(int maxTableSize, int maxHeaderListSize) {
        this.maxTableSize = requireNonNegative(maxTableSize, "maxTableSize");
        this.maxHeaderListSize = requireNonNegative(maxHeaderListSize, "maxHeaderListSize");
        this.table = new DynamicTable(maxTableSize);
    }

    private static int requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    /**
     * Applies our new SETTINGS_HEADER_TABLE_SIZE once the peer has acknowledged it. A later table
     * size update above {@code maxTableSize} is a decoding error (RFC 7541 §6.3). If the limit is
     * below the table's current size, the next block must start with a size update not above it
     * (RFC 7541 §4.2), else that block is a decoding error.
     *
     * @param maxTableSize the new limit in octets
     * @throws IllegalArgumentException if {@code maxTableSize} is negative
     * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-4.2">RFC 7541 §4.2</a>
     */
    public void setMaxTableSize(int maxTableSize) {
        this.maxTableSize = requireNonNegative(maxTableSize, "maxTableSize");
        if (maxTableSize < table.capacity()) {
            requiredUpdateCeiling = Math.min(requiredUpdateCeiling, maxTableSize);
        }
    }

    /**
     * Changes the header list budget (our SETTINGS_MAX_HEADER_LIST_SIZE) for the following blocks.
     *
     * @param maxHeaderListSize the budget in octets (RFC 9113 §6.5.2)
     * @throws IllegalArgumentException if {@code maxHeaderListSize} is negative
     */
    public void setMaxHeaderListSize(int maxHeaderListSize) {
        this.maxHeaderListSize = requireNonNegative(maxHeaderListSize, "maxHeaderListSize");
    }

    /**
     * Decodes one complete header block (a HEADERS or PUSH_PROMISE fragment joined with its
     * CONTINUATIONs), from {@code block}'s position to its limit, handing each field to {@code sink}.
     * Fields sent as literals never indexed (RFC 7541 §6.2.3) come out {@link HeaderField#sensitive()}.
     *
     * @param block the header block; consumed to its limit unless an {@link HpackException} other
     *     than {@link HeaderListSizeException} is thrown
     * @param sink receives the fields in order
     * @throws HeaderListSizeException if the header list exceeds the budget: the fields up to the
     *     budget were delivered, the block was decoded to its end, and the connection may go on
     * @throws HpackException if the block breaks a rule of RFC 7541; the connection must end
     * @throws NullPointerException if an argument is null
     */
    public void decode(ByteBuffer block, HeaderSink sink) {
        Objects.requireNonNull(sink, "sink");
        int start = block.position();
        // Saved so that a sink may decode another block with this decoder, as it could before.
        byte[] outerSrc = src;
        int outerPos = pos;
        int outerEnd = end;
        int from;
        if (block.hasArray()) {
            // HpackBench.decodeCorpusOwn: parsing the backing array saves a bounds check and a
            // position update per get(); other buffers are copied once.
            src = block.array();
            from = block.arrayOffset() + start;
        } else {
            // A read-only block (the frame parser's): copied into a kept scratch array when small, as most
            // blocks are, so that decoding allocates nothing for it.
            int length = block.remaining();
            byte[] copy = length <= MAX_KEPT_SCRATCH ? copyBuffer(length) : new byte[length];
            block.get(start, copy, 0, length);
            src = copy;
            from = 0;
        }
        pos = from;
        end = from + block.remaining();
        try {
            decodeBlock(sink);
        } finally {
            block.position(start + (pos - from));
            src = outerSrc;
            pos = outerPos;
            end = outerEnd;
        }
    }

    private void decodeBlock(HeaderSink sink) {
        long listSize = 0;
        boolean fieldSeen = false;
        while (pos < end) {
            int b = src[pos++] & 0xFF;
            if ((b & 0xE0) == 0x20) {
                // RFC 7541 §4.2: a size update must come before the first field of a block.
                if (fieldSeen) {
                    throw new HpackException("RFC 7541 §4.2: dynamic table size update after a header field");
                }
                updateSize(readInt(b, 5));
                continue;
            }
            if (!fieldSeen) {
                fieldSeen = true;
                if (requiredUpdateCeiling != NO_UPDATE_REQUIRED) {
                    throw new HpackException("RFC 7541 §4.2: block must start with a dynamic table size update"
                            + " not above " + requiredUpdateCeiling);
                }
            }
            HeaderField field;
            long fieldSize;
            if (b >= 0x80) {
                // RFC 7541 §6.1: indexed header field, 1 + 7-bit prefix index.
                field = entry(readInt(b, 7));
                fieldSize = field.entrySize();
            } else {
                boolean indexing = b >= 0x40;
                // RFC 7541 §6.2.1: 01 + 6-bit name index; §6.2.2: 0000 + 4 bits; §6.2.3: 0001 + 4 bits.
                int nameIndex = readInt(b, indexing ? 6 : 4);
                long budget = maxHeaderListSize - listSize - HeaderField.ENTRY_OVERHEAD;
                byte[] name;
                if (nameIndex == 0) {
                    name = readString(indexing, budget);
                } else {
                    name = entry(nameIndex).name;
                    stringLength = name.length;
                }
                int nameLength = stringLength;
                byte[] value = readString(indexing, budget - nameLength);
                fieldSize = (long) nameLength + stringLength + HeaderField.ENTRY_OVERHEAD;
                field = value == null || name == null ? null : new HeaderField(name, value, (b & 0xF0) == 0x10);
                if (indexing) {
                    table.add(field);
                }
            }
            listSize += fieldSize;
            if (listSize <= maxHeaderListSize) {
                sink.accept(field);
            }
        }
        if (listSize > maxHeaderListSize) {
            throw new HeaderListSizeException(listSize, maxHeaderListSize);
        }
    }

    /**
     * Decodes one complete header block into a list; see {@link #decode(ByteBuffer, HeaderSink)}.
     *
     * @param block the header block, consumed to its limit
     * @return the header list, in order
     * @throws HeaderListSizeException if the header list exceeds the budget; the connection may go on
     * @throws HpackException if the block breaks a rule of RFC 7541; the connection must end
     * @throws NullPointerException if {@code block} is null
     */
    public List<HeaderField> decode(ByteBuffer block) {
        List<HeaderField> fields = new ArrayList<>();
        decode(block, fields::add);
        return fields;
    }

    /** Package-private view for tests. */
    DynamicTable dynamicTable() {
        return table;
    }

    private void updateSize(int size) {
        // RFC 7541 §6.3: the new size must not exceed the limit set by SETTINGS_HEADER_TABLE_SIZE.
        if (size > maxTableSize) {
            throw new HpackException("RFC 7541 §6.3: dynamic table size update to " + size
                    + " exceeds the limit " + maxTableSize);
        }
        table.setCapacity(size);
        if (size <= requiredUpdateCeiling) {
            requiredUpdateCeiling = NO_UPDATE_REQUIRED;
        }
    }

    private HeaderField entry(int index) {
        // RFC 7541 §6.1: index 0 is a decoding error.
        if (index == 0) {
            throw new HpackException("RFC 7541 §6.1: index 0");
        }
        if (index <= StaticTable.LENGTH) {
            return StaticTable.get(index);
        }
        // RFC 7541 §2.3.3: an index past both tables is a decoding error.
        if (index - StaticTable.LENGTH > table.length()) {
            throw new HpackException("RFC 7541 §2.3.3: index " + index + " is past the "
                    + (StaticTable.LENGTH + table.length()) + " table entries");
        }
        return table.get(index - StaticTable.LENGTH);
    }

    /** Reads an integer (RFC 7541 §5.1) whose first octet, {@code first}, was already consumed. */
    private int readInt(int first, int prefixBits) {
        long decoded = HpackInteger.decode(src, pos, end, first, prefixBits);
        pos = HpackInteger.position(decoded);
        return HpackInteger.value(decoded);
    }

    /**
     * Reads a string literal (RFC 7541 §5.2) and sets {@link #stringLength} to its decoded length.
     * Returns null, without copying, when the string is not kept for the table and exceeds
     * {@code budget}.
     */
    private byte[] readString(boolean keep, long budget) {
        if (pos == end) {
            throw new HpackException("RFC 7541 §5.2: string literal truncated at the end of the block");
        }
        int b = src[pos++] & 0xFF;
        int length = readInt(b, 7);
        if (length > end - pos) {
            throw new HpackException("RFC 7541 §5.2: string length " + length + " exceeds the "
                    + (end - pos) + " octets left in the block");
        }
        int at = pos;
        pos += length;
        if (b < 0x80) {
            stringLength = length;
            if (!keep && length > budget) {
                return null;
            }
            return Arrays.copyOfRange(src, at, at + length);
        }
        int maxLength = Huffman.maxDecodedLength(length);
        if (scratch.length < maxLength) {
            scratch = new byte[Math.max(Math.max(maxLength, 256), scratch.length * 2)];
        }
        int decoded = Huffman.decode(src, at, at + length, scratch);
        stringLength = decoded;
        if (!keep && decoded > budget) {
            return null;
        }
        return Arrays.copyOf(scratch, decoded);
    }

    /** An array of at least {@code length} octets for a block's copy: the kept one, unless a decode it holds is under way. */
    private byte[] copyBuffer(int length) {
        if (kept != null && src == kept) {
            // A sink decoding another block from inside this one: the outer block is in the kept array.
            return new byte[length];
        }
        if (kept == null || kept.length < length) {
            kept = new byte[Math.min(MAX_KEPT_SCRATCH, Math.max(length, 2 * (kept == null ? 64 : kept.length)))];
        }
        return kept;
    }
}
