package dev.h2j.bench;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Two {@link H2Connection}s, client and server, exchanging what {@code dataToSend(ByteBuffer)} moves
 * into one reused transfer buffer (the non-allocating form a socket driver uses). The server sends
 * each body in DATA frames of at most the peer's max frame size, as the flow-control windows allow;
 * the client credits every DATA frame back with {@code acknowledgeReceivedData}, whose WINDOW_UPDATEs
 * are coalesced by the core.
 */
final class H2jExchange implements Exchange {

    private static final List<HeaderField> RESPONSE =
            Headers.response(200).add("content-type", "application/octet-stream").build();

    private final H2Connection client;
    private final H2Connection server;
    private final ByteBuffer body;
    private final List<HeaderField> request;
    private final ByteBuffer transfer = ByteBuffer.allocate(1 << 16);
    /** Responses whose body the server has not sent to its end yet: stream ids, and octets sent of each. */
    private int[] pendingIds = new int[16];
    private int[] pendingSent = new int[16];
    private int pendingCount;
    private long received;
    private int ended;

    /**
     * @param window the client's initial stream window and its connection window (at least 65,535)
     * @param body what the server sends for every request (only read, never changed)
     */
    H2jExchange(int window, ByteBuffer body) {
        this.body = body.slice().asReadOnlyBuffer();
        this.request = Headers.request("GET", "http", "bench.h2j.dev", "/").build();
        client = new H2Connection(H2Configuration.client().withLimits(Limits.defaults().withInitialWindowSize(window)));
        server = new H2Connection(H2Configuration.server());
        client.initiateConnection();
        server.initiateConnection();
        if (window > 65_535) {
            // RFC 9113 §6.9.2: SETTINGS do not change the connection window; a WINDOW_UPDATE does.
            client.incrementFlowControlWindow(window - 65_535);
        }
        pump(0);
    }

    @Override
    public long exchange(int requests) {
        received = 0;
        ended = 0;
        for (int i = 0; i < requests; i++) {
            client.sendHeaders(client.nextAvailableStreamId(), request, true);
        }
        pump(requests);
        if (ended != requests) {
            throw new IllegalStateException(ended + " of " + requests + " responses ended");
        }
        return received;
    }

    /** Moves bytes both ways until neither side has anything to send and {@code responses} have ended. */
    private void pump(int responses) {
        boolean moved = true;
        while (moved || ended < responses) {
            moved = false;
            while (client.outboundSize() > 0) {
                moved = true;
                onServer(server.receiveData(take(client)));
            }
            sendBodies();
            while (server.outboundSize() > 0) {
                moved = true;
                onClient(client.receiveData(take(server)));
            }
            if (!moved && ended < responses) {
                throw new IllegalStateException("stalled: " + ended + " of " + responses + " responses ended");
            }
        }
    }

    private ByteBuffer take(H2Connection from) {
        transfer.clear();
        from.dataToSend(transfer);
        return transfer.flip();
    }

    private void onServer(List<Event> events) {
        for (Event event : events) {
            if (event instanceof RequestReceived r) {
                server.sendHeaders(r.streamId(), RESPONSE, false);
                if (pendingCount == pendingIds.length) {
                    pendingIds = Arrays.copyOf(pendingIds, 2 * pendingCount);
                    pendingSent = Arrays.copyOf(pendingSent, 2 * pendingCount);
                }
                pendingIds[pendingCount] = r.streamId();
                pendingSent[pendingCount++] = 0;
            }
        }
    }

    /**
     * Sends what the windows allow of every pending body, in DATA frames of at most the max frame size:
     * the shared body itself when the rest fits one frame (sendData leaves its position alone), a slice
     * of it otherwise; a pending body is a stream id and an offset, no object per response.
     */
    private void sendBodies() {
        int size = body.remaining();
        for (int i = 0; i < pendingCount; i++) {
            int id = pendingIds[i];
            int sent = pendingSent[i];
            long window;
            while (sent < size && server.isWritable() && (window = server.localFlowControlWindow(id)) > 0) {
                int length = (int) Math.min(size - sent, Math.min(window, server.maxOutboundFrameSize()));
                boolean last = sent + length == size;
                server.sendData(id, sent == 0 && last ? body : body.slice(sent, length), last);
                sent += length;
            }
            pendingSent[i] = sent;
            if (sent == size) {
                pendingCount--;
                pendingIds[i] = pendingIds[pendingCount];
                pendingSent[i] = pendingSent[pendingCount];
                i--;
            }
        }
    }

    private void onClient(List<Event> events) {
        for (Event event : events) {
            if (event instanceof DataReceived d) {
                received += d.data().remaining();
                client.acknowledgeReceivedData(d.flowControlledLength(), d.streamId());
            } else if (event instanceof StreamEnded) {
                ended++;
            }
        }
    }

    @Override
    public void close() {
        client.closeConnection(ErrorCode.NO_ERROR);
        server.receiveData(take(client));
    }
}
