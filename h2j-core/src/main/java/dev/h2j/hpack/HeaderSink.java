package dev.h2j.hpack;

/**
 * Receives the fields of a header block, in order, as {@link HpackDecoder} decodes them.
 *
 * @see HpackDecoder#decode(java.nio.ByteBuffer, HeaderSink)
 */
@FunctionalInterface
public interface HeaderSink {

    /**
     * Accepts the next decoded field. The decoder may hand out the same instance again later: table
     * entries are shared, immutable {@link HeaderField}s.
     *
     * @param field the field, never null
     */
    void accept(HeaderField field);
}
