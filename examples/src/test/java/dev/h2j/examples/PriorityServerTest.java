package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.Response;
import java.io.EOFException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The priority-aware server sends DATA in the order the client's signals ask, by RFC 9218 urgency or by
 * the RFC 7540 tree. The client keeps every stream window shut until all responses have started, then
 * opens them at once, and reads which stream each DATA frame belongs to.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PriorityServerTest {

    private static final int FRAMES_PER_RESPONSE = PriorityServer.BODY_SIZE / 16_384;

    @Test
    void rfc9218MostUrgentFirstThenRequestOrder() throws Exception {
        List<Integer> order = dataOrder(H2Configuration.server().withNoRfc7540Priorities(true), conn -> {
            request(conn, "/app.js", "u=5");                // stream 1
            request(conn, "/style.css", "u=0");             // stream 3
            request(conn, "/hero.jpg", "u=5");              // stream 5
        });

        // RFC 9218 §10: urgency 0 first; within urgency 5, non-incremental responses one at a time in order.
        assertThat(order).containsExactlyElementsOf(frames(3, 1, 5));
    }

    @Test
    void rfc7540DependentsWaitForTheirParent() throws Exception {
        List<Integer> order = dataOrder(H2Configuration.server(), conn -> {
            // RFC 7540 §5.3.1: stream 5 depends on 3, which depends on 1.
            conn.sendHeaders(1, get("/index.html"), true, new PrioritySpec(0, false, 16));
            conn.sendHeaders(3, get("/style.css"), true, new PrioritySpec(1, false, 16));
            conn.sendHeaders(5, get("/font.woff2"), true, new PrioritySpec(3, false, 16));
        });

        assertThat(order).containsExactlyElementsOf(frames(1, 3, 5));
    }

    @Test
    void servesManyStreamsOnSeveralConnectionsAtOnce() throws Exception {
        try (PriorityServer server = new PriorityServer(new InetSocketAddress("127.0.0.1", 0), H2Configuration.server())) {
            Thread loop = new Thread(server, "priority-server");
            loop.start();
            URI origin = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
            ClientOptions options = ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE);
            try (ClientConnection a = H2Client.connect(origin, options);
                    ClientConnection b = H2Client.connect(origin, options)) {
                List<CompletableFuture<Response>> responses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    responses.add((i % 2 == 0 ? a : b).send(Request.get(origin.resolve("/file" + i))));
                }
                for (int i = 0; i < 20; i++) {
                    Response response = responses.get(i).join();
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.body()).hasSize(PriorityServer.BODY_SIZE);
                    assertThat(response.bodyText()).startsWith("the response to /file" + i + "\n");
                }
            }
            server.close();
            loop.join();
        }
    }

    private static void request(H2Connection conn, String path, String priority) {
        conn.sendHeaders(conn.nextAvailableStreamId(),
                Headers.request("GET", "http", "localhost", path).add("priority", priority).build(), true);
    }

    private static List<dev.h2j.hpack.HeaderField> get(String path) {
        return Headers.request("GET", "http", "localhost", path).build();
    }

    private static List<Integer> frames(int... streams) {
        List<Integer> frames = new ArrayList<>();
        for (int stream : streams) {
            for (int i = 0; i < FRAMES_PER_RESPONSE; i++) {
                frames.add(stream);
            }
        }
        return frames;
    }

    /** Sends three requests with every stream window shut, opens them once all three have started, and
     * returns the stream of each DATA frame in order. */
    private static List<Integer> dataOrder(H2Configuration serverConfiguration, Consumer<H2Connection> requests)
            throws Exception {
        try (PriorityServer server = new PriorityServer(new InetSocketAddress("127.0.0.1", 0), serverConfiguration)) {
            Thread loop = new Thread(server, "priority-server");
            loop.start();
            try (SocketChannel channel = SocketChannel.open(server.address())) {
                H2Connection conn = new H2Connection(H2Configuration.client()
                        .withLimits(Limits.defaults().withInitialWindowSize(0)));
                conn.initiateConnection();
                requests.accept(conn);
                List<Integer> data = new ArrayList<>();
                Set<Integer> started = new HashSet<>();
                Set<Integer> ended = new HashSet<>();
                ByteBuffer in = ByteBuffer.allocate(65_536);
                while (ended.size() < 3) {
                    channel.write(conn.dataToSend());
                    if (channel.read(in.clear()) < 0) {
                        throw new EOFException("the server closed the connection");
                    }
                    for (Event event : conn.receiveData(in.flip())) {
                        if (event instanceof ResponseReceived response && started.add(response.streamId())
                                && started.size() == 3) {
                            // RFC 9113 §6.9.2: one SETTINGS frame opens every stream window at once.
                            conn.incrementFlowControlWindow(1 << 20);
                            conn.updateSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)));
                        } else if (event instanceof DataReceived frame) {
                            data.add(frame.streamId());
                        } else if (event instanceof StreamEnded end) {
                            ended.add(end.streamId());
                        }
                    }
                }
                return data;
            } finally {
                server.close();
                loop.join();
            }
        }
    }
}
