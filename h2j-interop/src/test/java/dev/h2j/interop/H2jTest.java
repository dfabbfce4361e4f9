package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.testing.Certificates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reference row: h2j's client against h2j's server over TLS. Besides h2j itself, it checks the
 * matrix's own parts: that {@link InteropServer} keeps the contract {@link ClientScenarios} expects.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2jTest {
    private static InteropServer server;
    private static ClientScenarios scenarios;

    @BeforeAll
    static void start() {
        server = InteropServer.start();
        scenarios = new ClientScenarios(server.tlsUri(), options());
        Matrix.version(Peer.H2J, "this build");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClientOptions options() {
        return ClientOptions.defaults().withSslContext(Certificates.selfSigned().clientContext());
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
        List<InteropServer.Seen> seen = server.requests().stream()
                .filter(request -> request.path().startsWith("/small.txt?n=")).toList();
        assertThat(seen).hasSize(ClientScenarios.CONCURRENT);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody("/drip");
        Awaits.until("the server saw the CANCEL", Duration.ofSeconds(10),
                () -> server.resets().contains(new InteropServer.Reset("/drip", ErrorCode.CANCEL)));
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        try (InteropServer closing = InteropServer.start()) {
            Thread[] closer = new Thread[1];
            List<Integer> completed = new ClientScenarios(closing.tlsUri(), options())
                    .goawayUnderLoad("/delay?ms=300&id={id}", () -> {
                        Awaits.until("the server took the requests", Duration.ofSeconds(10),
                                () -> closing.processedIds().size() == ClientScenarios.GOAWAY_LOAD);
                        closer[0] = new Thread(closing::close, "interop-close");
                        closer[0].start();
                    });
            closer[0].join(30_000);
            // Each request the server took was answered, once; the others it never saw.
            assertThat(closing.processedIds()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(completed.stream().map(String::valueOf).toList());
        }
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader("/headers");
    }

    @Test
    @Cell(peer = Peer.H2J, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders("/headers");
    }
}
