package dev.h2j.bench;

import java.util.List;

/**
 * One HPACK codec under test, in its own types: the header list as the codec's API takes it
 * ({@code L}) and an encoded block as its decoder reads it ({@code W}). Everything a benchmark op does
 * not measure (turning the workload into {@code L}, wrapping wire bytes into {@code W}) is done once,
 * before measuring.
 *
 * @param <L> a header list, ready to encode
 * @param <W> an encoded block, ready to decode
 */
public interface HpackPeer<L, W> {

    /** Returns the name the results table uses. */
    String name();

    /** Returns when this peer Huffman-codes a string literal, for the table's notes. */
    String huffmanPolicy();

    /** Returns {@code fields} in the codec's own types. */
    L prepare(List<Workload.Field> fields);

    /** Returns an encoder with a fresh compression context (4,096-octet dynamic table). */
    Encoder<L> newEncoder();

    /** Returns a decoder with a fresh compression context (4,096-octet dynamic table). */
    Decoder<W> newDecoder();

    /** Returns {@code block} wrapped for {@link Decoder#decode}; {@link Decoder#rewind} makes it readable again. */
    W wrap(byte[] block);

    /** Encodes header lists in order, sharing one dynamic table. */
    interface Encoder<L> {

        /** Encodes {@code list} into this encoder's own reusable output and returns the block's length. */
        int encode(L list) throws Exception;

        /** Returns a copy of the block the last {@link #encode} wrote. */
        byte[] lastBlock();
    }

    /** Decodes blocks in order, sharing one dynamic table. */
    interface Decoder<W> {

        /** Decodes {@code block} (from its start) and returns what the codec's API returns for it. */
        Object decode(W block) throws Exception;

        /** Returns what {@link #decode} returned as workload fields, to check a round trip. */
        List<Workload.Field> fields(Object decoded);
    }
}
