package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.priority.Priority;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server sends DATA in the order the client's priority signals ask, read from the frames on the
 * wire. Every response has {@value #FRAMES} full DATA frames of content. The client starts with its
 * stream windows shut (SETTINGS_INITIAL_WINDOW_SIZE 0), so every response is ready before any content
 * may go; then one SETTINGS frame opens every window at once, and the order is the scheduler's alone.
 */
@Timeout(30)
class PriorityTest {
    static final int FRAMES = 4;
    static final int BODY = FRAMES * Connection.MAX_DATA_FRAME;
    static final int OPEN_WINDOW = 1 << 20;

    H2Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Answers every request with {@link #BODY} octets; a path starting with /urgent is reprioritized to u=0. */
    static final Handler LARGE = (request, response) -> {
        if (request.path().startsWith("/urgent")) {
            response.priority(new Priority(0, false));
        }
        response.send(Headers.response(200).build(), ByteBuffer.allocate(BODY));
    };

    void start(H2Configuration configuration) throws Exception {
        server = Servers.builder(LARGE).configuration(configuration).cleartext(Servers.loopback()).build().start();
    }

    /** A client whose stream windows are shut until {@link #openWindows(RawClient)}. */
    RawClient client(H2Configuration configuration) throws Exception {
        return RawClient.open(server.cleartextAddresses().get(0),
                configuration.withLimits(Limits.defaults().withInitialWindowSize(0)));
    }

    /** Opens a request with a {@code priority} header field (none when null). */
    static int get(RawClient client, String path, String priority) throws Exception {
        Headers request = Headers.request("GET", "http", "localhost", path);
        return client.request((priority == null ? request : request.add("priority", priority)).build(), true);
    }

    /**
     * Waits for every response's header fields (the content is queued behind them by then), opens the
     * connection window and every stream window in one write, reads every response to its end, and
     * returns the stream of each DATA frame, in the order received.
     */
    static List<Integer> dataOrder(RawClient client, int... streams) throws Exception {
        for (int id : streams) {
            while (client.exchange(id).headers.isEmpty()) {
                client.readOnce();
            }
        }
        assertThat(client.events).noneMatch(DataReceived.class::isInstance);
        client.conn.incrementFlowControlWindow(OPEN_WINDOW);
        // RFC 9113 §6.9.2: a new SETTINGS_INITIAL_WINDOW_SIZE opens every stream's window at once.
        client.conn.updateSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, OPEN_WINDOW)));
        client.flush();
        for (int id : streams) {
            assertThat(client.await(id).body.size()).isEqualTo(BODY);
        }
        List<Integer> order = new ArrayList<>();
        for (Event event : client.events) {
            if (event instanceof DataReceived data) {
                assertThat(data.data().remaining()).isEqualTo(Connection.MAX_DATA_FRAME);
                order.add(data.streamId());
            }
        }
        return order;
    }

    /** One response's frames, one after the other. */
    static List<Integer> frames(int stream) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            order.add(stream);
        }
        return order;
    }

    /** The frames of several responses, in turns. */
    static List<Integer> inTurns(int... streams) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            for (int id : streams) {
                order.add(id);
            }
        }
        return order;
    }

    static List<Integer> concat(List<List<Integer>> parts) {
        List<Integer> all = new ArrayList<>();
        parts.forEach(all::addAll);
        return all;
    }

    @Test
    void priorityHeadersOrderTheDataByUrgencyWhenTheClientDisablesRfc7540Priorities() throws Exception {
        start(H2Configuration.server());
        // RFC 9218 §2.1: the client's SETTINGS_NO_RFC7540_PRIORITIES 1 leaves RFC 9218 as the scheme.
        try (RawClient client = client(H2Configuration.client().withNoRfc7540Priorities(true))) {
            int background = get(client, "/background", "u=7");
            int css = get(client, "/css", "u=0");
            int first = get(client, "/first", null);
            int second = get(client, "/second", "u=3");
            int image1 = get(client, "/image1", "u=5, i");
            int image2 = get(client, "/image2", "u=5, i");

            List<Integer> order = dataOrder(client, background, css, first, second, image1, image2);

            // RFC 9218 §10: urgency 0 first and 7 last; of the two non-incremental responses of urgency 3
            // (the default), one at a time in request order; the incremental ones of urgency 5 in turns.
            assertThat(order).containsExactlyElementsOf(concat(List.of(frames(css), frames(first), frames(second),
                    inTurns(image1, image2), frames(background))));
        }
    }

    @Test
    void priorityFramesOrderTheDataByTheDependencyTree() throws Exception {
        start(H2Configuration.server());
        try (RawClient client = client(H2Configuration.client())) {
            int a = get(client, "/a", null);
            int b = get(client, "/b", null);
            int c = get(client, "/c", null);
            int d = get(client, "/d", null);
            // RFC 7540 §5.3.3: c becomes the only child of the root, a, b and d its children; b then
            // depends on a; d's weight is three times a's.
            client.conn.prioritize(c, new PrioritySpec(0, true, 16));
            client.conn.prioritize(b, new PrioritySpec(a, false, 16));
            client.conn.prioritize(d, new PrioritySpec(c, false, 48));
            client.flush();

            List<Integer> order = dataOrder(client, a, b, c, d);

            // RFC 7540 §5.3.1: c first, its dependents only once it cannot send (it ended); then a and d
            // share by weight, 1 to 3, until d is done; b waits for its parent a.
            assertThat(order).containsExactlyElementsOf(concat(List.of(frames(c),
                    List.of(a, d, d, d, a, d, a, a), frames(b))));
        }
    }

    @Test
    void theApplicationCanReprioritizeAResponse() throws Exception {
        // RFC 9218 with every client: the server sends SETTINGS_NO_RFC7540_PRIORITIES itself.
        start(H2Configuration.server().withNoRfc7540Priorities(true));
        try (RawClient client = client(H2Configuration.client())) {
            int normal = get(client, "/normal", "u=1");
            int urgent = get(client, "/urgent", "u=6");

            List<Integer> order = dataOrder(client, normal, urgent);

            // RFC 9218 §8: the server's u=0 replaces the client's u=6.
            assertThat(order).containsExactlyElementsOf(concat(List.of(frames(urgent), frames(normal))));
        }
    }
}
