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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx 1.22 serving the {@link Site} to h2j's client, HTTP/2 over TLS ({@code listen ... ssl http2}, the
 * test key and certificate), configured by {@code interop/nginx/nginx.conf}: static files,
 * {@code add_trailer} for {@code /trailers}, and njs ({@code interop/nginx/interop.js}) for
 * {@code /echo}, {@code /headers} and {@code /delay}. It runs as a foreground master with its pid, logs
 * and temporary files in a scratch directory; SIGQUIT is its graceful shutdown.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NginxTest {
    /** Debian's libnginx-mod-http-js, which nginx.conf loads. */
    private static final Path NJS = Path.of("/usr/lib/nginx/modules/ngx_http_js_module.so");
    /** What interop.js logs when a /delay request arrives. */
    private static final Pattern DELAY_ARRIVED = Pattern.compile("js: interop delay id=(\\S+)");

    @TempDir
    static Path work;

    private static Instance nginx;
    private static ClientScenarios scenarios;

    /**
     * One running nginx.
     *
     * @param process the master
     * @param origin its {@code https://127.0.0.1:port}
     */
    private record Instance(PeerProcess process, URI origin) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }

        /** The ids of the /delay requests that reached the njs handler, in order. */
        List<String> delayIds() {
            return DELAY_ARRIVED.matcher(process.log()).results().map(found -> found.group(1)).toList();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Peers.require("nginx");
        Peers.require(Files.exists(NJS), "nginx's njs module (" + NJS + ")");
        nginx = nginx("main");
        scenarios = new ClientScenarios(nginx.origin(), options());
        // "nginx version: nginx/1.22.1" on standard error; njs says its own version.
        String version = Tool.run(List.of("nginx", "-v"), 10).stderr().strip().replace("nginx version: ", "");
        try (ClientConnection connection = H2Client.connect(nginx.origin(), options())) {
            String njs = connection.execute(Request.get(nginx.origin().resolve("/njs-version"))).bodyText();
            Matrix.version(Peer.NGINX, version + " (njs " + njs + ")");
        }
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static ClientOptions options() {
        return ClientOptions.defaults().withSslContext(Certificates.selfSigned().clientContext());
    }

    /** Starts an nginx with its own directory under the test's scratch directory. */
    private static Instance nginx(String name) throws IOException {
        Path directory = Files.createDirectory(work.resolve(name));
        int port = PeerProcess.freePort();
        Certificates certificates = Certificates.selfSigned();
        ConfigTemplate.write("nginx/interop.js", Map.of(), directory.resolve("interop.js"));
        Path configuration = ConfigTemplate.write("nginx/nginx.conf", Map.of(
                // Workers of a master started by root run as "nobody" unless told otherwise; nobody may not
                // read the site, the key or the scratch directory (CI runs as root).
                "user", "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                "dir", directory.toString(),
                "port", Integer.toString(port),
                "certificate", certificates.certificatePem().toString(),
                "key", certificates.keyPem().toString(),
                "root", Site.get().root().toString()), directory.resolve("nginx.conf"));
        PeerProcess process = PeerProcess.start(List.of("nginx", "-p", directory.toString(), "-c",
                configuration.toString(), "-e", "stderr"), directory, Map.of()).awaitPort(port, Duration.ofSeconds(10));
        return new Instance(process, URI.create("https://127.0.0.1:" + port));
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody("/big.bin");
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        try (Instance closing = nginx("goaway")) {
            GoAways goAways = new GoAways();
            List<Integer> completed = new ClientScenarios(closing.origin(), options().withFrameListener(goAways))
                    .goawayUnderLoad("/delay?ms=300&id={id}", () -> {
                        Awaits.until("nginx has the requests", Duration.ofSeconds(10),
                                () -> closing.delayIds().size() == ClientScenarios.GOAWAY_LOAD);
                        try {
                            // nginx's graceful shutdown: the workers finish what they have, then exit.
                            closing.process().signal("QUIT");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            assertThat(closing.process().process().waitFor(30, TimeUnit.SECONDS)).as("nginx ended after its drain")
                    .isTrue();
            // RFC 9113 §6.8: one GOAWAY, NO_ERROR, naming the last of the 20 streams nginx took.
            assertThat(goAways.received()).containsExactly(
                    new GoAways.Received(2 * ClientScenarios.GOAWAY_LOAD - 1, ErrorCode.NO_ERROR));
            // Each request nginx took was answered, once.
            assertThat(closing.delayIds()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(completed.stream().map(String::valueOf).toList());
        }
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader("/headers");
    }

    @Test
    @Cell(peer = Peer.NGINX, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders("/headers");
    }
}
