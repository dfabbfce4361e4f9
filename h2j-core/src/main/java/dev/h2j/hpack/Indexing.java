package dev.h2j.hpack;

/**
 * How the encoder sends a header field that is not already in a table: the three literal
 * representations of RFC 7541 §6.2.
 *
 * @see IndexingPolicy
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-6.2">RFC 7541 §6.2</a>
 */
public enum Indexing {
    /** Literal with incremental indexing (RFC 7541 §6.2.1): both sides add the field to their dynamic table. */
    INCREMENTAL,
    /** Literal without indexing (RFC 7541 §6.2.2): the tables stay as they are; an intermediary may index it. */
    WITHOUT_INDEXING,
    /** Literal never indexed (RFC 7541 §6.2.3): no table anywhere on the path may index it (§7.1.3). */
    NEVER_INDEXED
}
