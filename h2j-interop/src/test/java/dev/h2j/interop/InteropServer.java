package dev.h2j.interop;

import dev.h2j.Headers;
import dev.h2j.cli.serve.StaticFiles;
import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.server.BodyListener;
import dev.h2j.io.server.H2Server;
import dev.h2j.io.server.Request;
import dev.h2j.io.server.Response;
import dev.h2j.io.testing.Certificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * h2j as the server of the matrix: an {@link H2Server} on 127.0.0.1 with a cleartext listener (prior
 * knowledge and the h2c upgrade) and a TLS one (ALPN h2, the self-signed test certificate), serving the
 * {@link Site} with {@link StaticFiles}, the handler {@code h2j serve} runs, and the dynamic endpoints
 * of the contract ({@code /echo}, {@code /trailers}, {@code /headers}, {@code /drip}, {@code /delay}).
 * It records what it saw, for the tests to check the server's side of each scenario.
 */
public final class InteropServer implements AutoCloseable {
    /** The trailer field {@code /trailers} ends with. */
    public static final HeaderField TRAILER = HeaderField.of("x-interop-trailer", "ok");
    /** The body {@code /trailers} sends before its trailer. */
    public static final String TRAILERS_BODY = "trailers follow\n";
    /** The most {@code /echo} takes: more is answered 413. */
    public static final int ECHO_LIMIT = 16 << 20;
    /** The most {@code /drip} sends before it ends on its own. */
    public static final long DRIP_LIMIT = 1L << 30;

    private static final int DRIP_CHUNK = 16 << 10;

    /**
     * A request as the handler saw it.
     *
     * @param method the {@code :method}
     * @param path the {@code :path}
     * @param streamId its stream
     * @param client the client's address and port: one per connection
     * @param headers its header fields as decoded, pseudo-header fields included: for clients that do
     *     not show the body of {@code /headers} (h2load), the server's side of the check
     */
    public record Seen(String method, String path, int streamId, InetSocketAddress client,
            List<HeaderField> headers) {
        /** Copies the fields. */
        public Seen {
            headers = List.copyOf(headers);
        }

        /** How many header fields it had, pseudo-header fields included. */
        public int fields() {
            return headers.size();
        }
    }

    /**
     * A stream reset before its response completed.
     *
     * @param path the request's {@code :path}
     * @param errorCode the RST_STREAM code (CANCEL also when the connection went away)
     */
    public record Reset(String path, ErrorCode errorCode) {}

