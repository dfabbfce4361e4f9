package dev.h2j.io.client;

import dev.h2j.frame.ErrorCode;
import java.util.Objects;

/**
 * The connection ended with GOAWAY (RFC 9113 §6.8): the server closed it, with an error code or
 * gracefully, or h2j closed it because the server broke a connection-level rule (RFC 9113 §5.4.1).
 * Every request still in flight on the connection fails with it.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
 */
public final class GoAwayException extends H2ClientException {
    private static final long serialVersionUID = 1L;

    /** The GOAWAY's last stream id; 0 for a GOAWAY h2j sent. */
    private final int lastStreamId;
    /** Whether the server sent the GOAWAY (else h2j did). */
    private final boolean byServer;
    /** The server's additional debug data, or the rule the server broke; may be empty. */
    private final String debugData;

    /**
     * Creates an exception.
     *
     * @param errorCode the GOAWAY error code
     * @param lastStreamId the GOAWAY's last stream id (for a GOAWAY h2j sent, 0)
     * @param byServer true if the server sent the GOAWAY, false if h2j did
     * @param debugData the additional debug data of the server's GOAWAY, or the rule the server broke;
     *     may be empty
     * @throws NullPointerException if {@code errorCode} or {@code debugData} is null
     */
    public GoAwayException(ErrorCode errorCode, int lastStreamId, boolean byServer, String debugData) {
        super(message(Objects.requireNonNull(errorCode, "errorCode"), lastStreamId, byServer,
                Objects.requireNonNull(debugData, "debugData")), errorCode, null);
        this.lastStreamId = lastStreamId;
        this.byServer = byServer;
        this.debugData = debugData;
    }

    private static String message(ErrorCode code, int lastStreamId, boolean byServer, String debugData) {
        if (byServer) {
            return "connection closed by the server: GOAWAY " + describe(code) + ", last stream " + lastStreamId
                    + (debugData.isEmpty() ? "" : ", debug data \"" + debugData + "\"");
        }
        return "connection closed by h2j: GOAWAY " + describe(code) + (debugData.isEmpty() ? "" : ": " + debugData);
    }

    /**
     * Returns the GOAWAY's last stream id: requests on streams above it were not processed by the server
     * and may be sent again on a new connection.
     *
     * @return the last stream id
     */
    public int lastStreamId() {
        return lastStreamId;
    }

    /**
     * Returns who sent the GOAWAY.
     *
     * @return true if the server did, false if h2j did
     */
    public boolean byServer() {
        return byServer;
    }

    /**
     * Returns the debug data: the server's additional debug data (decoded as UTF-8), or the rule the
     * server broke when h2j sent the GOAWAY.
     *
     * @return the text, possibly empty
     */
    public String debugData() {
        return debugData;
    }
}
