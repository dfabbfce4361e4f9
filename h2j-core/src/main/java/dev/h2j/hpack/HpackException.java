package dev.h2j.hpack;

/**
 * A header block broke a rule of RFC 7541: the decoding context can no longer be trusted, so the
 * connection must end with COMPRESSION_ERROR (RFC 9113 §4.3).
 *
 * <p>The message names the rule and its section, e.g. {@code "RFC 7541 §5.1: integer exceeds 2^31-1"}.
 * Instances carry no stack trace: a peer can trigger them at will, so they must stay cheap.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-4.3">RFC 9113 §4.3</a>
 */
public class HpackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception naming the broken rule.
     *
     * @param message the rule and its section, then the offending detail
     */
    public HpackException(String message) {
        super(message, null, false, false);
    }

    /**
     * Tells whether the error ends the connection (COMPRESSION_ERROR) rather than one stream.
     *
     * @return true: every HPACK decoding error is a connection error, except {@link HeaderListSizeException}
     */
    public boolean isConnectionError() {
        return true;
    }
}
