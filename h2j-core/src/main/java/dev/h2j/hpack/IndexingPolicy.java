package dev.h2j.hpack;

/**
 * Decides how the encoder sends a header field that matches no table entry exactly: which of the
 * literal representations of RFC 7541 §6.2 it uses.
 *
 * <p>The encoder consults the policy only for fields that are not {@link HeaderField#sensitive()
 * sensitive}; sensitive fields are always sent never indexed. Implementations must be stateless or
 * thread-safe if an instance is shared between encoders.
 *
 * @see HpackEncoder.Builder#indexing(IndexingPolicy)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7541#section-7.1">RFC 7541 §7.1</a>
 */
@FunctionalInterface
public interface IndexingPolicy {

    /**
     * The default policy. It sends as never indexed (RFC 7541 §7.1.3) {@code authorization},
     * {@code proxy-authorization}, {@code set-cookie}, and {@code cookie} values shorter than 20
     * octets (short enough to guess). It sends without indexing the fields that rarely repeat:
     * {@code :path} and {@code location} values holding a {@code ?}, {@code content-length},
     * {@code content-range}, {@code etag}, {@code if-modified-since},
     * {@code if-none-match}, {@code age}, {@code x-request-id}, and any field
     * whose size exceeds 3/4 of the table size. Everything else is indexed, {@code date} and
     * {@code last-modified} included: they repeat across the responses of one second and the assets of
     * one deployment.
     */
    IndexingPolicy DEFAULT = DefaultIndexingPolicy::decide;

    /**
     * Indexes every field (the encoder of RFC 7541 Appendix C does this).
     */
    IndexingPolicy ALWAYS = (field, maxTableSize) -> Indexing.INCREMENTAL;

    /**
     * Indexes nothing: every literal is sent without indexing.
     */
    IndexingPolicy NEVER = (field, maxTableSize) -> Indexing.WITHOUT_INDEXING;

    /**
     * Returns how to send {@code field}.
     *
     * @param field a non-sensitive field that matches no table entry exactly
     * @param maxTableSize the encoder's current dynamic table size limit, in octets (RFC 7541 §4.2)
     * @return the literal representation to use
     */
    Indexing decide(HeaderField field, int maxTableSize);
}
