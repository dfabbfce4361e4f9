package dev.h2j.cli;

import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nghttpd, nghttp2's HTTP/2 server (Debian package nghttp2-server), serving a directory on a loopback
 * port: the independent peer {@code h2j get} is tested against. It speaks h2 over TLS and cleartext
 * h2 with prior knowledge; it does not take the h2c upgrade.
 */
final class Nghttpd implements AutoCloseable {
    private static final List<Path> LOCATIONS = List.of(Path.of("/usr/sbin/nghttpd"), Path.of("/usr/bin/nghttpd"));

    private final Process process;
    private final int port;
    private final boolean tls;
    private final Path log;

    private Nghttpd(Process process, int port, boolean tls, Path log) {
        this.process = process;
        this.port = port;
        this.tls = tls;
        this.log = log;
    }

    /** The nghttpd executable; skips the test (fails it under CI=true) when it is missing. */
    static Path require() {
        Path found = LOCATIONS.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Peers.require(found != null, "nghttpd (Debian package nghttp2-server)");
        return found;
    }

    /**
     * Starts nghttpd on a free loopback port serving {@code root}; TLS with the PEM key and certificate
     * when given, else cleartext. Extra options (such as {@code --echo-upload}) go before the port.
     */
    static Nghttpd start(Path root, Path key, Path certificate, String... options) throws IOException,
            InterruptedException {
        Path executable = require();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            // A free port now; nghttpd takes a number, not port 0. Another process may take it first: retry.
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(executable.toString(), "-a", "127.0.0.1", "-d",
                    root.toString()));
            command.addAll(List.of(options));
            if (key == null) {
                command.add("--no-tls");
            }
            command.add(Integer.toString(port));
            if (key != null) {
                command.add(key.toString());
                command.add(certificate.toString());
            }
            Path log = Files.createTempFile("nghttpd", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Nghttpd server = new Nghttpd(process, port, key != null, log);
            if (server.awaitListening()) {
                return server;
            }
            last = new IOException("nghttpd did not listen on port " + port + ": " + server.output());
            server.close();
        }
        throw last;
    }

    private boolean awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return true;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** The URL of a path on this server. */
    String url(String path) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port + path;
    }

    /** What nghttpd printed, for failure messages. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
