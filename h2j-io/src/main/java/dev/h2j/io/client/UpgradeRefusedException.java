package dev.h2j.io.client;

/**
 * An h2c upgrade failed: the server answered the HTTP/1.1 upgrade request with something other than
 * {@code 101 Switching Protocols} to h2c, so it does not speak HTTP/2 over cleartext by upgrade
 * (RFC 7540 §3.2). Try prior knowledge ({@link CleartextMode#PRIOR_KNOWLEDGE}) or https.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-3.2">RFC 7540 §3.2</a>
 */
public final class UpgradeRefusedException extends H2ClientException {
    private static final long serialVersionUID = 1L;

    /** The status line the server answered the upgrade request with. */
    private final String statusLine;

    /**
     * Creates an exception.
     *
     * @param statusLine the status line the server answered with, such as {@code HTTP/1.1 200 OK}
     * @param detail why the answer is not an upgrade
     */
    public UpgradeRefusedException(String statusLine, String detail) {
        super("h2c upgrade refused: the server answered \"" + statusLine + "\" " + detail
                + " (RFC 7540 §3.2); it does not speak HTTP/2 by upgrade: try prior knowledge or https", null, null);
        this.statusLine = statusLine;
    }

    /**
     * Returns the HTTP/1.1 status line the server answered with.
     *
     * @return the status line, without its CRLF
     */
    public String statusLine() {
        return statusLine;
    }
}
