package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.Event;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §6.8: streams we started above a received GOAWAY's last stream id were not processed;
 * they close as refused, so the caller can retry them on a new connection.
 */
class GoAwayRefusedStreamsTest {

    @Test
    void ourStreamsAboveTheLastStreamIdAreResetAsRefusedAndTheOthersGoOn() {
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();
        client.receiveData(Frames.settings().buffer());
        for (int id = 1; id <= 5; id += 2) {
            client.sendHeaders(id, Headers.request("GET", "https", "example.com", "/" + id).build(), true);
        }
        assertThat(client.openOutboundStreams()).isEqualTo(3);

        List<Event> events = client.receiveData(Frames.goAway(1, ErrorCode.NO_ERROR).buffer());

        assertThat(events).containsExactly(
                new ConnectionTerminated(ErrorCode.NO_ERROR, 1, ByteBuffer.allocate(0)),
                new StreamReset(3, ErrorCode.REFUSED_STREAM, true),
                new StreamReset(5, ErrorCode.REFUSED_STREAM, true));
        assertThat(client.openOutboundStreams()).as("stream 1 may still complete").isEqualTo(1);
        client.receiveData(Frames.headers(1).response(200).endStream().buffer());
        assertThat(client.openOutboundStreams()).isZero();
    }
}
