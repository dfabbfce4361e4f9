package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientOptions;
import io.netty.channel.group.ChannelGroupFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * h2j's client against Netty 4.2's HTTP/2 server ({@link NettyServer}: Http2FrameCodec and
 * Http2MultiplexHandler with the whole endpoint contract) over cleartext, with prior knowledge.
 */
@Interop
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NettyServerTest {
    private static NettyServer server;
    private static ClientScenarios scenarios;

    @BeforeAll
    static void start() throws Exception {
        Matrix.version(Peer.NETTY_SERVER, NettyServer.version());
        server = NettyServer.start(Site.get().root());
        scenarios = new ClientScenarios(server.origin(),
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        scenarios.smallGet();
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        scenarios.largeGet();
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        scenarios.postEcho();
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        scenarios.trailers();
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        scenarios.concurrentStreams();
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        scenarios.resetMidBody("/drip");
        Awaits.until("Netty saw the CANCEL of /drip", Duration.ofSeconds(10),
                () -> server.resets().contains(new InteropServer.Reset("/drip", ErrorCode.CANCEL)));
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        List<ChannelGroupFuture> closed = new ArrayList<>();
        List<Integer> completed = scenarios.goawayUnderLoad("/delay?ms=300&id={id}", () -> {
            Awaits.until("Netty took the requests", Duration.ofSeconds(10),
                    () -> server.processedIds().size() >= ClientScenarios.GOAWAY_LOAD);
            closed.add(server.goAway());
        });
        assertThat(closed.get(0).await(30, TimeUnit.SECONDS)).as("connections closed after the drain").isTrue();
        // Each request Netty took was answered, once; the others it never saw.
        assertThat(server.processedIds()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(completed.stream().map(String::valueOf).toList());
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        scenarios.largeHeader("/headers");
    }

    @Test
    @Cell(peer = Peer.NETTY_SERVER, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        scenarios.manyHeaders("/headers");
    }
}
