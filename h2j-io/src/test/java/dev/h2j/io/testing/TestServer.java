package dev.h2j.io.testing;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.H2Exception;
import dev.h2j.Headers;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.Tls;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/2 server for client tests, on the sans-I/O core over blocking loopback sockets: one
 * thread per connection, a handler that answers each complete request, flow control respected on
 * the way out. Cleartext servers take prior knowledge and the h2c upgrade (RFC 7540 §3.2) unless made
 * with {@link #http1Only()}, which answers every request in HTTP/1.1.
 */
public final class TestServer implements Closeable {

    /** A complete request: its fields, body and trailers. */
    public record Request(int streamId, List<HeaderField> headers, byte[] body, List<HeaderField> trailers) {
        /** The value of a pseudo-header or header field, or null. */
        public String header(String name) {
            return Headers.first(headers, name).orElse(null);
        }

        /** The {@code :path}. */
        public String path() {
            return header(":path");
        }
    }

    /** What the server does with a request. */
    public sealed interface Reply {
        /** A response with a body, sent as flow control allows, then trailers if any. */
        record Respond(int status, List<HeaderField> headers, byte[] body, List<HeaderField> trailers)
                implements Reply {}

        /** RST_STREAM with a code instead of a response. */
        record Reset(ErrorCode code) implements Reply {}

        /**
         * GOAWAY naming this stream as the last, with a code and debug data. With NO_ERROR the stream is
         * then answered "bye" and the connection stays up (RFC 9113 §6.8); with any other code the
         * connection ends.
         */
        record GoAway(ErrorCode code, String debugData) implements Reply {}

        /** A 200 response with this body. */
        static Reply ok(byte[] body) {
            return new Respond(200, List.of(), body, List.of());
        }

        /** A 200 response with this text. */
        static Reply ok(String body) {
            return ok(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers requests; runs on the connection's thread. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request);
    }

    private enum Kind { CLEARTEXT, HTTP1_ONLY, TLS }

    private final Kind kind;
    private final SSLContext tls;
    private final boolean alpn;
    private final Handler handler;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object monitor = new Object();
    private long dataSent;
    private int stalls;
    private int connections;
    private final List<ErrorCode> resetsReceived = new ArrayList<>();

    private TestServer(Kind kind, SSLContext tls, boolean alpn, Handler handler) throws IOException {
        this.kind = kind;
        this.tls = tls;
        this.alpn = alpn;
        this.handler = handler;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.listener = tls == null ? new ServerSocket(0, 50, loopback)
                : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
        Thread acceptor = new Thread(this::accept, "test-server " + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A cleartext server: prior knowledge or h2c upgrade. */
    public static TestServer cleartext(Handler handler) throws IOException {
        return new TestServer(Kind.CLEARTEXT, null, false, handler);
    }

    /** A cleartext server that only speaks HTTP/1.1: it answers "200 OK" and never upgrades. */
    public static TestServer http1Only() throws IOException {
        return new TestServer(Kind.HTTP1_ONLY, null, false, request -> Reply.ok(""));
    }

    /** A TLS server offering ALPN h2 with the §9.2 rules. */
    public static TestServer tls(SSLContext context, Handler handler) throws IOException {
        return new TestServer(Kind.TLS, context, true, handler);
    }

    /** A TLS server that selects no ALPN protocol, as an HTTP/1.1-only TLS server would. */
    public static TestServer tlsWithoutAlpn(SSLContext context, Handler handler) throws IOException {
        return new TestServer(Kind.TLS, context, false, handler);
    }

    /** The server's port on the loopback address. */
    public int port() {
        return listener.getLocalPort();
    }

    /** An http or https URI of a path on this server. */
    public URI uri(String path) {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port() + path);
    }

    /** DATA octets sent so far, over all connections. */
    public long dataSent() {
        synchronized (monitor) {
            return dataSent;
        }
    }

    /** The codes of the RST_STREAM frames clients sent, in order. */
    public List<ErrorCode> resetsReceived() {
        synchronized (monitor) {
            return List.copyOf(resetsReceived);
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        synchronized (monitor) {
            return connections;
        }
    }

    /**
     * Waits until a response body has stalled on flow control {@code count} times in all (a stall: data
     * left to send and no window for it), at most 10 seconds.
     */
    public void awaitStalls(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (monitor) {
            while (stalls < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the server stalled " + stalls + " times, not " + count);
                }
                monitor.wait(left / 1_000_000 + 1);
            }
        }
    }

    /** Waits until clients have sent {@code count} RST_STREAM frames in all, at most 10 seconds. */
    public void awaitResets(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (monitor) {
            while (resetsReceived.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("clients reset " + resetsReceived + ", not " + count + " streams");
                }
                monitor.wait(left / 1_000_000 + 1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                synchronized (monitor) {
                    connections++;
                }
                Thread connection = new Thread(() -> serve(socket), "test-server connection " + socket.getPort());
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            if (socket instanceof SSLSocket secure) {
                if (alpn) {
                    Tls.configure(secure);
                } else {
                    SSLParameters parameters = secure.getSSLParameters();
                    parameters.setApplicationProtocols(new String[0]);
                    secure.setSSLParameters(parameters);
                }
            }
            new Connection(socket).run();
        } catch (IOException | RuntimeException e) {
            // The client went away or broke the protocol; the test sees it from the client's side.
        }
    }

    /** One server connection. */
    private final class Connection {
        private final InputStream in;
        private final OutputStream out;
        private final H2Connection conn = new H2Connection(H2Configuration.server());
        private final Map<Integer, ByteArrayOutputStream> bodies = new HashMap<>();
        private final Map<Integer, List<HeaderField>> heads = new HashMap<>();
        private final Map<Integer, List<HeaderField>> trailers = new HashMap<>();
        private final Map<Integer, Outgoing> outgoing = new HashMap<>();
        private boolean closing;

        Connection(Socket socket) throws IOException {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            ByteBuffer first = kind == Kind.TLS ? ByteBuffer.allocate(0) : start();
            if (first == null) {
                return;
            }
            if (kind == Kind.TLS) {
                conn.initiateConnection();
            }
            receive(first);
            byte[] buffer = new byte[32_768];
            while (!closing) {
                flush();
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                receive(ByteBuffer.wrap(buffer, 0, n));
            }
            flush();
        }

        /** Cleartext: prior knowledge, an h2c upgrade, or HTTP/1.1; returns the octets to go on with. */
        private ByteBuffer start() throws IOException {
            byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] head = new byte[16_384];
            int filled = 0;
            while (true) {
                if (kind == Kind.CLEARTEXT && filled >= preface.length
                        && Arrays.equals(head, 0, preface.length, preface, 0, preface.length)) {
                    conn.initiateConnection();
                    return ByteBuffer.wrap(head, 0, filled);
                }
                String text = new String(head, 0, filled, StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    return http1(text.substring(0, end), ByteBuffer.wrap(head, end + 4, filled - end - 4));
                }
                int n = in.read(head, filled, head.length - filled);
                if (n < 0) {
                    return null;
                }
                filled += n;
            }
        }

        private ByteBuffer http1(String head, ByteBuffer rest) throws IOException {
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> fields = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            if (kind == Kind.HTTP1_ONLY || !"h2c".equalsIgnoreCase(fields.get("upgrade"))) {
                out.write("HTTP/1.1 200 OK\r\ncontent-length: 11\r\nconnection: close\r\n\r\nhello http1"
                        .getBytes(StandardCharsets.US_ASCII));
                return null;
            }
            out.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // RFC 7540 §3.2: the request that came as HTTP/1.1 is stream 1, answered over h2.
            conn.initiateUpgradeConnection(fields.get("http2-settings"));
            Headers request = Headers.request(requestLine[0], "http", fields.get("host"), requestLine[1]);
            for (Map.Entry<String, String> field : fields.entrySet()) {
                if (!List.of("host", "connection", "upgrade", "http2-settings").contains(field.getKey())) {
                    request.add(field.getKey(), field.getValue());
                }
            }
            answer(new Request(1, request.build(), new byte[0], List.of()));
            return rest;
        }

        private void receive(ByteBuffer data) {
            List<Event> events;
            try {
                events = conn.receiveData(data);
            } catch (H2Exception e) {
                events = e.events();
                closing = true;
            }
            for (Event event : events) {
                if (event instanceof RequestReceived request) {
                    heads.put(request.streamId(), request.headers());
                    bodies.put(request.streamId(), new ByteArrayOutputStream());
                } else if (event instanceof DataReceived data1) {
                    ByteBuffer octets = data1.data();
                    byte[] copy = new byte[octets.remaining()];
                    octets.get(copy);
                    bodies.get(data1.streamId()).writeBytes(copy);
                    conn.acknowledgeReceivedData(data1.flowControlledLength(), data1.streamId());
                } else if (event instanceof TrailersReceived t) {
                    trailers.put(t.streamId(), t.headers());
                } else if (event instanceof StreamEnded ended && heads.containsKey(ended.streamId())) {
                    int id = ended.streamId();
                    answer(new Request(id, heads.remove(id), bodies.remove(id).toByteArray(),
                            trailers.getOrDefault(id, List.of())));
                } else if (event instanceof StreamReset reset) {
                    outgoing.remove(reset.streamId());
                    heads.remove(reset.streamId());
                    if (reset.remoteReset()) {
                        synchronized (monitor) {
                            resetsReceived.add(reset.errorCode());
                            monitor.notifyAll();
                        }
                    }
                } else if (event instanceof ConnectionTerminated) {
                    closing = true;
                }
            }
        }

        private void answer(Request request) {
            try {
                reply(request.streamId(), "HEAD".equals(request.header(":method")), handler.handle(request));
            } catch (H2Exception e) {
                // A request above our GOAWAY's last stream id: it stays unanswered, as RFC 9113 §6.8 allows.
            }
        }

        private void reply(int id, boolean headRequest, Reply reply) {
            if (reply instanceof Reply.Reset reset) {
                conn.resetStream(id, reset.code());
            } else if (reply instanceof Reply.GoAway goAway) {
                conn.closeConnection(goAway.code(), id,
                        ByteBuffer.wrap(goAway.debugData().getBytes(StandardCharsets.UTF_8)));
                if (goAway.code().equals(ErrorCode.NO_ERROR)) {
                    conn.sendHeaders(id, Headers.response(200).build(), false);
                    outgoing.put(id, new Outgoing(ByteBuffer.wrap("bye".getBytes(StandardCharsets.UTF_8)), List.of()));
                } else {
                    closing = true;
                }
            } else {
                Reply.Respond respond = (Reply.Respond) reply;
                Headers head = Headers.response(respond.status());
                respond.headers().forEach(f -> head.add(f.name(), f.value()));
                if (headRequest) {
                    // RFC 9110 §9.3.2: the response to HEAD is the response to GET without its content.
                    conn.sendHeaders(id, head.add("content-length", Integer.toString(respond.body().length)).build(),
                            true);
                    return;
                }
                boolean empty = respond.body().length == 0 && respond.trailers().isEmpty();
                conn.sendHeaders(id, head.build(), empty);
                if (!empty) {
                    outgoing.put(id, new Outgoing(ByteBuffer.wrap(respond.body()), respond.trailers()));
                }
            }
        }

        /** Sends response bodies as windows allow, then everything queued. */
        private void flush() throws IOException {
            for (Iterator<Map.Entry<Integer, Outgoing>> it = outgoing.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, Outgoing> entry = it.next();
                int id = entry.getKey();
                Outgoing body = entry.getValue();
                while (body.data.hasRemaining() && conn.isWritable()) {
                    long window = conn.localFlowControlWindow(id);
                    if (window == 0) {
                        break;
                    }
                    int length = (int) Math.min(Math.min(window, conn.maxOutboundFrameSize()), body.data.remaining());
                    ByteBuffer chunk = body.data.slice().limit(length);
                    body.data.position(body.data.position() + length);
                    conn.sendData(id, chunk, !body.data.hasRemaining() && body.trailers.isEmpty());
                    body.stalled = false;
                    synchronized (monitor) {
                        dataSent += length;
                    }
                    write();
                }
                if (!body.data.hasRemaining()) {
                    if (!body.trailers.isEmpty()) {
                        conn.sendHeaders(id, body.trailers, true);
                    }
                    it.remove();
                } else if (!body.stalled && conn.localFlowControlWindow(id) == 0) {
                    body.stalled = true;
                    write();
                    synchronized (monitor) {
                        stalls++;
                        monitor.notifyAll();
                    }
                }
            }
            write();
        }

        private void write() throws IOException {
            ByteBuffer octets = conn.dataToSend();
            if (octets.hasRemaining()) {
                byte[] copy = new byte[octets.remaining()];
                octets.get(copy);
                out.write(copy);
                out.flush();
            }
        }
    }

    /** A response body on its way out. */
    private static final class Outgoing {
        final ByteBuffer data;
        final List<HeaderField> trailers;
        boolean stalled;

        Outgoing(ByteBuffer data, List<HeaderField> trailers) {
            this.data = data;
            this.trailers = new ArrayList<>(trailers);
        }
    }
}
