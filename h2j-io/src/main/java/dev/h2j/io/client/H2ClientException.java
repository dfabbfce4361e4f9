package dev.h2j.io.client;

import dev.h2j.frame.ErrorCode;
import java.io.IOException;
import java.util.Optional;

/**
 * A request or connection of the h2j client failed: the message says what happened and, when an HTTP/2
 * error code is involved (a reset stream, a GOAWAY), {@link #errorCode()} names it.
 *
 * <p>The subclasses say who ended what: {@link StreamResetException} (RST_STREAM),
 * {@link GoAwayException} (GOAWAY) and {@link UpgradeRefusedException} (an h2c upgrade the server
 * declined). Plain instances report I/O, TLS and ALPN failures and misuse of a closed connection.
 */
public class H2ClientException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode errorCode;

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param errorCode the HTTP/2 error code involved, or null when none is
     * @param cause the underlying failure, or null
     */
    public H2ClientException(String message, ErrorCode errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /**
     * Returns the HTTP/2 error code involved: the RST_STREAM or GOAWAY code, or the code of the rule the
     * server broke.
     *
     * @return the code, or empty for failures outside HTTP/2 (I/O, TLS, an HTTP/1.1 answer)
     */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** Names a code as the messages do: {@code PROTOCOL_ERROR (0x1)}. */
    static String describe(ErrorCode code) {
        return code.name() + " (0x" + Long.toHexString(code.unsignedCode()) + ")";
    }
}
