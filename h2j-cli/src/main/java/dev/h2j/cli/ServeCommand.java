package dev.h2j.cli;

import dev.h2j.cli.serve.Certificates;
import dev.h2j.cli.serve.StaticFiles;
import dev.h2j.io.server.AccessLogEntry;
import dev.h2j.io.server.H2Server;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code h2j serve [DIR]}: static files over HTTP/2, over TLS and cleartext at once.
 *
 * <p>Prints where it listens (the real ports, also with {@code --port 0}) and where its certificate is,
 * then one access-log line per request; Ctrl-C (SIGINT or SIGTERM) stops accepting, sends GOAWAY and lets
 * streams in flight finish for up to {@code --shutdown-timeout} seconds. Exit status 1 when a port is taken
 * or a file cannot be read, 2 for a usage error.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the files of DIR over HTTP/2: https (h2 over TLS with a self-signed certificate made at first",
            "start, or --cert/--key) and cleartext h2c (prior knowledge or an HTTP/1.1 Upgrade). Without DIR it",
            "serves a small built-in demo page. GET and HEAD, Range, ETag/Last-Modified with 304, directory",
            "indexes. One access-log line per request; Ctrl-C drains streams in flight, then exits.",
            "Plain HTTP/1.1 requests get 505 with a hint (curl --http2-prior-knowledge, or https)."},
        footer = {"",
            "Examples:",
            "  h2j serve                                    # the demo: https://127.0.0.1:8443/",
            "  h2j serve ./public --port 9443 --h2c-port 9080",
            "  curl --http2-prior-knowledge http://127.0.0.1:8080/",
            "  curl -k https://127.0.0.1:8443/              # or trust ~/.h2j/" + Certificates.CERT_FILE})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "The directory to serve; without it, the built-in demo.")
    Path directory;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8443",
            description = "The https (h2 over TLS) port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--h2c-port", paramLabel = "PORT", defaultValue = "8080",
            description = "The cleartext HTTP/2 (h2c) port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int h2cPort;

    @Option(names = "--cert", paramLabel = "PEM",
            description = "The server certificate (chain) as PEM, with --key; instead of the self-signed one.")
    Path certFile;

    @Option(names = "--key", paramLabel = "PEM", description = "The private key of --cert as PEM, unencrypted.")
    Path keyFile;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the self-signed certificate is kept and reused (default: ~/.h2j).")
    Path stateDir;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event-loop threads (default: one per processor).")
    Integer threads;

    @Option(names = "--no-access-log",
            description = "Print no line per request (for load tests such as bench/servers).")
    boolean noAccessLog;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "On Ctrl-C, how long streams in flight may take to finish (default: ${DEFAULT-VALUE}).")
    long shutdownSeconds;

    private final Consumer<H2Server> started;

    /** The command as {@code h2j serve} runs it. */
    ServeCommand() {
        this(server -> { });
    }

    /** The command telling {@code started} about its server once it listens, for running in process. */
    ServeCommand(Consumer<H2Server> started) {
        this.started = started;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((certFile == null) != (keyFile == null)) {
            err.println("h2j serve: --cert and --key go together");
            return 2;
        }
        if (threads != null && threads < 1 || shutdownSeconds < 0) {
            err.println("h2j serve: --threads must be 1 or more, --shutdown-timeout 0 or more");
            return 2;
        }
        StaticFiles site;
        String certificate;
        SSLContext tls;
        try {
            site = directory == null ? StaticFiles.demo() : StaticFiles.directory(directory);
            if (certFile != null) {
                tls = Certificates.read(certFile, keyFile).sslContext();
                certificate = certFile + " (from --cert)";
            } else {
                Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".h2j");
                Path file = dir.resolve(Certificates.CERT_FILE);
                boolean kept = Files.exists(file);
                tls = Certificates.selfSigned(dir).sslContext();
                certificate = file + " (self-signed for localhost, 127.0.0.1 and ::1; "
                        + (kept ? "reused" : "made now") + ")";
            }
        } catch (IOException e) {
            err.println("h2j serve: " + e.getMessage());
            return 1;
        }
        H2Server.Builder builder = H2Server.builder(site)
                .tls(new InetSocketAddress(bind, port), tls)
                .cleartext(new InetSocketAddress(bind, h2cPort))
                .shutdownTimeout(Duration.ofSeconds(shutdownSeconds));
        if (!noAccessLog) {
            builder.accessLog(entry -> log(out, entry));
        }
        if (threads != null) {
            builder.eventLoops(threads);
        }
        H2Server server = builder.build();
        try {
            server.start();
        } catch (BindException e) {
            err.println("h2j serve: " + e.getMessage() + " (choose another with --port or --h2c-port; 0 picks a free"
                    + " one)");
            return 1;
        } catch (IOException e) {
            err.println("h2j serve: cannot listen: " + e.getMessage());
            return 1;
        }
        started.accept(server);
        InetSocketAddress https = server.tlsAddresses().get(0);
        InetSocketAddress h2c = server.cleartextAddresses().get(0);
        synchronized (out) {
            out.println("h2j serve: serving " + site.describe());
            out.println("  https://" + host(https) + "/  HTTP/2 over TLS; certificate " + certificate);
            out.println("  http://" + host(h2c) + "/  HTTP/2 cleartext (h2c: prior knowledge or Upgrade)");
            out.println("Ctrl-C stops: streams in flight get up to " + shutdownSeconds + " s to finish.");
            out.flush();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            synchronized (out) {
                out.println("h2j serve: stopping (GOAWAY sent, streams in flight finishing)");
                out.flush();
            }
            server.close();
            synchronized (out) {
                out.println("h2j serve: stopped");
                out.flush();
            }
            stopped.countDown();
        }, "h2j-serve-stop");
        // Ctrl-C (SIGINT) and SIGTERM run the shutdown hooks; an interrupt of this thread (a host that
        // embeds the command) stops the same way.
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(stop);
            stop.run();
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String host(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** One line per request: time, client, protocol, stream, method, path, status, octets, milliseconds. */
    private static void log(PrintWriter out, AccessLogEntry entry) {
        String line = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS")) + " "
                + entry.remoteAddress().getAddress().getHostAddress() + ":" + entry.remoteAddress().getPort() + " "
                + entry.protocol() + " #" + entry.streamId() + " " + entry.method() + " " + entry.path() + " "
                + entry.status() + " " + entry.bytes() + " B " + entry.millis() + " ms"
                + entry.reset().map(code -> " reset " + code.name()).orElse("");
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
