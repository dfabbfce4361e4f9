package dev.h2j.io.server;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A test client over a blocking loopback socket: h2j's own core as the HTTP/2 client, so tests control
 * every frame (windows, resets, when the socket is read) and see every event.
 */
final class RawClient implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 10_000;

    final Socket socket;
    final H2Connection conn;
    final List<Event> events = new ArrayList<>();
    private final InputStream input;
    private final OutputStream output;
    private final byte[] buffer = new byte[65_536];
    private final Map<Integer, Exchange> exchanges = new HashMap<>();
    /** Whether received DATA is acknowledged (credited back to the windows) as it arrives. */
    boolean acknowledge = true;

    /** What arrived on one stream. */
    static final class Exchange {
        List<HeaderField> headers = List.of();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<HeaderField> trailers = List.of();
        boolean ended;
        ErrorCode reset;

        int status() {
            return Integer.parseInt(Headers.first(headers, ":status").orElse("0"));
        }

        String header(String name) {
            return Headers.first(headers, name).orElse(null);
        }

        String text() {
            return body.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private RawClient(Socket socket, H2Connection conn) throws IOException {
        this.socket = socket;
        this.conn = conn;
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
    }

    /** Connects with prior knowledge and sends the preface. */
    static RawClient open(InetSocketAddress address) throws IOException {
        return open(address, Limits.defaults());
    }

    static RawClient open(InetSocketAddress address, Limits limits) throws IOException {
        return open(address, H2Configuration.client().withLimits(limits));
    }

    /** Connects with prior knowledge and sends the preface, with the client's settings from {@code config}. */
    static RawClient open(InetSocketAddress address, H2Configuration config) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, TIMEOUT_MILLIS);
        RawClient client = over(socket, config);
        client.conn.initiateConnection();
        client.flush();
        return client;
    }

    /** Connects without sending anything. */
    static RawClient connect(InetSocketAddress address, Limits limits) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, TIMEOUT_MILLIS);
        return over(socket, limits);
    }

    /** A client over a connected socket (a TLS one, for example), without sending anything. */
    static RawClient over(Socket socket, Limits limits) throws IOException {
        return over(socket, H2Configuration.client().withLimits(limits));
    }

    private static RawClient over(Socket socket, H2Configuration config) throws IOException {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new RawClient(socket, new H2Connection(config));
    }

    void flush() throws IOException {
        ByteBuffer out = conn.dataToSend();
        output.write(out.array(), out.arrayOffset() + out.position(), out.remaining());
        output.flush();
    }

    void writeRaw(byte[] octets) throws IOException {
        output.write(octets);
        output.flush();
    }

    /** Opens a stream with a request. */
    int request(String method, String path, boolean endStream) throws IOException {
        return request(Headers.request(method, "http", "localhost", path).build(), endStream);
    }

    int request(List<HeaderField> headers, boolean endStream) throws IOException {
        int id = conn.nextAvailableStreamId();
        conn.sendHeaders(id, headers, endStream);
        exchanges.put(id, new Exchange());
        flush();
        return id;
    }

    /** Sends content on a stream, as the windows allow, reading WINDOW_UPDATEs when they are shut. */
    void send(int id, byte[] content, boolean endStream) throws IOException {
        int offset = 0;
        while (offset < content.length) {
            int n = (int) Math.min(Math.min(content.length - offset, conn.localFlowControlWindow(id)),
                    conn.maxOutboundFrameSize());
            if (n == 0) {
                readOnce();
                continue;
            }
            conn.sendData(id, ByteBuffer.wrap(content, offset, n), endStream && offset + n == content.length);
            offset += n;
            flush();
        }
        if (content.length == 0 && endStream) {
            conn.endStream(id);
            flush();
        }
    }

    Exchange exchange(int id) {
        return exchanges.computeIfAbsent(id, k -> new Exchange());
    }

    /** Reads until the stream ended or was reset. */
    Exchange await(int id) throws IOException {
        Exchange exchange = exchange(id);
        while (!exchange.ended && exchange.reset == null) {
            readOnce();
        }
        return exchange;
    }

    /** Reads until an event matches. */
    <T extends Event> T awaitEvent(Class<T> type, Predicate<T> match) throws IOException {
        int seen = 0;
        while (true) {
            for (; seen < events.size(); seen++) {
                Event e = events.get(seen);
                if (type.isInstance(e) && match.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            readOnce();
        }
    }

    /** One blocking read, its events recorded. */
    void readOnce() throws IOException {
        int n = input.read(buffer);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        List<Event> received = conn.receiveData(ByteBuffer.wrap(buffer, 0, n));
        for (Event e : received) {
            events.add(e);
            if (e instanceof ResponseReceived) {
                exchange(((ResponseReceived) e).streamId()).headers = ((ResponseReceived) e).headers();
            } else if (e instanceof DataReceived) {
                DataReceived data = (DataReceived) e;
                ByteBuffer octets = data.data();
                byte[] copy = new byte[octets.remaining()];
                octets.get(copy);
                exchange(data.streamId()).body.writeBytes(copy);
                if (acknowledge) {
                    conn.acknowledgeReceivedData(data.flowControlledLength(), data.streamId());
                }
            } else if (e instanceof TrailersReceived) {
                exchange(((TrailersReceived) e).streamId()).trailers = ((TrailersReceived) e).headers();
            } else if (e instanceof StreamEnded) {
                exchange(((StreamEnded) e).streamId()).ended = true;
            } else if (e instanceof StreamReset) {
                exchange(((StreamReset) e).streamId()).reset = ((StreamReset) e).errorCode();
            }
        }
        flush();
    }

    /** Reads until the server closes the connection; returns the GOAWAY frames' events seen. */
    List<ConnectionTerminated> readToEnd() throws IOException {
        try {
            while (true) {
                readOnce();
            }
        } catch (EOFException | java.net.SocketException e) {
            List<ConnectionTerminated> goAways = new ArrayList<>();
            for (Event event : events) {
                if (event instanceof ConnectionTerminated) {
                    goAways.add((ConnectionTerminated) event);
                }
            }
            return goAways;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
