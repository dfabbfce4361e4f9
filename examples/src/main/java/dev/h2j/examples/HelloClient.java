package dev.h2j.examples;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A sans-I/O client over a plain {@link SocketChannel}: one GET over cleartext HTTP/2 with prior
 * knowledge (RFC 9113 §3.3), with nothing between the socket and the core.
 *
 * <pre>{@code
 * examples/run HelloClient http://127.0.0.1:8080/
 * }</pre>
 */
public final class HelloClient {

    private HelloClient() {
    }

    /**
     * Fetches one {@code http://} URI over cleartext HTTP/2 and prints the status and the body.
     *
     * @param args the URI, {@code http://127.0.0.1:8080/} when none is given
     * @throws IOException if the connection fails or the server resets the stream
     */
    public static void main(String[] args) throws IOException {
        URI uri = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080/");
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), port))) {
            System.out.print(get(channel, uri.getAuthority(), path));
        }
    }

    /**
     * Sends one GET on a fresh HTTP/2 connection over {@code channel} and returns the response.
     *
     * @param channel a connected, blocking channel; nothing has been sent on it yet
     * @param authority the {@code :authority} of the request, such as {@code 127.0.0.1:8080}
     * @param path the {@code :path} of the request
     * @return the status on the first line, then the body decoded as UTF-8
     * @throws IOException if the connection fails, or the server resets the stream
     */
    // docs:hello-client:start
    public static String get(SocketChannel channel, String authority, String path) throws IOException {
        H2Connection conn = new H2Connection(H2Configuration.client());
        conn.initiateConnection();                                   // queues the preface and our SETTINGS
        int id = conn.nextAvailableStreamId();                       // 1: clients use odd ids
        conn.sendHeaders(id, Headers.request("GET", "http", authority, path).build(), true);
        StringBuilder answer = new StringBuilder();
        ByteBuffer in = ByteBuffer.allocate(16_384);
        while (true) {
            channel.write(conn.dataToSend());                        // whatever the calls above queued
            if (channel.read(in.clear()) < 0) {
                throw new EOFException("the server closed the connection");
            }
            for (Event event : conn.receiveData(in.flip())) {
                if (event instanceof ResponseReceived response) {
                    answer.append(Headers.first(response.headers(), ":status").orElseThrow()).append('\n');
                } else if (event instanceof DataReceived data) {
                    answer.append(StandardCharsets.UTF_8.decode(data.data()));
                    conn.acknowledgeReceivedData(data.flowControlledLength(), id);  // give the window back
                } else if (event instanceof StreamReset reset) {
                    throw new IOException("the server reset the stream: " + reset.errorCode());
                } else if (event instanceof StreamEnded ended && ended.streamId() == id) {
                    conn.closeConnection(ErrorCode.NO_ERROR);       // GOAWAY: done with this connection
                    channel.write(conn.dataToSend());
                    return answer.toString();
                }
            }
        }
    }
    // docs:hello-client:end
}
