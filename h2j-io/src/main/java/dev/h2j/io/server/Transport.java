package dev.h2j.io.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Moves plaintext between a connection and its socket: directly (cleartext) or through an
 * {@link javax.net.ssl.SSLEngine} (TLS). Owned by one event loop; never blocks.
 */
interface Transport {

    /** What the transport needs before it can make progress. */
    enum Progress {
        /** Done: the step finished. */
        DONE,
        /** Waiting for the socket to become readable. */
        NEEDS_READ,
        /** Waiting for the socket to become writable. */
        NEEDS_WRITE
    }

    /**
     * Runs the TLS handshake as far as the socket allows; a cleartext transport has none.
     *
     * @return {@link Progress#DONE} once the handshake finished
     * @throws IOException if the socket or the handshake failed
     */
    Progress handshake() throws IOException;

    /**
     * Reads plaintext into {@code dst}, which must have room for one TLS record.
     *
     * @return the octets read, 0 if none are available now, -1 at the end of the stream
     * @throws IOException if the socket or the TLS layer failed
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes as much of {@code src} as the socket takes now; a TLS transport may keep at most one
     * record of it inside ({@link #pending()}).
     *
     * @throws IOException if the socket or the TLS layer failed
     */
    void write(ByteBuffer src) throws IOException;

    /**
     * Pushes octets kept inside to the socket.
     *
     * @return true when none are left inside
     * @throws IOException if the socket failed
     */
    boolean flush() throws IOException;

    /** Returns the octets kept inside, waiting for the socket. */
    int pending();

    /** Returns the size a read buffer needs: one TLS record's plaintext, or a default for cleartext. */
    int readBufferSize();

    /** Ends our output as the protocol asks (TLS close_notify), best effort; reading goes on. */
    void shutdownOutput();

    /** Says goodbye as the protocol asks (TLS close_notify, best effort) and closes the socket. */
    void close();
}
