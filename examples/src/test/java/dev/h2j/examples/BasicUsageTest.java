package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.ErrorScope;
import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.Headers;
import dev.h2j.StreamClosedException;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.InformationalResponseReceived;
import dev.h2j.event.PingAckReceived;
import dev.h2j.event.PingReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.TrailersReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.SettingsFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/basic-usage.md, run, with what their comments say checked. */
class BasicUsageTest {

    @Test
    void aConnectionFromItsPrefaceToItsGoAway() {
        // docs:lifecycle:start
        H2Connection client = new H2Connection(H2Configuration.client());
        H2Connection server = new H2Connection(H2Configuration.server());
        client.initiateConnection();                        // queues the preface and the client's SETTINGS
        server.initiateConnection();                        // queues the server's SETTINGS

        List<Event> settingsAtServer = server.receiveData(client.dataToSend());
        // [RemoteSettingsChanged]: the client's settings now apply; the server queued their ACK
        List<Event> settingsAtClient = client.receiveData(server.dataToSend());
        // [RemoteSettingsChanged, SettingsAcknowledged]: the server's settings, and the ACK of the client's
        List<Event> ackAtServer = server.receiveData(client.dataToSend());
        // [SettingsAcknowledged]: both sides' settings are in force

        int id = client.nextAvailableStreamId();           // 1
        client.sendHeaders(id, Headers.request("GET", "https", "example.com", "/").build(), true);
        List<Event> request = server.receiveData(client.dataToSend());
        // [RequestReceived, StreamEnded]: a request without content ends the client's half at once

        server.sendHeaders(id, Headers.response(200).build(), false);
        server.sendData(id, ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)), true);
        List<Event> response = client.receiveData(server.dataToSend());
        // [ResponseReceived, DataReceived, StreamEnded]: both halves ended, stream 1 is closed

        client.closeConnection(ErrorCode.NO_ERROR);
        List<Event> goAway = server.receiveData(client.dataToSend());
        // [ConnectionTerminated]: NO_ERROR, last stream id 0 (the server started no stream)
        // docs:lifecycle:end

        assertThat(settingsAtServer).hasExactlyElementsOfTypes(RemoteSettingsChanged.class);
        assertThat(settingsAtClient).hasExactlyElementsOfTypes(RemoteSettingsChanged.class,
                SettingsAcknowledged.class);
        assertThat(ackAtServer).hasExactlyElementsOfTypes(SettingsAcknowledged.class);
        assertThat(id).isEqualTo(1);
        assertThat(request).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(response).hasExactlyElementsOfTypes(ResponseReceived.class, DataReceived.class, StreamEnded.class);
        assertThat(goAway).singleElement().isEqualTo(new ConnectionTerminated(ErrorCode.NO_ERROR, 0,
                ByteBuffer.allocate(0)));
        assertThat(server.activeStreams()).isZero();
        assertThat(client.activeStreams()).isZero();
    }

    @Test
    void aRequestWithContentAndTrailersAndAnInterimResponse() {
        Pair pair = new Pair();
        H2Connection client = pair.client;
        H2Connection server = pair.server;
        byte[] body = "a line\n".getBytes(StandardCharsets.US_ASCII);
        // docs:messages:start
        int id = client.nextAvailableStreamId();
        client.sendHeaders(id, Headers.request("POST", "https", "example.com", "/upload")
                .add("content-type", "text/plain").build(), false);            // content follows
        client.sendData(id, ByteBuffer.wrap(body), false);
        client.sendHeaders(id, Headers.trailers().add("x-checksum", "c0ffee").build(), true);  // trailers end it
        List<Event> atServer = server.receiveData(client.dataToSend());
        // [RequestReceived, DataReceived, TrailersReceived, StreamEnded]

        server.sendHeaders(id, Headers.response(103).add("link", "</style.css>; rel=preload").build(), false);
        server.sendHeaders(id, Headers.response(200).add("content-type", "text/plain").build(), false);
        server.sendData(id, ByteBuffer.wrap(body), false);
        server.endStream(id);                                                   // an empty DATA frame with END_STREAM
        List<Event> atClient = client.receiveData(server.dataToSend());
        // [InformationalResponseReceived, ResponseReceived, DataReceived, DataReceived (empty), StreamEnded]
        // docs:messages:end

        assertThat(atServer).hasExactlyElementsOfTypes(RequestReceived.class, DataReceived.class,
                TrailersReceived.class, StreamEnded.class);
        assertThat(atClient).hasExactlyElementsOfTypes(InformationalResponseReceived.class,
                ResponseReceived.class, DataReceived.class, DataReceived.class, StreamEnded.class);
        assertThat(((DataReceived) atClient.get(3)).data().remaining()).isZero();
    }

    @Test
    void aGracefulShutdownLetsStreamsInFlightFinish() {
        Pair pair = new Pair();
        H2Connection client = pair.client;
        H2Connection server = pair.server;
        int id = client.nextAvailableStreamId();
        client.sendHeaders(id, Headers.request("GET", "https", "example.com", "/").build(), true);
        // docs:graceful:start
        server.closeGracefully();                           // GOAWAY with 2^31-1, and a PING
        List<Event> atClient = client.receiveData(server.dataToSend());
        // [ConnectionTerminated (NO_ERROR, 2147483647), PingReceived]: the PING's ACK is queued behind
        // the request the client had already sent
        List<Event> atServer = server.receiveData(client.dataToSend());
        // [RequestReceived, StreamEnded, PingAckReceived]: every request sent before the GOAWAY is in,
        // and the final GOAWAY, naming stream 1 as the last, is queued
        server.sendHeaders(id, Headers.response(204).build(), true);
        List<Event> last = client.receiveData(server.dataToSend());
        // [ConnectionTerminated (NO_ERROR, 1), ResponseReceived, StreamEnded]; server.activeStreams() is 0:
        // write what is left, then close the socket
        // docs:graceful:end
        assertThat(atClient).hasExactlyElementsOfTypes(ConnectionTerminated.class, PingReceived.class);
        assertThat(((ConnectionTerminated) atClient.get(0)).lastStreamId()).isEqualTo(Integer.MAX_VALUE);
        assertThat(atServer).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class,
                PingAckReceived.class);
        assertThat(last).hasExactlyElementsOfTypes(ConnectionTerminated.class, ResponseReceived.class,
                StreamEnded.class);
        assertThat(((ConnectionTerminated) last.get(0)).lastStreamId()).isEqualTo(1);
        assertThat(server.activeStreams()).isZero();
    }

    // docs:receive-errors:start
    /** Feeds octets from the peer to the connection; false when the connection is over. */
    static boolean receive(H2Connection conn, ByteBuffer input, Consumer<Event> application) {
        try {
            conn.receiveData(input).forEach(application);
            return true;
        } catch (H2Exception e) {
            // Scope CONNECTION: the peer broke a rule that ends the connection, and the GOAWAY saying which
            // is queued. The events of the frames before the bad one are valid: hand them on too.
            e.events().forEach(application);
            return false;                                   // write conn.dataToSend(), then close the socket
        }
    }
    // docs:receive-errors:end

    @Test
    void aConnectionErrorKeepsTheEventsBeforeItAndQueuesGoAway() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        server.dataToSend();
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();
        ByteBuffer input = ByteBuffer.allocate(1024);
        input.put(client.dataToSend());
        // A WINDOW_UPDATE of 0 on stream 0 is a connection error PROTOCOL_ERROR (RFC 9113 §6.9).
        input.put(new byte[] {0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0}).flip();
        List<Event> seen = new ArrayList<>();

        assertThat(receive(server, input, seen::add)).isFalse();

        assertThat(seen).hasExactlyElementsOfTypes(RemoteSettingsChanged.class);
        ByteBuffer out = server.dataToSend();
        FrameParser parser = new FrameParser();
        assertThat(parser.next(out)).isInstanceOf(SettingsFrame.class);            // the ACK of the client's
        assertThat(parser.next(out)).isInstanceOfSatisfying(GoAwayFrame.class,
                goAway -> assertThat(goAway.errorCode()).isEqualTo(ErrorCode.PROTOCOL_ERROR));
        assertThat(receive(new Pair().server, ByteBuffer.allocate(0), seen::add)).isTrue();
    }

    @Test
    void aRefusedCallChangesNothing() {
        Pair pair = new Pair();
        int id = pair.client.nextAvailableStreamId();
        pair.client.sendHeaders(id, Headers.request("GET", "https", "example.com", "/").build(), true);
        pair.client.dataToSend();
        H2Connection client = pair.client;
        // docs:refused-call:start
        H2Exception refused = null;
        try {
            client.sendData(id, ByteBuffer.wrap(new byte[10]), false);   // we already ended stream 1
        } catch (StreamClosedException e) {
            refused = e;                                                // scope CALLER: nothing was queued
        }
        // docs:refused-call:end
        assertThat(refused).isNotNull();
        assertThat(refused.scope()).isEqualTo(ErrorScope.CALLER);
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.STREAM_CLOSED);
        assertThat(client.outboundSize()).isZero();
        assertThat(client.isWritable()).isTrue();
    }
}
