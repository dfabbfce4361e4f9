package dev.h2j.interop;

import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: one browser with a fresh profile in a
 * temporary directory, kept off every network but loopback, and one tab in which tests load pages and
 * run the functions of the harness script.
 */
final class Chromium implements AutoCloseable {
    /** The program, as Debian installs it. */
    static final String PROGRAM = "chromium";
    /** Where the harness lives on the site the tab loads it from. */
    static final String HARNESS = "/chromium/harness.html";

    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final List<String> HARNESS_FILES = List.of("harness.html", "harness.js");

    private final Process process;
    private final Path profile;
    private final DevTools devTools;
    private final String session;

    private Chromium(Process process, Path profile, DevTools devTools, String session) {
        this.process = process;
        this.profile = profile;
        this.devTools = devTools;
        this.session = session;
    }

    /**
     * The command line: headless, as root (no sandbox), no GPU, no QUIC (so h2 is the only way to the
     * server), nothing fetched in the background, no name resolved, the test certificate accepted, and
     * the DevTools endpoint on a port of Chromium's choosing on 127.0.0.1.
     */
    static List<String> command(Path profile) {
        return List.of(PROGRAM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-domain-reliability", "--metrics-recording-only", "--no-proxy-server",
                // Shared memory in /tmp, not /dev/shm, which containers keep small (64 MiB by default).
                "--disable-dev-shm-usage",
                // No name resolves: nothing but 127.0.0.1, by its address, can be reached.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--ignore-certificate-errors",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank");
    }

    /** The version Chromium reports ({@code Chromium 156.0.8078.79 built on Debian ...}). */
    static String version() throws IOException {
        Peers.Result result = Peers.run(List.of(PROGRAM, "--version"), 30);
        // Debian's wrapper script may print a shell warning before the browser's own line.
        return result.output().lines().filter(line -> line.startsWith("Chromium")).findFirst()
                .orElseThrow(() -> new IllegalStateException(PROGRAM + " --version said: " + result.output()));
    }

    /** Copies the harness page and script into the site, under {@code /chromium/}. */
    static void installHarness(Path siteRoot) throws IOException {
        Path directory = Files.createDirectories(siteRoot.resolve("chromium"));
        for (String name : HARNESS_FILES) {
            try (InputStream in = Chromium.class.getResourceAsStream("/interop/chromium/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("interop/chromium/" + name + " is not on the test class path");
                }
                Files.write(directory.resolve(name), in.readAllBytes());
            }
        }
    }

    /** Starts Chromium, connects to its DevTools endpoint and attaches to a new tab. */
    static Chromium start() throws Exception {
        Path profile = Files.createTempDirectory("h2j-chromium");
        Path log = profile.resolve("chromium.log");
        Process process = new ProcessBuilder(command(profile)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            List<String> endpoint = awaitEndpoint(process, profile, log);
            DevTools devTools = DevTools.connect(URI.create("ws://127.0.0.1:" + endpoint.get(0) + endpoint.get(1)),
                    COMMAND);
            String target = (String) devTools.call(null, "Target.createTarget", Map.of("url", "about:blank"), COMMAND)
                    .get("targetId");
            String session = (String) devTools.call(null, "Target.attachToTarget",
                    Map.of("targetId", target, "flatten", true), COMMAND).get("sessionId");
            devTools.call(session, "Page.enable", Map.of(), COMMAND);
            return new Chromium(process, profile, devTools, session);
        } catch (Exception | Error e) {
            stop(process, Duration.ZERO);
            delete(profile);
            throw e;
        }
    }

    /**
     * Waits for {@code DevToolsActivePort} in the profile, where Chromium writes the port it bound and
     * the browser's WebSocket path once it listens.
     */
    private static List<String> awaitEndpoint(Process process, Path profile, Path log) throws Exception {
        Path active = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + COMMAND.toNanos();
        while (true) {
            if (Files.exists(active)) {
                List<String> lines = Files.readAllLines(active, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    return lines;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ":\n"
                        + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Chromium opened no DevTools port within " + COMMAND + ":\n"
                        + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            Thread.sleep(20);
        }
    }

    /** Loads {@code url} in the tab and waits for its load event (the page and everything it links). */
    void navigate(URI url, Duration timeout) throws Exception {
        CompletableFuture<Map<String, Object>> loaded = devTools.event(session, "Page.loadEventFired");
        Map<String, Object> result = devTools.call(session, "Page.navigate", Map.of("url", url.toString()), timeout);
        if (result.get("errorText") != null) {
            throw new AssertionError("Chromium could not load " + url + ": " + result.get("errorText"));
        }
        DevTools.await(loaded, "the load event of " + url, timeout);
    }

    /**
     * Starts {@code function(arguments...)} in the page (the arguments as JSON); the future completes
     * with its value, a promise's once it settled, as {@link DevTools} reads JSON (maps, lists, strings,
     * booleans, {@code Long}s for integral numbers).
     */
    CompletableFuture<Object> start(String function, Object... arguments) {
        String call = function + "(" + Stream.of(arguments).map(DevTools::write).collect(Collectors.joining(", ")) + ")";
        return evaluate(call);
    }

    /** Runs {@code function(arguments...)} in the page and waits for its value. */
    Object call(Duration timeout, String function, Object... arguments) throws Exception {
        return await(start(function, arguments), function, timeout);
    }

    /** Evaluates a script in the page; the future completes with its value, a promise's once it settled. */
    CompletableFuture<Object> evaluate(String expression) {
        return devTools.send(session, "Runtime.evaluate",
                Map.of("expression", expression, "awaitPromise", true, "returnByValue", true))
                .thenApply(Chromium::value);
    }

    /** Waits for a value from the page. */
    static Object await(CompletableFuture<Object> value, String what, Duration timeout) throws Exception {
        try {
            return value.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the page's " + what + " did not finish within " + timeout);
        } catch (ExecutionException e) {
            throw DevTools.unwrap(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object value(Map<String, Object> result) {
        Map<String, Object> exception = (Map<String, Object>) result.get("exceptionDetails");
        if (exception != null) {
            Map<String, Object> thrown = (Map<String, Object>) exception.get("exception");
            Object description = thrown == null ? exception.get("text") : thrown.get("description");
            throw new AssertionError("the page's script threw: " + description);
        }
        return ((Map<String, Object>) result.get("result")).get("value");
    }

    /** Asks Chromium to close, stops it if it does not, and deletes the profile. */
    @Override
    public void close() throws IOException {
        try {
            devTools.send(null, "Browser.close", Map.of()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Chromium may drop the connection before it answers; it is stopped below either way.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            devTools.close();
            stop(process, Duration.ofSeconds(10));
            delete(profile);
        }
    }

    /**
     * Waits for Chromium to exit, then ends it by force, and what it started (renderers, utilities) with
     * it. Interrupted, it ends them at once and keeps the interrupt.
     */
    private static void stop(Process process, Duration grace) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
