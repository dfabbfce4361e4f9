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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.List;

/**
 * Two {@link H2Connection}s, client and server, wired buffer to buffer. The server sends each body in
 * DATA frames of at most the peer's max frame size, as the flow-control windows allow; the client credits
 * every DATA frame back with {@code acknowledgeReceivedData}, whose WINDOW_UPDATEs are coalesced by the
 * core. Two ways to move the octets:
 * <ul>
 *   <li><em>zero copy</em> (pair "h2j"), as Netty's pair does: the server queues body slices with
 *       {@code sendDataByReference}, each side hands its output to the other with
 *       {@code dataToSend(GatheringByteChannel)} (the channel passes every buffer it is given straight
 *       to the peer's {@code receiveData}), and the client's DATA events are views of that input
 *       ({@code withCopyReceivedData(false)}), read before the call returns;</li>
 *   <li><em>copying</em> (pair "h2j-copy"), what a socket driver does with the default API: {@code sendData}
 *       copies each slice in, {@code dataToSend(ByteBuffer)} moves the output into one reused transfer
 *       buffer, and each DATA event holds its own copy.</li>
 * </ul>
 */
final class H2jExchange implements Exchange {

    private static final List<HeaderField> RESPONSE =
            Headers.response(200).add("content-type", "application/octet-stream").build();

    private final H2Connection client;
    private final H2Connection server;
    private final ByteBuffer body;
    private final List<HeaderField> request;
    private final boolean zeroCopy;
    private final ByteBuffer transfer;
    private final Wire toServer = new Wire(true);
    private final Wire toClient = new Wire(false);
    /** Responses whose body the server has not sent to its end yet: stream ids, and octets sent of each. */
    private int[] pendingIds = new int[16];
    private int[] pendingSent = new int[16];
    private int pendingCount;
    private long received;
    private int ended;

    /**
     * @param window the client's initial stream window and its connection window (at least 65,535)
     * @param body what the server sends for every request (only read, never changed)
     * @param zeroCopy whether the pair moves DATA without copies, or with the copying API
     */
    H2jExchange(int window, ByteBuffer body, boolean zeroCopy) {
        this.body = body.slice().asReadOnlyBuffer();
        this.zeroCopy = zeroCopy;
        this.transfer = zeroCopy ? null : ByteBuffer.allocate(1 << 16);
        this.request = Headers.request("GET", "http", "bench.h2j.dev", "/").build();
        client = new H2Connection(H2Configuration.client().withCopyReceivedData(!zeroCopy)
                .withLimits(Limits.defaults().withInitialWindowSize(window)));
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
                send(client, toServer);
            }
            sendBodies();
            while (server.outboundSize() > 0) {
                moved = true;
                send(server, toClient);
            }
            if (!moved && ended < responses) {
                throw new IllegalStateException("stalled: " + ended + " of " + responses + " responses ended");
            }
        }
    }

    /** Moves what {@code from} has to send to the other side, which handles the events at once. */
    private void send(H2Connection from, Wire wire) {
        if (zeroCopy) {
            try {
                from.dataToSend(wire);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            transfer.clear();
            from.dataToSend(transfer);
            wire.deliver(transfer.flip());
        }
    }

    /**
     * One direction of the pair: every buffer written to it goes to the receiving side's
     * {@code receiveData}, whose events are handled before the write returns (they may make the receiving
     * side send, never the sending side, which is still inside {@code dataToSend}).
     */
    private final class Wire implements GatheringByteChannel {
        private final boolean toServer;

        Wire(boolean toServer) {
            this.toServer = toServer;
        }

        void deliver(ByteBuffer octets) {
            if (toServer) {
                onServer(server.receiveData(octets));
            } else {
                onClient(client.receiveData(octets));
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                written += srcs[i].remaining();
                deliver(srcs[i]);
            }
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            int written = src.remaining();
            deliver(src);
            return written;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Nothing to release: the pair closes its connections.
        }
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
                ByteBuffer chunk = sent == 0 && last ? body : body.slice(sent, length);
                if (zeroCopy) {
                    server.sendDataByReference(id, chunk, last);
                } else {
                    server.sendData(id, chunk, last);
                }
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
        send(client, toServer);
    }
}
