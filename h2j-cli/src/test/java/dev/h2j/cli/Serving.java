package dev.h2j.cli;

import static org.assertj.core.api.Assertions.fail;

import dev.h2j.io.server.H2Server;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine;

/** {@code h2j serve} running in this JVM on ephemeral loopback ports, stopped by interrupting its thread. */
final class Serving implements AutoCloseable {
    private static final Pattern HTTPS = Pattern.compile("https://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern H2C = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final int httpsPort;
    final int h2cPort;
    private final Thread thread;
    private volatile int exitCode = -1;
    private volatile H2Server server;

    private Serving(List<String> args) throws InterruptedException {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ServeCommand.class) {
                    return type.cast(new ServeCommand(started -> server = started));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = Main.commandLine(factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        thread = new Thread(() -> exitCode = commandLine.execute(args.toArray(String[]::new)), "serve-under-test");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!out.toString().contains("Ctrl-C stops")) {
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                fail("h2j serve did not start (exit " + exitCode + "): " + err + out);
            }
            Thread.sleep(10);
        }
        httpsPort = port(HTTPS);
        h2cPort = port(H2C);
    }

    /** Starts {@code h2j serve ARGS --port 0 --h2c-port 0 --shutdown-timeout 5}. */
    static Serving start(String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(
                List.of("serve", "--port", "0", "--h2c-port", "0", "--shutdown-timeout", "5"));
        all.addAll(List.of(args));
        return new Serving(all);
    }

    private int port(Pattern pattern) {
        Matcher m = pattern.matcher(out.toString());
        if (!m.find()) {
            fail("no address in: " + out);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The command's server, for what only its API tells (such as {@link H2Server#peakConnectionOutput()}). */
    H2Server server() {
        return server;
    }

    URI https(String path) {
        return URI.create("https://127.0.0.1:" + httpsPort + path);
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + h2cPort + path);
    }

    /** The access-log lines printed so far. */
    List<String> accessLog() {
        List<String> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Waits until an access-log line contains {@code text} (lines are written when a stream is over). */
    String awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : accessLog()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        return fail("no access-log line with " + text + " in " + out);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(20_000);
    }

    int exitCode() {
        return exitCode;
    }

    /** An HTTP/2 client that trusts the certificate in a PEM file. */
    static HttpClient client(Path certificate) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A TLS context that trusts the certificate in a PEM file, and nothing else. */
    static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("serve", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** GETs {@code path} over HTTPS with {@code client}, with the given header name/value pairs. */
    HttpResponse<byte[]> get(HttpClient client, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(https(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(client, request);
    }

    static HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
