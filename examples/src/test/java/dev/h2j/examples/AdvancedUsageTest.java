package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.OutboundBufferFullException;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.WindowUpdated;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.hpack.HeaderField;
import dev.h2j.priority.Priority;
import dev.h2j.priority.PriorityTree;
import dev.h2j.priority.Scheduler;
import dev.h2j.priority.UrgencyScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The snippets of docs/guide/advanced-usage.md, run, with what their comments say checked. */
class AdvancedUsageTest {

    // ---------------------------------------------------------------- priority

    @Test
    void aClientSignalsRfc9218PrioritiesInTheHeaderAndLaterByFrame() {
        Pair pair = new Pair(H2Configuration.client(), H2Configuration.server().withNoRfc7540Priorities(true));
        H2Connection client = pair.client;
        // docs:client-priority:start
        int id = client.nextAvailableStreamId();
        client.sendHeaders(id, Headers.request("GET", "https", "example.com", "/hero.jpg")
                .add("priority", new Priority(5, true).fieldValue())     // "u=5, i": later, piece by piece
                .build(), true);
        // ... the user scrolled to the image: make it urgent (a PRIORITY_UPDATE frame, RFC 9218 §7.1)
        client.prioritize(id, new Priority(1, true));
        // docs:client-priority:end
        pair.exchange();

        assertThat(client.ignoresRfc7540Priorities()).isTrue();
        assertThat(((RequestReceived) pair.serverEvents.get(0)).priority()).isEqualTo(new Priority(5, true));
        assertThat(pair.serverEvents).filteredOn(PriorityUpdateReceived.class::isInstance).singleElement()
                .extracting(e -> ((PriorityUpdateReceived) e).priority()).isEqualTo(new Priority(1, true));
    }

