package dev.h2j.examples;

import dev.h2j.Headers;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.server.BodyListener;
import dev.h2j.io.server.H2Server;
import dev.h2j.io.server.Request;
import dev.h2j.io.server.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An NIO server with a handler: h2j-io's {@link H2Server} runs the sockets, TLS and the connections on
 * its event loops, and a {@link dev.h2j.io.server.Handler} answers each request. Three routes:
 * {@code GET /} answers from memory, {@code POST /echo} streams the request body back as it arrives, and
 * {@code GET /countdown} streams its content in pieces and ends with a trailer field; anything else is 404.
 *
 * <pre>{@code
 * examples/run NioServer 8080                          # cleartext HTTP/2 (prior knowledge or h2c upgrade)
 * examples/run NioServer 8080 8443 server.p12 secret   # and HTTP/2 over TLS with the key in server.p12
 * }</pre>
 */
public final class NioServer {

    private static final byte[] HELLO = "hello from h2j\n".getBytes(StandardCharsets.UTF_8);

    private NioServer() {
    }

    /**
     * Starts the server on 127.0.0.1; it runs until the process ends (Ctrl-C drains it gracefully).
     *
     * @param args the cleartext port (8080 when none is given); optionally a TLS port, a PKCS#12 key store
     *     holding the server's key and certificate, and its password
     * @throws IOException if a port cannot be bound or the key store cannot be read
     * @throws GeneralSecurityException if the key store does not hold a usable key
     */
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        InetSocketAddress cleartext = new InetSocketAddress("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        H2Server server;
        if (args.length >= 4) {
            InetSocketAddress tls = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
            server = start(cleartext, tls, tlsContext(Path.of(args[2]), args[3].toCharArray()));
            System.out.println("NioServer: https://127.0.0.1:" + server.tlsAddresses().get(0).getPort() + "/");
        } else {
            server = start(cleartext);
        }
        System.out.println("NioServer: http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + "/");
        // The event loops keep the JVM alive; on Ctrl-C, streams in flight get to finish (GOAWAY, RFC 9113 §6.8).
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }

    /**
     * Starts the server for cleartext HTTP/2: prior knowledge (RFC 9113 §3.3) or an HTTP/1.1 upgrade to h2c.
     *
     * @param address where to listen; port 0 lets the system choose
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    // docs:io-server:start
    public static H2Server start(InetSocketAddress address) throws IOException {
        return H2Server.builder(NioServer::handle)          // called once per request, on an event loop
                .cleartext(address)                         // h2c: prior knowledge or HTTP/1.1 Upgrade
                .build()
                .start();
    }
    // docs:io-server:end

    /**
     * Starts the server for cleartext HTTP/2 and for HTTP/2 over TLS (ALPN h2, RFC 9113 §3.2).
     *
     * @param cleartext where to listen for cleartext HTTP/2; port 0 lets the system choose
     * @param tls where to listen for TLS
     * @param context the TLS context holding the server's key and certificate
     * @return the running server
     * @throws IOException if an address cannot be bound
     */
    // docs:io-server-tls:start
    public static H2Server start(InetSocketAddress cleartext, InetSocketAddress tls, SSLContext context)
            throws IOException {
        return H2Server.builder(NioServer::handle)
                .cleartext(cleartext)
                .tls(tls, context)                          // TLS 1.2+, ALPN h2, RFC 9113 §9.2 cipher rules
                .build()
                .start();
    }
    // docs:io-server-tls:end

    /**
     * Reads a TLS context from a PKCS#12 key store, such as one {@code keytool -genkeypair} made.
     *
     * @param keyStore the key store file
     * @param password its password, also the key's
     * @return a TLS context with the store's key and certificate
     * @throws IOException if the file cannot be read
     * @throws GeneralSecurityException if the store holds no usable key
     */
    public static SSLContext tlsContext(Path keyStore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    /**
     * Answers one request; it runs on the connection's event loop, so it never blocks.
     *
     * @param request the request
     * @param response where the answer goes
     */
    // docs:io-handler:start
    public static void handle(Request request, Response response) {
        switch (request.path()) {
            case "/" -> response.send(Headers.response(200).add("content-type", "text/plain").build(),
                    ByteBuffer.wrap(HELLO));
            case "/echo" -> echo(request, response);
            case "/countdown" -> countdown(response, 10);
            default -> response.send(Headers.response(404).build());
        }
    }
    // docs:io-handler:end

    /**
     * Streams the request body back as it arrives, and the request's trailers as the response's.
     *
     * @param request the request whose body to echo
     * @param response the response to echo it in
     */
    // docs:io-echo:start
    public static void echo(Request request, Response response) {
        response.sendHeaders(Headers.response(200)
                .add("content-type", request.header("content-type").orElse("application/octet-stream")).build());
        request.onBody(new BodyListener() {
            @Override
            public void onData(ByteBuffer data, Runnable release) {
                response.write(data, release);              // the client's window reopens once the echo went out
            }

            @Override
            public void onEnd(List<HeaderField> trailers) {
                response.end(trailers);                     // no trailers: just END_STREAM
            }
        });
    }
    // docs:io-echo:end

    /**
     * Streams lines counting down from {@code from} to 1, one write at a time, then a trailer field.
     *
     * @param response the response
     * @param from the first number, 0 or more
     */
    // docs:io-countdown:start
    public static void countdown(Response response, int from) {
        response.sendHeaders(Headers.response(200).add("content-type", "text/plain").build());
        writeFrom(response, from);
    }

    private static void writeFrom(Response response, int n) {
        if (n == 0) {
            response.end(Headers.trailers().add("x-countdown", "done").build());
            return;
        }
        ByteBuffer line = ByteBuffer.wrap((n + "\n").getBytes(StandardCharsets.UTF_8));
        response.write(line, () -> writeFrom(response, n - 1));    // the next piece once this one went out
    }
    // docs:io-countdown:end
}
