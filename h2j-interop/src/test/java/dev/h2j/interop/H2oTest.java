package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.testing.Certificates;
import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * h2o 2.2 serving the {@link Site} to h2j's client over TLS (the test key and certificate, ALPN h2),
 * configured by {@code interop/h2o/h2o.conf}: its file handler, and mruby handlers for {@code /echo}
 * and {@code /headers}. h2o shuts down gracefully on SIGTERM with the two GOAWAY frames of RFC 9113 §6.8.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2oTest {
    /** A line of h2o's access log (Apache's combined format): the request line and the status. */
    private static final Pattern ACCESS = Pattern.compile(".*\"GET (\\S+) HTTP/2\" (\\d{3}) .*");

    @TempDir
    static Path work;

    private static Instance h2o;
    private static ClientScenarios scenarios;

    /**
     * One running h2o.
     *
     * @param process the server
     * @param origin its {@code https://127.0.0.1:port}
     * @param directory its configuration, pid file and access log
     */
    private record Instance(PeerProcess process, URI origin, Path directory) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Peers.require("h2o");
        h2o = h2o("main");
        scenarios = new ClientScenarios(h2o.origin(), options());
        // "h2o version 2.2.5", then the OpenSSL it runs with and whether it has mruby.
        List<String> version = Tool.run(List.of("h2o", "--version"), 10).out().lines().toList();
        Matrix.version(Peer.H2O, version.get(0).replace(" version", "") + " ("
                + version.get(1).replaceAll("^OpenSSL: (OpenSSL \\S+).*", "$1") + ")");
    }

    @AfterAll
    static void stop() {
        if (h2o != null) {
            h2o.close();
        }
    }

    private static ClientOptions options() {
        return ClientOptions.defaults().withSslContext(Certificates.selfSigned().clientContext());
    }

    /** Starts an h2o with its own directory under the test's scratch directory. */
    private static Instance h2o(String name) throws IOException {
        Path directory = Files.createDirectory(work.resolve(name));
        int port = PeerProcess.freePort();
        Certificates certificates = Certificates.selfSigned();
        Path configuration = ConfigTemplate.write("h2o/h2o.conf", Map.of(
                // h2o started by root switches to "nobody" unless told otherwise; nobody may not read the
                // site, the key or the scratch directory (CI runs as root).
                "user", "root".equals(System.getProperty("user.name")) ? "user: root" : "",
                "dir", directory.toString(),
                "port", Integer.toString(port),
                "certificate", certificates.certificatePem().toString(),
                "key", certificates.keyPem().toString(),
                "root", Site.get().root().toString()), directory.resolve("h2o.conf"));
        PeerProcess process = PeerProcess.start(List.of("h2o", "-c", configuration.toString()), directory, Map.of())
                .awaitPort(port, Duration.ofSeconds(10));
        return new Instance(process, URI.create("https://127.0.0.1:" + port), directory);
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody("/big.bin");
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        try (Instance closing = h2o("goaway")) {
            GoAways goAways = new GoAways();
            // 20 × /big.bin: h2o sends each until the client's stream window is full, so all stay in flight
            // until the client reads them, after the GOAWAY.
            List<Integer> completed = new ClientScenarios(closing.origin(), options().withFrameListener(goAways))
                    .goawayUnderLoad("/big.bin?id={id}", () -> {
                        Awaits.until("h2o has the requests", Duration.ofSeconds(10),
                                () -> inFlight(closing, "/big.bin") == ClientScenarios.GOAWAY_LOAD);
                        try {
                            closing.process().signal("TERM");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            assertThat(closing.process().process().waitFor(30, TimeUnit.SECONDS)).as("h2o ended after its drain")
                    .isTrue();
            // RFC 9113 §6.8's graceful shutdown: first a GOAWAY with 2^31-1 (no stream refused yet), then, a
            // second later if the connection is still open, one with the last stream h2o took; all NO_ERROR.
            List<GoAways.Received> goAway = goAways.received();
            assertThat(goAway).isNotEmpty().first().isEqualTo(new GoAways.Received(Integer.MAX_VALUE, ErrorCode.NO_ERROR));
            assertThat(goAway.subList(1, goAway.size())).allSatisfy(second -> assertThat(second)
                    .isEqualTo(new GoAways.Received(2 * ClientScenarios.GOAWAY_LOAD - 1, ErrorCode.NO_ERROR)));
            // Each request h2o took it answered once, whole: its access log has one 200 per completed request.
            List<String> served = Files.readAllLines(closing.directory().resolve("access.log")).stream()
                    .map(ACCESS::matcher).filter(Matcher::matches).filter(line -> line.group(1).startsWith("/big.bin"))
                    .map(line -> line.group(1) + " " + line.group(2)).toList();
            assertThat(served).containsExactlyInAnyOrderElementsOf(
                    completed.stream().map(id -> "/big.bin?id=" + id + " 200").toList());
        }
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader("/headers");
    }

    @Test
    @Cell(peer = Peer.H2O, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders("/headers");
    }

    /** How many requests for {@code path} h2o has in flight, by its status handler. */
    private static long inFlight(Instance instance, String path) {
        try (ClientConnection connection = H2Client.connect(instance.origin(), options())) {
            String status = connection.execute(Request.get(instance.origin().resolve(
                    "/server-status/json?show=requests"))).bodyText();
            return Pattern.compile("\"path\": \"" + Pattern.quote(path) + "\"").matcher(status).results().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
