package dev.h2j.internal;

/**
 * The states of the connection state machine: coarse, role-aware, without side effects. Its job is to
 * forbid what a role or a closing connection may not do (a client has no transition for sending
 * PUSH_PROMISE; a connection that sent or received GOAWAY opens no new streams).
 *
 * <pre>{@code
 *            IDLE
 *          /      \
 *   CLIENT_OPEN  SERVER_OPEN --graceful GOAWAY--> SERVER_DRAINING
 *        |            \                               |
 *    GOAWAY          GOAWAY                  final GOAWAY (after the PING ACK)
 *        v              v                             v
 *  CLIENT_CLOSING   SERVER_CLOSING <------------------'
 *         \            /
 *   GOAWAY with an error code: CLOSED (from every state)
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.8">RFC 9113 §6.8</a>
 */
enum ConnectionState {
    /** Created; nothing sent yet. */
    IDLE,
    /** A client connection after its preface. */
    CLIENT_OPEN,
    /** A server connection after its preface. */
    SERVER_OPEN,
    /** A client connection after a GOAWAY went either way: streams finish, no new ones start. */
    CLIENT_CLOSING,
    /**
     * A server that sent the first GOAWAY of a graceful shutdown (last stream id 2^31-1) and a PING: it
     * still accepts the streams the client started before seeing the GOAWAY, and sends the final GOAWAY
     * when the PING's ACK arrives.
     */
    SERVER_DRAINING,
    /** A server connection after a final GOAWAY went either way: streams finish, no new ones start. */
    SERVER_CLOSING,
    /** A GOAWAY with an error code was sent: the connection takes no more input and sends nothing more. */
    CLOSED,
}
