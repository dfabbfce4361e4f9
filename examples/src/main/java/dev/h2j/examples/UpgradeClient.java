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
 * An h2c-upgrade client on the sans-I/O core: the request goes out as HTTP/1.1 asking to switch to
 * HTTP/2 (RFC 7540 §3.2), and its response comes back over HTTP/2 on stream 1. This is how a cleartext
 * client reaches a server without knowing beforehand that it speaks HTTP/2. RFC 9113 deprecates the
 * upgrade, but servers still take it (the JDK's HttpClient uses it for {@code http://} URIs).
 *
 * <pre>{@code
 * examples/run UpgradeClient http://127.0.0.1:8080/
 * }</pre>
 */
public final class UpgradeClient {

    /** The most octets of the HTTP/1.1 response head this client reads before giving up. */
    private static final int MAX_HEAD = 8192;

    private UpgradeClient() {
    }

    /**
     * Fetches one {@code http://} URI by an h2c upgrade and prints the status and the body.
     *
     * @param args the URI, {@code http://127.0.0.1:8080/} when none is given
     * @throws IOException if the connection fails, or the server does not upgrade
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
     * Sends a GET as an HTTP/1.1 upgrade request and reads its response over HTTP/2.
     *
     * @param channel a connected, blocking channel; nothing has been sent on it yet
     * @param authority the {@code Host} of the request, such as {@code 127.0.0.1:8080}
     * @param path the request target
     * @return the status on the first line, then the body decoded as UTF-8
     * @throws IOException if the connection fails, the server does not switch to h2c, or it resets the stream
     */
    // docs:upgrade-client:start
    public static String get(SocketChannel channel, String authority, String path) throws IOException {
        H2Connection conn = new H2Connection(H2Configuration.client());
        String settings = conn.initiateUpgradeConnection();          // our SETTINGS, base64url; stream 1 is the request
        channel.write(StandardCharsets.US_ASCII.encode("GET " + path + " HTTP/1.1\r\nHost: " + authority
                + "\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: " + settings + "\r\n\r\n"));
        ByteBuffer in = ByteBuffer.allocate(16_384);
        String head = readHead(channel, in);                         // leaves in at the octets after the head
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("the server did not switch to h2c: " + head.lines().findFirst().orElse(""));
        }
        StringBuilder answer = new StringBuilder();
        while (true) {
            channel.write(conn.dataToSend());                        // first our preface (RFC 7540 §3.2), then ACKs
            for (Event event : conn.receiveData(in)) {
                if (event instanceof ResponseReceived response && response.streamId() == 1) {
                    answer.append(Headers.first(response.headers(), ":status").orElseThrow()).append('\n');
                } else if (event instanceof DataReceived data && data.streamId() == 1) {
                    answer.append(StandardCharsets.UTF_8.decode(data.data()));
                    conn.acknowledgeReceivedData(data.flowControlledLength(), 1);
                } else if (event instanceof StreamReset reset && reset.streamId() == 1) {
                    throw new IOException("the server reset the stream: " + reset.errorCode());
                } else if (event instanceof StreamEnded ended && ended.streamId() == 1) {
                    conn.closeConnection(ErrorCode.NO_ERROR);
                    channel.write(conn.dataToSend());
                    return answer.toString();
                }
            }
            if (channel.read(in.clear()) < 0) {
                throw new EOFException("the server closed the connection");
            }
            in.flip();
        }
    }
    // docs:upgrade-client:end

    /**
     * Reads an HTTP/1.1 response head, up to and including its empty line.
     *
     * @param channel where to read from
     * @param in the read buffer; on return, it holds the octets that followed the head, ready to read
     * @return the head, decoded as ISO-8859-1
     * @throws IOException if the connection ends first, or the head is longer than 8 KiB
     */
    static String readHead(SocketChannel channel, ByteBuffer in) throws IOException {
        StringBuilder head = new StringBuilder();
        in.clear().flip();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            if (head.length() >= MAX_HEAD) {
                throw new IOException("the HTTP/1.1 response head is longer than " + MAX_HEAD + " octets");
            }
            if (!in.hasRemaining()) {
                if (channel.read(in.clear()) < 0) {
                    throw new EOFException("the server closed the connection during the HTTP/1.1 response head");
                }
                in.flip();
            }
            head.append((char) (in.get() & 0xff));
        }
        return head.toString();
    }
}