    @Test
    void rfc7540SignalsAreReportedUnlessEitherSideDisabledThem() {
        Pair pair = new Pair();
        pair.client.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), true,
                new PrioritySpec(0, false, 32));
        pair.client.prioritize(3, new PrioritySpec(1, false, 16));
        pair.exchange();

        assertThat(pair.serverEvents).filteredOn(PriorityUpdated.class::isInstance)
                .containsExactly(new PriorityUpdated(1, 32, 0, false), new PriorityUpdated(3, 16, 1, false));
        Pair disabled = new Pair(H2Configuration.client(), H2Configuration.server().withNoRfc7540Priorities(true));
        disabled.client.prioritize(3, new PrioritySpec(1, false, 16));
        disabled.exchange();
        assertThat(disabled.serverEvents).noneMatch(PriorityUpdated.class::isInstance);
    }

    @Test
    void anUrgencySchedulerWithoutAConnection() {
        // docs:urgency-scheduler:start
        Scheduler scheduler = new UrgencyScheduler();
        scheduler.open(1, Priority.parse("u=3"));           // non-incremental
        scheduler.open(3, Priority.parse("u=3"));           // non-incremental, requested after 1
        scheduler.open(5, Priority.parse("u=3, i"));        // incremental
        scheduler.open(7, Priority.parse("u=1"));           // more urgent than all three
        for (int id : new int[] {1, 3, 5, 7}) {
            scheduler.ready(id);                            // each has data to send
        }
        List<Integer> turns = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int id = scheduler.next(stream -> true);        // every window open
            turns.add(id);
            if (id == 7) {
                scheduler.close(7);                         // stream 7 sent all it had
            }
        }
        // turns: [7, 1, 5, 1, 5, 1]: urgency 1 first; then stream 1, one at a time, shares turns with the
        // incremental stream 5; stream 3 waits until stream 1 is done
        // docs:urgency-scheduler:end
        assertThat(turns).containsExactly(7, 1, 5, 1, 5, 1);
        scheduler.close(1);
        assertThat(scheduler.next(stream -> true)).isIn(3, 5);
        assertThat(List.of(scheduler.next(stream -> true), scheduler.next(stream -> true))).contains(3, 5);
    }

    @Test
    void aPriorityTreeWithoutAConnection() {
        // docs:priority-tree:start
        PriorityTree tree = new PriorityTree();
        tree.insert(1);                                     // depends on stream 0, weight 16
        tree.insert(3, 0, 32, false);                       // a sibling of 1 with twice its weight
        tree.insert(5, 1, 16, false);                       // depends on 1: sends only while 1 cannot
        List<Integer> turns = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            turns.add(tree.next());
        }
        // turns: [1, 3, 3, 1, 3, 3]: stream 3 gets two turns for each of stream 1's
        tree.block(1);                                      // stream 1 has nothing to send for now
        int next = tree.next();                             // 5 or 3: stream 5 takes stream 1's share
        // docs:priority-tree:end
        assertThat(turns).containsExactly(1, 3, 3, 1, 3, 3);
        assertThat(next).isIn(3, 5);
        Set<Integer> later = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            later.add(tree.next());
        }
        assertThat(later).containsExactlyInAnyOrder(3, 5);
    }

    // ---------------------------------------------------------------- related events

    // docs:related-events:start
    /** Handles each event once, reading related events from the event that carries them. */
    static void onEvents(List<Event> events, Map<Integer, StringBuilder> bodies, List<String> finished) {
        for (Event event : events) {
            if (event instanceof RequestReceived request) {
                bodies.put(request.streamId(), new StringBuilder());
                request.streamEnded().ifPresent(ended -> finish(ended.streamId(), bodies, finished));
            } else if (event instanceof DataReceived data) {
                bodies.get(data.streamId()).append(StandardCharsets.UTF_8.decode(data.data()));
                data.streamEnded().ifPresent(ended -> finish(ended.streamId(), bodies, finished));
            }
            // StreamEnded (and PriorityUpdated) also come on their own, right after the event that
            // carries them: ignored here, since they were handled through it.
        }
    }

    static void finish(int streamId, Map<Integer, StringBuilder> bodies, List<String> finished) {
        finished.add(streamId + ": " + bodies.remove(streamId));
    }
    // docs:related-events:end

    @Test
    void relatedEventsAreHandledOnceThroughTheEventsThatCarryThem() {
        Pair pair = new Pair();
        pair.client.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), true);
        pair.client.sendHeaders(3, Headers.request("POST", "https", "example.com", "/").build(), false);
        pair.client.sendData(3, ByteBuffer.wrap("body".getBytes(StandardCharsets.US_ASCII)), true);
        pair.exchange();
        Map<Integer, StringBuilder> bodies = new HashMap<>();
        List<String> finished = new ArrayList<>();

        onEvents(pair.serverEvents, bodies, finished);

        assertThat(pair.serverEvents).filteredOn(StreamEnded.class::isInstance).hasSize(2);
        assertThat(finished).containsExactly("1: ", "3: body");
        assertThat(bodies).isEmpty();
    }

    // ---------------------------------------------------------------- thread safety

    /** A client connection shared by threads; one writer thread owns the channel. */
    static final class SharedClient {
        private final H2Connection conn = new H2Connection(H2Configuration.client());

        SharedClient() {
            conn.initiateConnection();
        }

        // docs:thread-safety:start
        /** Sends a request; any thread may call it. */
        int request(List<HeaderField> headers) {
            synchronized (conn) {                           // one lock around every call on the connection
                int id = conn.nextAvailableStreamId();      // taking an id and using it must not be split
                conn.sendHeaders(id, headers, true);
                conn.notifyAll();                           // wake the writer
                return id;
            }
        }

        /** The one thread that writes: octets must reach the peer in the order dataToSend() gave them. */
        void writeLoop(WritableByteChannel channel) throws IOException, InterruptedException {
            while (true) {
                ByteBuffer out;
                synchronized (conn) {
                    while (conn.outboundSize() == 0) {
                        conn.wait();
                    }
                    out = conn.dataToSend();
                }
                while (out.hasRemaining()) {
                    channel.write(out);                     // outside the lock: a slow socket holds up no caller
                }
            }
        }
        // docs:thread-safety:end
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void requestsFromManyThreadsArriveWholeAndInOrderOfTheirIds() throws Exception {
        SharedClient client = new SharedClient();
        Pipe pipe = Pipe.open();
        Thread writer = new Thread(() -> {
            try {
                client.writeLoop(pipe.sink());
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shared-client-writer");
        writer.start();
        int threads = 8;
        int perThread = 10;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    client.request(Headers.request("GET", "https", "example.com", "/" + thread + "/" + i).build());
                }
                done.countDown();
            }).start();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        H2Connection server = new H2Connection(H2Configuration.server()
                .withLimits(Limits.defaults().withMaxConcurrentStreams(threads * perThread)));
        server.initiateConnection();
        List<Integer> requests = new ArrayList<>();
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (requests.size() < threads * perThread) {
            pipe.source().read(in.clear());
            for (Event event : server.receiveData(in.flip())) {
                if (event instanceof RequestReceived request) {
                    requests.add(request.streamId());
                }
            }
        }
        writer.interrupt();
        writer.join();
        assertThat(requests).hasSize(threads * perThread).isSorted().doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- headers

    @Test
    void headersAreOrderedListsWithPseudoHeaderFieldsFirst() {
        Pair pair = new Pair();
        H2Connection client = pair.client;
        // docs:headers:start
        List<HeaderField> request = Headers.request("GET", "https", "example.com", "/account")
                .add("accept", "text/html")
                .add("cookie", "theme=dark")
                .add("cookie", "lang=en")
                .addSensitive("authorization", "Bearer mF_9.B5f-4.1JqM")   // never indexed by HPACK
                .build();
        client.sendHeaders(client.nextAvailableStreamId(), request, true);
        // docs:headers:end
        List<Event> events = pair.server.receiveData(client.dataToSend());
        // docs:headers-received:start
        RequestReceived received = (RequestReceived) events.get(0);
        String path = Headers.first(received.headers(), ":path").orElseThrow();        // "/account"
        Optional<String> cookie = Headers.first(received.headers(), "cookie");         // "theme=dark; lang=en"
        List<String> accept = Headers.all(received.headers(), "Accept");               // names ignore case
        // docs:headers-received:end

        assertThat(path).isEqualTo("/account");
        assertThat(cookie).contains("theme=dark; lang=en");
        assertThat(accept).containsExactly("text/html");
        assertThat(request.get(request.size() - 1).sensitive()).isTrue();
        assertThat(received.headers()).extracting(HeaderField::name)
                .containsExactly(":method", ":scheme", ":authority", ":path", "accept", "cookie", "authorization");
    }

    // ---------------------------------------------------------------- flow control

    @Test
    void manualFlowControlOpensTheStreamAndTheConnection() {
        Pair pair = new Pair();
        pair.client.sendHeaders(1, Headers.request("POST", "https", "example.com", "/").build(), false);
        pair.client.sendData(1, ByteBuffer.allocate(1000), false, 24);
        pair.exchange();
        H2Connection server = pair.server;
        DataReceived data = (DataReceived) pair.serverEvents.get(1);
        long before = server.remoteFlowControlWindow(1);
        // docs:manual-flow-control:start
        // The application consumed data.data(): give back what the frame took from both windows.
        int length = data.flowControlledLength();           // 1,025 for 1,000 octets with padding
        server.incrementFlowControlWindow(length, data.streamId());   // the stream's window
        server.incrementFlowControlWindow(length);                    // and the connection's
        // docs:manual-flow-control:end
        pair.exchange();

        assertThat(length).isEqualTo(1025);
        assertThat(server.remoteFlowControlWindow(1)).isEqualTo(before + 1025).isEqualTo(65_535);
        assertThat(pair.client.localFlowControlWindow(1)).isEqualTo(65_535);
    }

    @Test
    void automaticFlowControlCoalescesWindowUpdates() {
        Pair pair = new Pair();
        H2Connection client = pair.client;
        H2Connection server = pair.server;
        client.sendHeaders(1, Headers.request("POST", "https", "example.com", "/").build(), false);
        for (int i = 0; i < 4; i++) {
            client.sendData(1, ByteBuffer.allocate(10_000), false);
        }
        List<Event> events = server.receiveData(client.dataToSend());
        // docs:automatic-flow-control:start
        for (Event event : events) {
            if (event instanceof DataReceived data) {
                // ... the application consumed data.data() ...
                server.acknowledgeReceivedData(data.flowControlledLength(), data.streamId());
            }
        }
        // Four frames of 10,000 octets: one WINDOW_UPDATE of 40,000 for the stream and one for the
        // connection, queued once half the window (32,767 octets) had been acknowledged
        // docs:automatic-flow-control:end
        List<WindowUpdated> updates = new ArrayList<>();
        for (Event event : client.receiveData(server.dataToSend())) {
            updates.add((WindowUpdated) event);
        }
        assertThat(updates).containsExactlyInAnyOrder(new WindowUpdated(0, 40_000), new WindowUpdated(1, 40_000));
    }

    // docs:send-body:start
    /**
     * Sends as much of {@code body} as the windows, the frame size and the outbound buffer allow now, in
     * frames of at most the peer's frame size; true once the last octet went out with END_STREAM.
     */
    static boolean sendSome(H2Connection conn, int id, ByteBuffer body) {
        while (conn.isWritable()) {
            int room = (int) Math.min(conn.localFlowControlWindow(id), conn.maxOutboundFrameSize());
            if (room == 0 && body.hasRemaining()) {
                return false;                               // a window is shut: wait for WindowUpdated
            }
            int n = Math.min(room, body.remaining());
            boolean last = n == body.remaining();
            conn.sendData(id, body.slice(body.position(), n), last);
            body.position(body.position() + n);
            if (last) {
                return true;
            }
        }
        return false;                                       // the outbound buffer is full: write dataToSend() first
    }
    // docs:send-body:end

    @Test
    void aMebibyteGoesOutAsTheWindowsOpen() {
        Pair pair = new Pair();
        pair.client.sendHeaders(1, Headers.request("GET", "https", "example.com", "/big").build(), true);
        pair.server.receiveData(pair.client.dataToSend());
        pair.server.sendHeaders(1, Headers.response(200).build(), false);
        ByteBuffer body = ByteBuffer.allocate(1 << 20);
        int received = 0;
        int rounds = 0;
        boolean done = false;
        while (!done || pair.server.outboundSize() > 0) {
            done = done || sendSome(pair.server, 1, body);
            for (Event event : pair.client.receiveData(pair.server.dataToSend())) {
                if (event instanceof DataReceived data) {
                    received += data.data().remaining();
                    pair.client.acknowledgeReceivedData(data.flowControlledLength(), 1);
                }
            }
            for (Event event : pair.server.receiveData(pair.client.dataToSend())) {
                assertThat(event).isInstanceOf(WindowUpdated.class);
            }
            rounds++;
        }
        assertThat(received).isEqualTo(1 << 20);
        assertThat(rounds).isGreaterThan(16);
    }

    @Test
    void sendSomeStopsAtAFullOutboundBufferAndGoesOnOnceDrained() {
        Limits big = Limits.defaults().withInitialWindowSize(1 << 20);
        Pair pair = new Pair(H2Configuration.client().withLimits(big),
                H2Configuration.server().withLimits(Limits.defaults().withOutboundBufferSize(32 * 1024)));
        pair.client.incrementFlowControlWindow(1 << 20);
        pair.client.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), true);
        pair.exchange();
        pair.server.sendHeaders(1, Headers.response(200).build(), false);
        ByteBuffer body = ByteBuffer.allocate(100_000);

        assertThat(sendSome(pair.server, 1, body)).isFalse();
        assertThat(pair.server.isWritable()).isFalse();
        assertThat(body.position()).isEqualTo(2 * 16_384);
        assertThatThrownBy(() -> pair.server.sendData(1, ByteBuffer.allocate(1), false))
                .isInstanceOfSatisfying(OutboundBufferFullException.class, e -> assertThat(e.limit()).isEqualTo(32 * 1024));
        pair.server.dataToSend();
        assertThat(sendSome(pair.server, 1, body)).isFalse();
        pair.server.dataToSend();
        pair.server.dataToSend();
        while (!sendSome(pair.server, 1, body)) {
            pair.server.dataToSend();
        }
        assertThat(body.hasRemaining()).isFalse();
        assertThat(pair.clientEvents).noneMatch(ResponseReceived.class::isInstance);
    }
}
