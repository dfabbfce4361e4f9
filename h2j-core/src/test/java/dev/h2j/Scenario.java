package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.Event;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.frame.ErrorCode;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * One H2Connection under test, past its handshake, and the {@link Peer} that plays the other endpoint:
 * the test feeds frames built with {@link Frames} through {@link #receive(Wire...)} and reads what the
 * connection sent with {@link #sent()}. Every octet the connection sends goes through the one peer, so
 * its HPACK decoder stays in step with the connection's encoder.
 */
final class Scenario {

    /** The connection under test. */
    final H2Connection conn;
    private final Peer peer;

    private Scenario(H2Connection conn, Peer peer) {
        this.conn = conn;
        this.peer = peer;
    }

    /** A default server whose client sent {@code clientSettings} and acknowledged the server's. */
    static Scenario server(TestFrame.Settings clientSettings) {
        return server(H2Configuration.server(), clientSettings);
    }

    /** A default client whose server sent {@code serverSettings} and acknowledged the client's. */
    static Scenario client(TestFrame.Settings serverSettings) {
        return client(H2Configuration.client(), serverSettings);
    }

    /** A connection set up by the test itself (an h2c upgrade, say); nothing it queued is read yet. */
    static Scenario of(H2Connection conn, Peer peer) {
        return new Scenario(conn, peer);
    }

    /** A default server whose client sent an empty SETTINGS and acknowledged the server's. */
    static Scenario server() {
        return server(H2Configuration.server());
    }

    static Scenario server(H2Configuration config) {
        return server(config, Frames.settings());
    }

    /** A server whose client sent {@code clientSettings} (their ACK is read) and acknowledged the server's. */
    static Scenario server(H2Configuration config, TestFrame.Settings clientSettings) {
        Scenario s = new Scenario(new H2Connection(config), Peer.readingFromServer());
        s.conn.initiateConnection();
        assertThat(s.receive(Frames.clientPreface(), clientSettings, Frames.settingsAck()))
                .hasExactlyElementsOfTypes(RemoteSettingsChanged.class, SettingsAcknowledged.class);
        assertThat(s.sent()).hasSize(2).endsWith(Frames.settingsAck());
        return s;
    }

    /** A default client whose server sent an empty SETTINGS and acknowledged the client's. */
    static Scenario client() {
        return client(H2Configuration.client());
    }

    static Scenario client(H2Configuration config) {
        return client(config, Frames.settings());
    }

    /** A client whose server sent {@code serverSettings} (their ACK is read) and acknowledged the client's. */
    static Scenario client(H2Configuration config, TestFrame.Settings serverSettings) {
        Scenario s = new Scenario(new H2Connection(config), Peer.readingFromClient());
        s.conn.initiateConnection();
        assertThat(s.receive(serverSettings, Frames.settingsAck()))
                .hasExactlyElementsOfTypes(RemoteSettingsChanged.class, SettingsAcknowledged.class);
        assertThat(s.sent()).hasSize(2).endsWith(Frames.settingsAck());
        return s;
    }

    /** Feeds the octets of {@code frames}, in one buffer, as if the peer sent them. */
    List<Event> receive(Wire... frames) {
        return conn.receiveData(Frames.concat(frames));
    }

    /** Takes and reads every octet the connection queued since the last call. */
    List<TestFrame> sent() {
        return peer.read(conn.dataToSend());
    }

    /** The peer's reader, to adjust it as the peer's own settings would ({@link Peer#setMaxFrameSize}). */
    Peer peer() {
        return peer;
    }

    /**
     * Asserts that {@code call} is refused (scope CALLER, {@code code}, a message naming {@code rule})
     * and queued nothing; drain with {@link #sent()} first.
     */
    <T extends H2Exception> T refuses(ThrowingCallable call, Class<T> type, ErrorCode code, String rule) {
        return H2Assertions.assertRefused(conn, call, type, code, rule);
    }

    /**
     * Feeds {@code frames} that break a connection-level rule and asserts the connection error; assert
     * its {@link H2Exception#events()} and the GOAWAY in {@link #sent()} next.
     */
    <T extends H2Exception> T failsConnection(Class<T> type, ErrorCode code, String rule, Wire... frames) {
        return H2Assertions.assertConnectionError(() -> receive(frames), type, code, rule);
    }
}
