package dev.h2j.interop;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12's HTTP/2 server over TLS (h2 by the JDK's ALPN), with the endpoint contract written on its
 * core {@link Handler} API: the dynamic endpoints in {@link Endpoints}, everything else served by a
 * {@link ResourceHandler} from the {@link Site}.
 */
final class JettyServer implements AutoCloseable {
    private static final int DRIP_CHUNK = 16 << 10;

    private final Server server;
    private final ServerConnector connector;
    private final AbstractHTTP2ServerConnectionFactory http2;
    private final List<String> processedIds = new CopyOnWriteArrayList<>();
    private final List<Throwable> dripFailures = new CopyOnWriteArrayList<>();

    private JettyServer(Path root, SSLContext sslContext) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("jetty-interop");
        server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        // Jetty caps a request's header fields at 8 KiB by default and answers more with a GOAWAY; the
        // contract's cookie alone is 8 KiB.
        configuration.setRequestHeaderSize(32 << 10);
        http2 = new HTTP2ServerConnectionFactory(configuration);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(http2.getProtocol());
        alpn.setDefaultProtocol(http2.getProtocol());
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(sslContext);
        connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, http2);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(root));
        files.setDirAllowed(false);
        server.setHandler(new Handler.Sequence(new Endpoints(), files));
        server.start();
    }

    /** Starts a server for the site at {@code root}, with the TLS key and certificate of {@code sslContext}. */
    static JettyServer start(Path root, SSLContext sslContext) throws Exception {
        return new JettyServer(root, sslContext);
    }

    /** {@code https://127.0.0.1:port}. */
    URI origin() {
        return URI.create("https://127.0.0.1:" + connector.getLocalPort());
    }

    /** Jetty's own version constant. */
    static String version() {
        return "Jetty " + Jetty.VERSION;
    }

    /** The ids of the /delay requests the handler took, in order. */
    List<String> processedIds() {
        return List.copyOf(processedIds);
    }

    /** Why each /drip ended early (the client's reset reaches the handler as a failed write). */
    List<Throwable> dripFailures() {
        return List.copyOf(dripFailures);
    }

    /**
     * Starts Jetty's graceful shutdown of every HTTP/2 session: a GOAWAY with the last stream id 2^31-1,
     * then, once the streams in flight ended, the GOAWAY with the last one taken (RFC 9113 §6.8). The
     * listener stays open.
     *
     * @return completes when every session closed
     */
    CompletableFuture<Void> goAway() {
        AbstractHTTP2ServerConnectionFactory.HTTP2SessionContainer sessions =
                http2.getBean(AbstractHTTP2ServerConnectionFactory.HTTP2SessionContainer.class);
        return CompletableFuture.allOf(sessions.getSessions().stream()
                .map(session -> ((HTTP2Session) session).shutdown())
                .toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The contract's dynamic endpoints; any other request falls through to the files. */
    private final class Endpoints extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            if (method.equals("POST") && path.equals("/echo")) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                Content.copy(request, response, callback);
            } else if (method.equals("GET") && path.equals("/trailers")) {
                // RFC 9113 §8.1: Jetty sends the supplied fields in a HEADERS frame after the body.
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.setTrailersSupplier(() -> HttpFields.build()
                        .put(InteropServer.TRAILER.name(), InteropServer.TRAILER.value()));
                response.write(true, ascii(InteropServer.TRAILERS_BODY), callback);
            } else if (method.equals("GET") && path.equals("/headers")) {
                HttpFields fields = request.getHeaders();
                long extra = fields.stream().filter(field -> field.getLowerCaseName().startsWith("x-h-")).count();
                // RFC 9113 §8.2.3: the crumbs of a split cookie are joined with "; " before use.
                String cookie = String.join("; ", fields.getValuesList(HttpHeader.COOKIE));
                text(response, "x-h=" + extra + " cookie=" + cookie.length(), callback);
            } else if (method.equals("GET") && path.equals("/drip")) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                new Drip(response, callback).iterate();
            } else if (method.equals("GET") && path.equals("/delay")) {
                Fields query = Request.extractQueryParameters(request);
                String id = query.getValue("id");
                processedIds.add(id);
                server.getScheduler().schedule(() -> text(response, id, callback),
                        Long.parseLong(query.getValue("ms")), TimeUnit.MILLISECONDS);
            } else {
                return false;
            }
            return true;
        }
    }

    private static void text(Response response, String body, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ascii(body), callback);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A body that does not end on its own: 16 KiB writes, each once the last completed, up to 1 GiB. */
    private final class Drip extends IteratingCallback {
        private final Response response;
        private final Callback callback;
        private final byte[] chunk = new byte[DRIP_CHUNK];
        private long sent;

        Drip(Response response, Callback callback) {
            this.response = response;
            this.callback = callback;
            Arrays.fill(chunk, (byte) '.');
        }

        @Override
        protected Action process() {
            if (sent >= InteropServer.DRIP_LIMIT) {
                return Action.SUCCEEDED;
            }
            sent += DRIP_CHUNK;
            response.write(sent >= InteropServer.DRIP_LIMIT, ByteBuffer.wrap(chunk), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            callback.succeeded();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            dripFailures.add(cause);
            callback.failed(cause);
        }
    }
}
