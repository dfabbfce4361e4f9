package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client H2Connection and a server H2Connection talking to each other in memory. */
class ConversationTest {
    private final H2Connection client = new H2Connection(H2Configuration.client());
    private final H2Connection server = new H2Connection(H2Configuration.server());

    /** Moves everything {@code from} has queued into {@code to}, returning what {@code to} reports. */
    static List<Event> deliver(H2Connection from, H2Connection to) {
        return to.receiveData(from.dataToSend());
    }

    static List<HeaderField> fields(String... namesAndValues) {
        HeaderField[] fields = new HeaderField[namesAndValues.length / 2];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = HeaderField.of(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
        }
        return List.of(fields);
    }

    private void handshake() {
        client.initiateConnection();
        server.initiateConnection();
        assertThat(deliver(client, server)).hasExactlyElementsOfTypes(RemoteSettingsChanged.class);
        assertThat(deliver(server, client)).hasExactlyElementsOfTypes(RemoteSettingsChanged.class,
                SettingsAcknowledged.class);
        assertThat(deliver(client, server)).hasExactlyElementsOfTypes(SettingsAcknowledged.class);
    }

    @Test
    void aRequestAndItsResponseCrossTheWire() {
        handshake();
        int id = client.nextAvailableStreamId();
        client.sendHeaders(id, fields(":method", "GET", ":scheme", "https", ":authority", "example.com", ":path", "/", "accept", "*/*"), true);
        List<Event> atServer = deliver(client, server);
        assertThat(atServer).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        RequestReceived request = (RequestReceived) atServer.get(0);
        assertThat(request.streamId()).isEqualTo(1);
        assertThat(request.headers()).containsExactly(HeaderField.of(":method", "GET"),
                HeaderField.of(":scheme", "https"), HeaderField.of(":authority", "example.com"),
                HeaderField.of(":path", "/"), HeaderField.of("accept", "*/*"));
        assertThat(request.streamEnded()).contains((StreamEnded) atServer.get(1));
        assertThat(server.openInboundStreams()).isEqualTo(1);

        server.sendHeaders(id, fields(":status", "200", "content-length", "5"), false);
        server.sendData(id, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), true);
        List<Event> atClient = deliver(server, client);
        assertThat(atClient).hasExactlyElementsOfTypes(ResponseReceived.class, DataReceived.class, StreamEnded.class);
        DataReceived data = (DataReceived) atClient.get(1);
        assertThat(StandardCharsets.US_ASCII.decode(data.data()).toString()).isEqualTo("hello");
        assertThat(data.flowControlledLength()).isEqualTo(5);
        assertThat(client.openOutboundStreams()).isZero();
        assertThat(server.openInboundStreams()).isZero();
        assertThat(client.nextAvailableStreamId()).isEqualTo(3);
    }

    @Test
    void priorityFieldsOnARequestArriveAsItsRelatedPriorityUpdated() {
        handshake();
        client.sendHeaders(1, fields(":method", "GET", ":scheme", "https", ":authority", "example.com", ":path", "/"),
                true, new PrioritySpec(0, true, 200));
        List<Event> atServer = deliver(client, server);
        RequestReceived request = (RequestReceived) atServer.get(0);
        assertThat(request.priorityUpdated()).contains(new PriorityUpdated(1, 200, 0, true));
        assertThat(atServer).endsWith(new PriorityUpdated(1, 200, 0, true));
    }

    @Test
    void argumentsOutsideTheirRangeAreRefusedBeforeAnythingHappens() {
        handshake();
        assertThat(client.configuration().clientSide()).isTrue();
        client.sendHeaders(1, fields(":method", "POST", ":scheme", "https", ":authority", "example.com",
                ":path", "/"), false);
        client.dataToSend();
        assertThatThrownBy(() -> client.sendData(1, ByteBuffer.allocate(1), false, 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 9113 §6.1");
        assertThatThrownBy(() -> client.closeConnection(ErrorCode.NO_ERROR, -1, ByteBuffer.allocate(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 9113 §6.8");
        assertThat(client.outboundSize()).isZero();
    }
}
