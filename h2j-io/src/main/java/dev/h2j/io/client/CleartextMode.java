package dev.h2j.io.client;

/**
 * How a client starts HTTP/2 on an {@code http://} (cleartext) origin; {@code https://} origins always
 * negotiate h2 with TLS ALPN (RFC 9113 §3.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-3.3">RFC 9113 §3.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7540#section-3.2">RFC 7540 §3.2</a>
 */
public enum CleartextMode {
    /**
     * Prior knowledge (RFC 9113 §3.3): the client knows the server speaks h2 and sends the connection
     * preface at once.
     */
    PRIOR_KNOWLEDGE,
    /**
     * The HTTP/1.1 Upgrade dance of RFC 7540 §3.2: the first request goes out as HTTP/1.1 with
     * {@code Upgrade: h2c} and {@code HTTP2-Settings}; after the server's {@code 101 Switching Protocols}
     * the connection speaks h2 and the response to that request arrives on stream 1. A server that
     * answers in HTTP/1.1 instead fails the connection with {@link UpgradeRefusedException}.
     */
    UPGRADE,
}