    private final H2Server server;
    private final StaticFiles files;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "interop-delay");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final List<Reset> resets = new CopyOnWriteArrayList<>();
    private final List<String> processedIds = new CopyOnWriteArrayList<>();

    private InteropServer() throws IOException {
        files = StaticFiles.directory(Site.get().root());
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        server = H2Server.builder(this::handle)
                .cleartext(any)
                .tls(any, Certificates.selfSigned().serverContext())
                .build();
    }

    /** Starts a server; close it to stop it gracefully. */
    public static InteropServer start() {
        try {
            InteropServer interop = new InteropServer();
            interop.server.start();
            return interop;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port}: prior knowledge or the h2c upgrade. */
    public URI cleartextUri() {
        return URI.create("http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort());
    }

    /** {@code https://127.0.0.1:port}: TLS with ALPN h2. */
    public URI tlsUri() {
        return URI.create("https://127.0.0.1:" + server.tlsAddresses().get(0).getPort());
    }

    /** The PEM file of the server's certificate, for clients to trust (curl's {@code --cacert}). */
    public Path certificatePem() {
        return Certificates.selfSigned().certificatePem();
    }

    /** Every request the handler saw, in order. */
    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    /** The requests to a path, query excluded. */
    public List<Seen> requests(String path) {
        return requests.stream().filter(seen -> withoutQuery(seen.path()).equals(path)).toList();
    }

    /** The streams reset before their response completed. */
    public List<Reset> resets() {
        return List.copyOf(resets);
    }

    /** The {@code id}s of the {@code /delay} requests the handler took, in order. */
    public List<String> processedIds() {
        return List.copyOf(processedIds);
    }

    /** How many connections are open now. */
    public int openConnections() {
        return server.openConnections();
    }

    /**
     * Closes gracefully: the two-phase GOAWAY of RFC 9113 §6.8 on every connection, streams in flight
     * finish; blocks until they did.
     */
    @Override
    public void close() {
        server.close();
        timer.shutdownNow();
    }

    private void handle(Request request, Response response) {
        String path = withoutQuery(request.path());
        requests.add(new Seen(request.method(), request.path(), request.streamId(), request.remoteAddress(),
                request.headers()));
        switch (path) {
            case "/echo" -> echo(request, response);
            case "/trailers" -> trailers(response);
            case "/headers" -> headers(request, response);
            case "/drip" -> drip(request, response);
            case "/delay" -> delay(request, response);
            default -> {
                response.onReset(code -> resets.add(new Reset(request.path(), code)));
                files.handle(request, response);
            }
        }
    }

    /** The whole body, then the same octets back: a client may send all before it reads. */
    private void echo(Request request, Response response) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        request.onBody(new BodyListener() {
            @Override
            public void onData(ByteBuffer data, Runnable release) {
                if (body.size() <= ECHO_LIMIT) {
                    byte[] octets = new byte[data.remaining()];
                    data.get(octets);
                    body.writeBytes(octets);
                }
                release.run();
            }

            @Override
            public void onEnd(List<HeaderField> trailers) {
                if (body.size() > ECHO_LIMIT) {
                    text(response, 413, "at most " + ECHO_LIMIT + " octets are echoed\n");
                } else {
                    response.send(Headers.response(200).add("content-type", "application/octet-stream").build(),
                            ByteBuffer.wrap(body.toByteArray()));
                }
            }
        });
    }

    /** RFC 9113 §8.1: a body, then a HEADERS frame of trailer fields ending the stream. */
    private static void trailers(Response response) {
        response.sendHeaders(Headers.response(200).add("content-type", "text/plain").build());
        response.write(ByteBuffer.wrap(TRAILERS_BODY.getBytes(StandardCharsets.UTF_8)), null);
        response.end(List.of(TRAILER));
    }

    /** Counts the x-h-* fields and the cookie's length (RFC 9113 §8.2.3: crumbs joined with "; "). */
    private static void headers(Request request, Response response) {
        long extra = request.headers().stream().filter(field -> field.name().startsWith("x-h-")).count();
        int cookie = String.join("; ", Headers.all(request.headers(), "cookie")).length();
        text(response, 200, "x-h=" + extra + " cookie=" + cookie);
    }

    /** A body that does not end on its own: 16 KiB at a time, the next when the last went out. */
    private void drip(Request request, Response response) {
        ByteBuffer chunk = ByteBuffer.allocate(DRIP_CHUNK).asReadOnlyBuffer();
        Runnable[] next = new Runnable[1];
        long[] sent = {0};
        boolean[] stopped = {false};
        response.onReset(code -> {
            stopped[0] = true;
            resets.add(new Reset(request.path(), code));
        });
        next[0] = () -> {
            if (stopped[0]) {
                return;
            }
            if (sent[0] >= DRIP_LIMIT) {
                response.end();
                return;
            }
            sent[0] += DRIP_CHUNK;
            response.write(chunk.duplicate(), next[0]);
        };
        response.sendHeaders(Headers.response(200).add("content-type", "application/octet-stream").build());
        next[0].run();
    }

    /** Answers its id after a delay: a request in flight for as long as a test needs. */
    private void delay(Request request, Response response) {
        Map<String, String> query = query(request.path());
        String id = query.getOrDefault("id", "");
        long millis = Long.parseLong(query.getOrDefault("ms", "0"));
        processedIds.add(id);
        response.onReset(code -> resets.add(new Reset(request.path(), code)));
        timer.schedule(() -> text(response, 200, id), millis, TimeUnit.MILLISECONDS);
    }

    private static void text(Response response, int status, String text) {
        response.send(Headers.response(status).add("content-type", "text/plain").build(),
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static Map<String, String> query(String path) {
        Map<String, String> parameters = new HashMap<>();
        int start = path.indexOf('?');
        if (start >= 0) {
            for (String pair : path.substring(start + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        return parameters;
    }
}
