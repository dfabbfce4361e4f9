package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.testing.Certificates;
import dev.h2j.io.testing.Peers;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * nghttpd, nghttp2's server, serving the {@link Site} to h2j's client, two rows: {@link Peer#NGHTTPD_H2C}
 * ({@code --no-tls}, h2j with prior knowledge) and {@link Peer#NGHTTPD_TLS} (the test key and
 * certificate). nghttpd serves files only, with two options for the contract: {@code --echo-upload}
 * answers a POST with its body, and {@code --trailer} ends every response with
 * {@code x-interop-trailer: ok}. The header scenarios go to {@code /small.txt}.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NghttpdTest {
    private static PeerProcess cleartext;
    private static PeerProcess tls;
    private static ClientScenarios h2c;
    private static ClientScenarios h2;

    @BeforeAll
    static void start() throws Exception {
        Peers.require("nghttpd");
        int cleartextPort = PeerProcess.freePort();
        cleartext = nghttpd(cleartextPort, List.of("--no-tls", Integer.toString(cleartextPort)));
        Certificates certificates = Certificates.selfSigned();
        int tlsPort = PeerProcess.freePort();
        tls = nghttpd(tlsPort, List.of(Integer.toString(tlsPort), certificates.keyPem().toString(),
                certificates.certificatePem().toString()));
        h2c = new ClientScenarios(URI.create("http://127.0.0.1:" + cleartextPort),
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));
        h2 = new ClientScenarios(URI.create("https://127.0.0.1:" + tlsPort),
                ClientOptions.defaults().withSslContext(certificates.clientContext()));
        // "nghttpd nghttp2/1.52.0"
        String version = Tool.run(List.of("nghttpd", "--version"), 10).out();
        Matrix.version(Peer.NGHTTPD_H2C, version);
        Matrix.version(Peer.NGHTTPD_TLS, version);
    }

    @AfterAll
    static void stop() {
        for (PeerProcess nghttpd : new PeerProcess[] {cleartext, tls}) {
            if (nghttpd != null) {
                nghttpd.close();
            }
        }
    }

    private static PeerProcess nghttpd(int port, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("nghttpd", "--address=127.0.0.1",
                "--htdocs=" + Site.get().root(), "--echo-upload",
                "--trailer=" + InteropServer.TRAILER.name() + ": " + InteropServer.TRAILER.value()));
        command.addAll(arguments);
        return PeerProcess.start(command, null, Map.of()).awaitPort(port, Duration.ofSeconds(10));
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.SMALL_GET)
    void smallGetH2c() throws Exception {
        h2c.smallGet();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.SMALL_GET)
    void smallGetTls() throws Exception {
        h2.smallGet();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.LARGE_GET)
    void largeGetH2c() throws Exception {
        h2c.largeGet();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.LARGE_GET)
    void largeGetTls() throws Exception {
        h2.largeGet();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.POST_ECHO)
    void postEchoH2c() throws Exception {
        h2c.postEcho();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.POST_ECHO)
    void postEchoTls() throws Exception {
        h2.postEcho();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.TRAILERS)
    void trailersH2c() throws Exception {
        assertThat(h2c.trailers("/small.txt").bodyText()).isEqualTo(Site.SMALL);
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.TRAILERS)
    void trailersTls() throws Exception {
        assertThat(h2.trailers("/small.txt").bodyText()).isEqualTo(Site.SMALL);
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreamsH2c() throws Exception {
        h2c.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreamsTls() throws Exception {
        h2.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.RESET_MID_BODY)
    void resetMidBodyH2c() throws Exception {
        h2c.resetMidBody("/big.bin");
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.RESET_MID_BODY)
    void resetMidBodyTls() throws Exception {
        h2.resetMidBody("/big.bin");
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.LARGE_HEADER)
    void largeHeaderH2c() throws Exception {
        h2c.largeHeader("/small.txt");
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.LARGE_HEADER)
    void largeHeaderTls() throws Exception {
        h2.largeHeader("/small.txt");
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_H2C, scenario = Scenario.MANY_HEADERS)
    void manyHeadersH2c() throws Exception {
        h2c.manyHeaders("/small.txt");
    }

    @Test
    @Cell(peer = Peer.NGHTTPD_TLS, scenario = Scenario.MANY_HEADERS)
    void manyHeadersTls() throws Exception {
        h2.manyHeaders("/small.txt");
    }
}
