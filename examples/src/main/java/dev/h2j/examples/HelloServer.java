package dev.h2j.examples;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.Headers;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A sans-I/O server over plain socket channels: cleartext HTTP/2 with prior knowledge (RFC 9113 §3.3),
 * one thread per connection, each thread the only owner of its connection's {@link H2Connection}.
 * {@code /} gets {@code hello from h2j}, any other path 404.
 *
 * <pre>{@code
 * examples/run HelloServer 8080
 * curl --http2-prior-knowledge http://127.0.0.1:8080/
 * }</pre>
 */
public final class HelloServer {

    private HelloServer() {
    }

    /**
     * Listens on 127.0.0.1 and serves every connection on a thread of its own until the process ends.
     *
     * @param args the port, 8080 when none is given; 0 lets the system choose
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", port));
            System.out.println("HelloServer: http://127.0.0.1:" + listener.socket().getLocalPort()
                    + "/ (HTTP/2 with prior knowledge)");
            acceptForever(listener);
        }
    }

    /**
     * Accepts connections and serves each on a new thread, until the listener is closed.
     *
     * @param listener a bound server channel
     */
    public static void acceptForever(ServerSocketChannel listener) {
        while (listener.isOpen()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                return;                                             // the listener was closed
            }
            new Thread(() -> {
                try (channel) {
                    serve(channel);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "hello-server-connection").start();
        }
    }

    /**
     * Serves one connection until the client closes it, sends GOAWAY, or breaks a protocol rule.
     *
     * @param channel a connected, blocking channel
     * @throws IOException if reading or writing fails
     */
    // docs:hello-server:start
    public static void serve(SocketChannel channel) throws IOException {
        H2Connection conn = new H2Connection(H2Configuration.server());
        conn.initiateConnection();                                   // queues our SETTINGS
        ByteBuffer in = ByteBuffer.allocate(16_384);
        while (channel.read(in.clear()) >= 0) {
            List<Event> events;
            try {
                events = conn.receiveData(in.flip());
            } catch (H2Exception e) {                                // the client broke a rule: GOAWAY is queued
                channel.write(conn.dataToSend());
                return;
            }
            for (Event event : events) {
                if (event instanceof RequestReceived request) {
                    boolean root = Headers.first(request.headers(), ":path").orElse("").equals("/");
                    byte[] body = (root ? "hello from h2j\n" : "not found\n").getBytes(StandardCharsets.UTF_8);
                    conn.sendHeaders(request.streamId(), Headers.response(root ? 200 : 404)
                            .add("content-type", "text/plain")
                            .add("content-length", Integer.toString(body.length)).build(), false);
                    conn.sendData(request.streamId(), ByteBuffer.wrap(body), true);   // 15 octets at most
                } else if (event instanceof ConnectionTerminated) {
                    channel.write(conn.dataToSend());                // the client said GOAWAY
                    return;
                }
            }
            channel.write(conn.dataToSend());                        // responses, and ACKs of SETTINGS and PING
        }
    }
    // docs:hello-server:end
}
