package dev.h2j;

/**
 * How far an {@link H2Exception} reaches: the whole connection, one stream, or only the call that
 * raised it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-5.4">RFC 9113 §5.4</a>
 */
public enum ErrorScope {
    /**
     * A connection error (RFC 9113 §5.4.1): the peer broke a rule that ends the connection. A GOAWAY
     * frame carrying the error code is already in the outbound buffer; send it, then close.
     */
    CONNECTION,
    /**
     * A stream error (RFC 9113 §5.4.2): the peer broke a rule that ends one stream. The connection
     * answers these itself with RST_STREAM and a {@link dev.h2j.event.StreamReset} event; this scope
     * is never thrown out of {@link H2Connection}.
     */
    STREAM,
    /**
     * The caller asked for something the protocol or the connection's state does not allow. The call
     * was refused and changed nothing: no frame was queued, no state, window or compression table moved.
     */
    CALLER,
}
