package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.WindowUpdated;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak (issue 8): one client and one server connection, in memory, carry 1,000,000 requests one after the
 * other (request, response, content, end; stream ids 1 to 1,999,999), and what they retain stays flat:
 * nothing is active or buffered between exchanges, and the heap after a full collection is the same after
 * the millionth stream as after the 100,000th. A closed stream costs O(1): the connection keeps the
 * highest id and a bounded ring of recent resets, never a record per closed stream.
 */
class SequentialStreamsSoakTest {
    static final int STREAMS = 1_000_000;
    /** When the heap is measured, after the warm-up. */
    static final int FIRST_CHECKPOINT = 100_000;
    /**
     * What the heap may grow by from the first checkpoint to the last: 900,000 streams that each kept even
     * 10 octets would take 9 MB. The rest is measurement noise (a full collection's result varies by a few
     * hundred KiB).
     */
    static final long GROWTH_BOUND = 8L << 20;

    private static final List<HeaderField> REQUEST = Headers.request("GET", "https", "example.com", "/soak").build();
    private static final List<HeaderField> RESPONSE = Headers.response(200).add("content-type", "text/plain").build();
    private static final byte[] CONTENT = "ok".getBytes(StandardCharsets.US_ASCII);

    @Test
    @Timeout(300)
    void aMillionSequentialStreamsLeaveNothingBehind() {
        H2Connection client = new H2Connection(H2Configuration.client());
        H2Connection server = new H2Connection(H2Configuration.server());
        client.initiateConnection();
        server.initiateConnection();
        server.receiveData(client.dataToSend());
        client.receiveData(server.dataToSend());
        server.receiveData(client.dataToSend());

        int requests = 0;
        int responses = 0;
        long baseline = 0;
        long highest = 0;
        int lastId = 0;
        for (int i = 1; i <= STREAMS; i++) {
            int id = client.nextAvailableStreamId();
            client.sendHeaders(id, REQUEST, true);
            List<Event> atServer = server.receiveData(client.dataToSend());
            for (Event e : atServer) {
                if (e instanceof RequestReceived && ((RequestReceived) e).streamId() == id) {
                    requests++;
                } else if (!(e instanceof StreamEnded || e instanceof WindowUpdated)) {
                    // Besides the request, only the client's WINDOW_UPDATEs for earlier content arrive.
                    throw new AssertionError("stream " + id + ": unexpected " + e);
                }
            }
            server.sendHeaders(id, RESPONSE, false);
            server.sendData(id, ByteBuffer.wrap(CONTENT), true);
            List<Event> atClient = client.receiveData(server.dataToSend());
            assertThat(atClient).hasSize(3);
            if (atClient.get(0) instanceof ResponseReceived && ((ResponseReceived) atClient.get(0)).streamId() == id) {
                responses++;
            }
            DataReceived data = (DataReceived) atClient.get(1);
            client.acknowledgeReceivedData(data.flowControlledLength(), id);
            if (client.activeStreams() != 0 || server.activeStreams() != 0 || client.bufferedInboundSize() != 0
                    || server.bufferedInboundSize() != 0) {
                throw new AssertionError("stream " + id + " left state behind: active " + client.activeStreams()
                        + "/" + server.activeStreams() + ", buffered " + client.bufferedInboundSize() + "/"
                        + server.bufferedInboundSize());
            }
            if (i == 1) {
                assertThat(atServer).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
                assertThat(atClient).hasExactlyElementsOfTypes(ResponseReceived.class, DataReceived.class,
                        StreamEnded.class);
            }
            if (i == FIRST_CHECKPOINT) {
                baseline = usedHeapAfterGc();
            } else if (i > FIRST_CHECKPOINT && i % 300_000 == 0 || i == STREAMS) {
                highest = Math.max(highest, usedHeapAfterGc());
            }
            lastId = id;
        }
        // 2,000,000 content octets went through windows of 65,535: every one was credited back on the way.
        assertThat(lastId).isEqualTo(2 * STREAMS - 1);
        assertThat(requests).isEqualTo(STREAMS);
        assertThat(responses).isEqualTo(STREAMS);
        assertThat(highest - baseline).as("heap growth from stream %d to %d", FIRST_CHECKPOINT, STREAMS)
                .isLessThan(GROWTH_BOUND);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
