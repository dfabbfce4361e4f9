package dev.h2j.examples;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.event.Event;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A client and a server connection wired to each other in memory, for the guide's snippets: what one
 * queues, {@link #exchange()} hands to the other, until neither has anything to send.
 */
final class Pair {
    final H2Connection client;
    final H2Connection server;
    /** Every event the client reported, in order. */
    final List<Event> clientEvents = new ArrayList<>();
    /** Every event the server reported, in order. */
    final List<Event> serverEvents = new ArrayList<>();

    /** Both sides initiated, their prefaces and SETTINGS exchanged and acknowledged; no events recorded yet. */
    Pair(H2Configuration client, H2Configuration server) {
        this.client = new H2Connection(client);
        this.server = new H2Connection(server);
        this.client.initiateConnection();
        this.server.initiateConnection();
        exchange();
        clientEvents.clear();
        serverEvents.clear();
    }

    Pair() {
        this(H2Configuration.client(), H2Configuration.server());
    }

    /** Moves octets both ways until neither side has anything to send. */
    void exchange() {
        while (true) {
            ByteBuffer toServer = client.dataToSend();
            ByteBuffer toClient = server.dataToSend();
            if (!toServer.hasRemaining() && !toClient.hasRemaining()) {
                return;
            }
            serverEvents.addAll(server.receiveData(toServer));
            clientEvents.addAll(client.receiveData(toClient));
        }
    }
}
