package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.h2j.event.Event;
import dev.h2j.frame.ErrorCode;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The fixture of the protocol-scenario tests: a connection past its preface exchange, and the
 * {@link Peer} reading what it sends. The peer's SETTINGS were applied and acknowledged, ours were
 * acknowledged, and what the handshake queued was read, so {@link #sent()} starts empty. Two
 * assertions check the two ways a scenario fails: a call refused ({@link #refuses}) and a peer's
 * connection error ({@link #failsConnection}).
 *
 * <pre>{@code
 * Handshake server = Handshake.server();
 * assertThat(server.receive(Frames.ping(7))).containsExactly(new PingReceived(7));
 * assertThat(server.sent()).containsExactly(Frames.pingAck(7));
 * }</pre>
 */
final class Handshake {

    final H2Connection conn;
    private final Peer peer;

    private Handshake(H2Configuration config, Peer peer, Wire... peerPreface) {
        this.conn = new H2Connection(config);
        this.peer = peer;
        conn.initiateConnection();
        conn.receiveData(Frames.concat(peerPreface));
        sent();
    }

    /** A default server after the handshake, the client's SETTINGS empty. */
    static Handshake server() {
        return server(H2Configuration.server(), Frames.settings());
    }

    /** A default server after the client preface, {@code peerSettings} and the ACK of our SETTINGS. */
    static Handshake server(TestFrame.Settings peerSettings) {
        return server(H2Configuration.server(), peerSettings);
    }

    /** A server after the client preface, {@code peerSettings} and the ACK of our SETTINGS. */
    static Handshake server(H2Configuration config, TestFrame.Settings peerSettings) {
        return new Handshake(config, Peer.readingFromServer(), Frames.clientPreface(), peerSettings,
                Frames.settingsAck());
    }

    /** A default client after the handshake, the server's SETTINGS empty. */
    static Handshake client() {
        return client(H2Configuration.client(), Frames.settings());
    }

    /** A default client after the server's {@code peerSettings} and the ACK of our SETTINGS. */
    static Handshake client(TestFrame.Settings peerSettings) {
        return client(H2Configuration.client(), peerSettings);
    }

    /** A client after the server's {@code peerSettings} and the ACK of our SETTINGS. */
    static Handshake client(H2Configuration config, TestFrame.Settings peerSettings) {
        return new Handshake(config, Peer.readingFromClient(), peerSettings, Frames.settingsAck());
    }

    /** Feeds {@code frames} to the connection in one call and returns its events. */
    List<Event> receive(Wire... frames) {
        return conn.receiveData(Frames.concat(frames));
    }

    /** The frames the connection queued since the last call, as the peer reads them. */
    List<TestFrame> sent() {
        return peer.read(conn.dataToSend());
    }

    /** The peer's reader, to adjust it as the peer's own settings would ({@link Peer#setMaxFrameSize}). */
    Peer peer() {
        return peer;
    }

    /**
     * Asserts that {@code call} is refused: a {@code type} with scope CALLER and {@code code}, its message
     * naming {@code rule} (such as {@code "RFC 9113 §6.9.1"}), and nothing queued (drain first).
     */
    <T extends H2Exception> T refuses(ThrowingCallable call, Class<T> type, ErrorCode code, String rule) {
        return refused(conn, call, type, code, rule);
    }

    /** As {@link #refuses}, for a connection without a handshake (idle, or about to upgrade). */
    static <T extends H2Exception> T refused(H2Connection conn, ThrowingCallable call, Class<T> type, ErrorCode code,
            String rule) {
        T e = thrown(catchThrowable(call), type, code, rule);
        assertThat(e.scope()).isEqualTo(ErrorScope.CALLER);
        assertThat(conn.outboundSize()).as("octets queued by a refused call").isZero();
        return e;
    }

    /**
     * Feeds {@code frames} that break a connection-level rule and asserts the exception; see
     * {@link #connectionError}. Assert its {@link H2Exception#events()} and the GOAWAY in {@link #sent()} next.
     */
    <T extends H2Exception> T failsConnection(Class<T> type, ErrorCode code, String rule, Wire... frames) {
        return connectionError(() -> receive(frames), type, code, rule);
    }

    /**
     * Asserts that {@code call} throws a connection error: a {@code type} with scope CONNECTION and
     * {@code code}, its message naming {@code rule}.
     */
    static <T extends H2Exception> T connectionError(ThrowingCallable call, Class<T> type, ErrorCode code,
            String rule) {
        T e = thrown(catchThrowable(call), type, code, rule);
        assertThat(e.scope()).isEqualTo(ErrorScope.CONNECTION);
        return e;
    }

    private static <T extends H2Exception> T thrown(Throwable thrown, Class<T> type, ErrorCode code, String rule) {
        assertThat(thrown).as("a %s naming %s", type.getSimpleName(), rule).isInstanceOf(type)
                .hasMessageContaining(rule);
        T e = type.cast(thrown);
        assertThat(e.errorCode()).isEqualTo(code);
        return e;
    }
}
