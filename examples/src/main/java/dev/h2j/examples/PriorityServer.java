package dev.h2j.examples;

import dev.h2j.ConnectionScheduler;
import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.Headers;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamReset;
import dev.h2j.priority.Scheduler;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A priority-aware server on the sans-I/O core: one thread and a {@link Selector} serve every
 * connection over non-blocking channels, and each connection's {@link ConnectionScheduler} picks which
 * response sends its next DATA frame from the client's priority signals (RFC 9218, or the RFC 7540
 * tree, whichever the connection negotiated). Every request gets 64 KiB of text.
 *
 * <p>DATA frames are made only as the socket takes them: while less than {@value #OUTPUT_BOUND} octets
 * wait in the connection, so the scheduler decides each frame with the latest signals and windows, not
 * long before it is sent.
 *
 * <pre>{@code
 * examples/run PriorityServer 8080            # RFC 7540 priorities unless the client disables them
 * examples/run PriorityServer 8080 rfc9218    # sends SETTINGS_NO_RFC7540_PRIORITIES: RFC 9218 with every client
 * }</pre>
 */
public final class PriorityServer implements Runnable, Closeable {

    /** How many octets may wait in a connection's outbound buffer before no more DATA is made for it. */
    public static final int OUTPUT_BOUND = 16_384;

    /** How long each response is. */
    public static final int BODY_SIZE = 64 * 1024;

    private final H2Configuration configuration;
    private final Selector selector;
    private final ServerSocketChannel listener;
    // Shared by every connection: one thread reads them all.
    private final ByteBuffer in = ByteBuffer.allocate(65_536);
    private volatile boolean running = true;

    /** One connection: the core, its scheduler, the bodies still to send, and output the socket has not taken. */
    private static final class Peer {
        final SocketChannel channel;
        final SelectionKey key;
        final H2Connection conn;
        final ConnectionScheduler scheduler;
        final Map<Integer, ByteBuffer> bodies = new HashMap<>();
        final ByteBuffer out = ByteBuffer.allocate(65_536).flip();
        boolean closing;

        Peer(SocketChannel channel, SelectionKey key, H2Configuration configuration) {
            this.channel = channel;
            this.key = key;
            this.conn = new H2Connection(configuration);
            this.scheduler = new ConnectionScheduler(conn);
        }
    }

    /**
     * Binds the server; {@link #run()} serves.
     *
     * @param address where to listen; port 0 lets the system choose
     * @param configuration a server configuration; with {@code withNoRfc7540Priorities(true)} every
     *     connection uses RFC 9218
     * @throws IOException if the address cannot be bound
     */
    public PriorityServer(InetSocketAddress address, H2Configuration configuration) throws IOException {
        this.configuration = configuration;
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.bind(address);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /**
     * Serves on 127.0.0.1 until the process ends.
     *
     * @param args the port (8080 when none is given), then {@code rfc9218} to use RFC 9218 with every client
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        boolean rfc9218 = args.length > 1 && args[1].equals("rfc9218");
        PriorityServer server = new PriorityServer(new InetSocketAddress("127.0.0.1", port),
                H2Configuration.server().withNoRfc7540Priorities(rfc9218));
        System.out.println("PriorityServer: http://127.0.0.1:" + server.address().getPort()
                + "/ (HTTP/2 with prior knowledge, " + (rfc9218 ? "RFC 9218" : "RFC 7540 or RFC 9218") + " priorities)");
        server.run();
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the bound address
     * @throws IOException if the listener is closed
     */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /** Serves every connection on the calling thread until {@link #close()}. */
    @Override
    public void run() {
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        serve((Peer) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            closeQuietly(selector);
        }
    }

    /** Stops {@link #run()}, which closes the listener and every connection. Callable from any thread. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
    }

    private void accept() throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return;
        }
        channel.configureBlocking(false);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        Peer peer = new Peer(channel, key, configuration);
        key.attach(peer);
        peer.conn.initiateConnection();                             // our SETTINGS
        serve(peer);
    }

    /** Reads what arrived, answers it, and writes what the socket takes; closes the connection when done. */
    private void serve(Peer peer) {
        try {
            if (peer.key.isReadable() && !read(peer)) {
                closeQuietly(peer.channel);
                return;
            }
            pump(peer);
        } catch (IOException e) {
            closeQuietly(peer.channel);                             // the socket failed: drop the connection
        } catch (H2Exception | IllegalStateException e) {
            closeQuietly(peer.channel);                             // the core refused a call: drop this connection only
        }
    }

    /** Reads and handles what arrived; false when the client closed the connection. */
    private boolean read(Peer peer) throws IOException {
        if (peer.channel.read(in.clear()) < 0) {
            return false;
        }
        try {
            for (Event event : peer.conn.receiveData(in.flip())) {
                onEvent(peer, event);
            }
        } catch (H2Exception e) {
            peer.closing = true;                                    // a connection error: send its GOAWAY, then close
        }
        return true;
    }

    // docs:priority-events:start
    private static void onEvent(Peer peer, Event event) {
        peer.scheduler.onEvent(event);                              // requests open streams, signals reprioritize
        if (event instanceof RequestReceived request) {
            int id = request.streamId();
            peer.conn.sendHeaders(id, Headers.response(200).add("content-type", "text/plain").build(), false);
            peer.bodies.put(id, body(Headers.first(request.headers(), ":path").orElse("/")));
            peer.scheduler.ready(id);                               // it has data to send
        } else if (event instanceof DataReceived data) {
            // Request bodies are not read here: their flow-control credit goes back at once.
            peer.conn.acknowledgeReceivedData(data.flowControlledLength(), data.streamId());
        } else if (event instanceof StreamReset reset) {
            peer.bodies.remove(reset.streamId());                   // the scheduler dropped it already
        }
    }
    // docs:priority-events:end

    // docs:priority-pump:start
    private static void pump(Peer peer) throws IOException {
        while (true) {
            int id;
            // Make DATA only while little waits to be sent: the scheduler picks with the latest signals.
            while (peer.conn.outboundSize() < OUTPUT_BOUND && (id = peer.scheduler.next()) != Scheduler.NONE) {
                sendFrame(peer, id);
            }
            if (!peer.out.hasRemaining()) {
                peer.out.clear();
                peer.conn.dataToSend(peer.out);                     // moves what fits, allocates nothing
                peer.out.flip();
            }
            if (!peer.out.hasRemaining()) {                         // all written: wait for the client
                peer.key.interestOps(SelectionKey.OP_READ);
                if (peer.closing) {
                    peer.channel.close();
                }
                return;
            }
            peer.channel.write(peer.out);
            if (peer.out.hasRemaining()) {                          // the socket is full: wait until it drains
                peer.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
    }

    private static void sendFrame(Peer peer, int id) {
        ByteBuffer body = peer.bodies.get(id);
        int length = (int) Math.min(body.remaining(),
                Math.min(peer.conn.localFlowControlWindow(id), peer.conn.maxOutboundFrameSize()));
        boolean last = length == body.remaining();
        peer.conn.sendData(id, body.slice(body.position(), length), last);  // one frame; h2j never splits
        body.position(body.position() + length);
        if (last) {
            peer.bodies.remove(id);
            peer.scheduler.close(id);                               // END_STREAM sent: no more turns
        }
    }
    // docs:priority-pump:end

    /** 64 KiB of lines naming the path. */
    private static ByteBuffer body(String path) {
        byte[] line = ("the response to " + path + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[BODY_SIZE];
        for (int i = 0; i < body.length; i++) {
            body[i] = line[i % line.length];
        }
        return ByteBuffer.wrap(body);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
