package dev.h2j.interop;

import static org.assertj.core.api.Assertions.fail;

import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A peer running in the background (a server, or a long client run): its output goes to a log file,
 * {@link #awaitPort} waits until it listens, {@link #close} stops it.
 */
public final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a command with its standard output and error merged into a log file.
     *
     * @param command the program and its arguments
     * @param directory the working directory, or null for the test's
     * @param environment variables to add to the test's environment
     */
    public static PeerProcess start(List<String> command, Path directory, Map<String, String> environment) {
        try {
            Path log = Files.createTempFile("h2j-interop-" + Path.of(command.get(0)).getFileName(), ".log");
            log.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            return new PeerProcess(String.join(" ", command), builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** Starts a command in the test's directory and environment. */
    public static PeerProcess start(String... command) {
        return start(List.of(command), null, Map.of());
    }

    /**
     * Waits until 127.0.0.1:{@code port} accepts a connection; fails the test, with the peer's log, if the
     * peer exits first or the time runs out.
     *
     * @return this
     */
    public PeerProcess awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before listening on " + port + ":\n" + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                pause(50);
            }
        }
        fail(name + " did not listen on " + port + " within " + timeout + ":\n" + log());
        return this;
    }

    /**
     * Waits until the log contains {@code text}; fails the test, with the log, if the peer exits first or
     * the time runs out.
     *
     * @return this
     */
    public PeerProcess awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before printing \"" + text + "\":\n" + log());
            }
            if (System.nanoTime() >= deadline) {
                fail(name + " did not print \"" + text + "\" within " + timeout + ":\n" + log());
            }
            pause(20);
        }
        return this;
    }

    /** What the peer printed so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The process, to wait for or to read its exit status. */
    public Process process() {
        return process;
    }

    /** Sends a signal by name ({@code QUIT}, {@code TERM}, {@code HUP}) with {@code kill}. */
    public void signal(String signal) throws IOException {
        Peers.Result result = Peers.run(List.of("kill", "-s", signal, Long.toString(process.pid())), 10);
        if (result.exitCode() != 0) {
            fail("kill -s " + signal + " " + name + ": " + result.output());
        }
    }

    /** Stops the peer: SIGTERM, then SIGKILL after 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port free on 127.0.0.1 now, for a peer that cannot be told to pick its own. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
