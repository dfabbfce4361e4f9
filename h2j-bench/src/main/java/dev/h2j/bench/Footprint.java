package dev.h2j.bench;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.hpack.HeaderField;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what the core keeps in the heap (issue 9's memory targets), by the used heap after full
 * collections, before and after: per idle server connection past its handshake (core state only, no
 * socket or driver), and per open stream on one side. Prints one JSON object:
 * {@code java -cp benchmarks.jar dev.h2j.bench.Footprint}.
 */
public final class Footprint {
    private static final int CONNECTIONS = 4_000;
    private static final int STREAMS = 20_000;

    private Footprint() {
    }

    /**
     * Prints the measurement.
     *
     * @param args none
     * @throws InterruptedException if interrupted between collections
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.printf(Locale.ROOT, "{\"idleConnection\": %.0f, \"openStream\": %.0f, \"connections\": %d,"
                + " \"streams\": %d}%n", idleConnection(), openStream(), CONNECTIONS, STREAMS);
    }

    /** Octets retained per server connection that finished its handshake and then sat idle. */
    static double idleConnection() throws InterruptedException {
        List<H2Connection> servers = new ArrayList<>(CONNECTIONS);
        // One configuration for all, as a server shares one between its connections.
        H2Configuration clientConfiguration = H2Configuration.client();
        H2Configuration serverConfiguration = H2Configuration.server();
        long before = usedHeap();
        for (int i = 0; i < CONNECTIONS; i++) {
            H2Connection client = new H2Connection(clientConfiguration);
            H2Connection server = new H2Connection(serverConfiguration);
            client.initiateConnection();
            server.initiateConnection();
            settle(client, server);
            servers.add(server);
        }
        long after = usedHeap();
        double perConnection = (after - before) / (double) CONNECTIONS;
        if (servers.size() != CONNECTIONS) {
            throw new IllegalStateException("the connections must stay reachable until measured");
        }
        return perConnection;
    }

    /** Octets retained per open stream on one side, after a request without END_STREAM opened it. */
    static double openStream() throws InterruptedException {
        Limits limits = Limits.defaults().withMaxConcurrentStreams(STREAMS + 1);
        H2Connection client = new H2Connection(H2Configuration.client().withLimits(limits));
        H2Connection server = new H2Connection(H2Configuration.server().withLimits(limits));
        client.initiateConnection();
        server.initiateConnection();
        settle(client, server);
        List<HeaderField> request = Headers.request("GET", "https", "bench.h2j.dev", "/").build();
        long before = usedHeap();
        for (int i = 0; i < STREAMS; i++) {
            client.sendHeaders(client.nextAvailableStreamId(), request, false);
            if (i % 100 == 99) {
                settle(client, server);
            }
        }
        settle(client, server);
        long after = usedHeap();
        if (server.activeStreams() != STREAMS || client.activeStreams() != STREAMS) {
            throw new IllegalStateException("expected " + STREAMS + " open streams on each side, not "
                    + server.activeStreams() + " and " + client.activeStreams());
        }
        // Both sides hold each stream.
        return (after - before) / (2.0 * STREAMS);
    }

    /** Moves octets both ways until neither side has any to send; the events are dropped. */
    private static void settle(H2Connection client, H2Connection server) {
        ByteBuffer transfer = ByteBuffer.allocate(1 << 16);
        boolean moved = true;
        while (moved) {
            moved = false;
            while (client.outboundSize() > 0) {
                moved = true;
                transfer.clear();
                client.dataToSend(transfer);
                server.receiveData(transfer.flip());
            }
            while (server.outboundSize() > 0) {
                moved = true;
                transfer.clear();
                server.dataToSend(transfer);
                client.receiveData(transfer.flip());
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
