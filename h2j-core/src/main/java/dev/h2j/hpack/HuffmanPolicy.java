package dev.h2j.hpack;

/**
 * When the encoder Huffman-codes string literals (RFC 7541 §5.2).
 *
 * @see HpackEncoder.Builder#huffman(HuffmanPolicy)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-5.2">RFC 7541 §5.2</a>
 */
public enum HuffmanPolicy {
    /** Huffman-code a string only when that is strictly shorter than its raw octets (the default). */
    SHORTER,
    /** Huffman-code every string, even when that makes it longer. */
    ALWAYS,
    /** Never Huffman-code: send raw octets. */
    NEVER
}
