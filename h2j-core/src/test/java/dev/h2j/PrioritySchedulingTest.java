package dev.h2j;

import static dev.h2j.frame.SettingId.INITIAL_WINDOW_SIZE;
import static dev.h2j.frame.SettingId.NO_RFC7540_PRIORITIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.priority.MissingStreamException;
import dev.h2j.priority.Priority;
import dev.h2j.priority.Scheduler;
import dev.h2j.priority.TreeScheduler;
import dev.h2j.priority.UrgencyScheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server's {@link ConnectionScheduler} fed by its connection: the client's PRIORITY and
 * PRIORITY_UPDATE frames change the order in which the server sends DATA, within the flow-control
 * windows. The order is read from the DATA frames the server actually sent.
 */
class PrioritySchedulingTest {

    /** One DATA frame's worth of body per turn. */
    private static final int CHUNK = 100;

    /** A server, its scheduler, and the client's requests on streams 1, 3 and 5, answered and ready to send. */
    private static final class Server {
        final Scenario scenario;
        final ConnectionScheduler scheduler;

        Server(Scenario scenario, TestFrame.Headers... requests) {
            this.scenario = scenario;
            this.scheduler = new ConnectionScheduler(scenario.conn);
            feed(requests);
            for (TestFrame.Headers request : requests) {
                scenario.conn.sendHeaders(request.streamId(), Headers.response(200).build(), false);
                scheduler.ready(request.streamId());
            }
            scenario.sent();
        }

        List<Event> feed(Wire... frames) {
            List<Event> events = scenario.receive(frames);
            events.forEach(scheduler::onEvent);
            return events;
        }

        /** Sends {@code frames} DATA frames in the scheduler's order; returns the stream of each, as sent. */
        List<Integer> send(int frames) {
            for (int i = 0; i < frames; i++) {
                int id = scheduler.next();
                if (id == Scheduler.NONE) {
                    break;
                }
                int length = (int) Math.min(CHUNK, scenario.conn.localFlowControlWindow(id));
                scenario.conn.sendData(id, ByteBuffer.allocate(length), false);
            }
            List<Integer> order = new ArrayList<>();
            for (TestFrame frame : scenario.sent()) {
                if (frame instanceof TestFrame.Data data) {
                    order.add(data.streamId());
                }
            }
            return order;
        }
    }

    private static TestFrame.Headers get(int streamId, String priority) {
        TestFrame.Headers request = Frames.headers(streamId).request("GET", "/" + streamId);
        return priority == null ? request : request.field("priority", priority);
    }

    // ---------------------------------------------------------------- RFC 7540

    @Test
    void priorityFramesReorderTheTree() {
        Server server = new Server(Scenario.server(), get(1, null), get(3, null), get(5, null));
        assertThat(server.scheduler.scheduler()).isInstanceOf(TreeScheduler.class);
        assertThat(server.send(6)).containsExactly(1, 3, 5, 1, 3, 5);

        // RFC 7540 §5.3.3: 5 becomes the only dependent of the root, 1 and 3 its dependents.
        server.feed(Frames.priority(5, 0, 16, true));
        assertThat(server.send(3)).containsExactly(5, 5, 5);

        // 5 has nothing to send: 1 and 3 share its turns, 3 with twice the weight.
        server.scheduler.idle(5);
        server.feed(Frames.priority(3, 5, 32, false));
        assertThat(server.send(6)).containsExactly(1, 3, 3, 1, 3, 3);
        assertThat(server.scheduler).hasToString("0 [5/16! [1/16, 3/32]]");
    }

    @Test
    void headersPriorityFieldsPlaceANewStream() {
        Server server = new Server(Scenario.server(), get(1, null).priority(0, 64, false),
                get(3, null).priority(0, 16, false), get(5, null).priority(1, 16, false));

        // The related PriorityUpdated of each request applies: 1 has four times 3's weight; 5 waits for 1.
        assertThat(server.send(10)).containsExactly(1, 3, 1, 1, 1, 1, 3, 1, 1, 1);
    }

    @Test
    void idleStreamsNamedByPriorityFramesGroupTheRequests() {
        Server server = new Server(Scenario.server());
        // RFC 7540 §5.3.4: idle streams 3 and 5 as grouping nodes, weight 201 and 1.
        server.feed(Frames.priority(3, 0, 201, false), Frames.priority(5, 0, 1, false));
        for (int id : new int[] {7, 9}) {
            server.feed(get(id, null).priority(id == 7 ? 5 : 3, 16, false));
            server.scenario.conn.sendHeaders(id, Headers.response(200).build(), false);
            server.scheduler.ready(id);
        }
        server.scenario.sent();

        List<Integer> order = server.send(202);

        assertThat(order.stream().filter(id -> id == 9)).hasSize(201);
        assertThat(order.stream().filter(id -> id == 7)).hasSize(1);
    }

    @Test
    void aFloodOfPriorityFramesForIdleStreamsStaysWithinTheLimit() {
        // Limits.maxPriorityRate ends such a flood after about 1,500 frames (FloodTest); raised here so that
        // the scheduler's own bound is what holds.
        Server server = new Server(Scenario.server(H2Configuration.server().withLimits(
                Limits.defaults().withMaxPriorityRate(new RateLimit(10_000, Duration.ofSeconds(30))))));
        Wire[] flood = new Wire[5000];
        for (int i = 0; i < flood.length; i++) {
            // CVE-2016-6580, CVE-2019-9513: PRIORITY frames for streams that never open, in long chains.
            int id = 2 * i + 3;
            flood[i] = Frames.priority(id, i % 7 == 0 ? 0 : id - 2, 1 + i % 256, i % 3 == 0);
        }

        server.feed(flood);

        TreeScheduler tree = (TreeScheduler) server.scheduler.scheduler();
        assertThat(tree.size()).isEqualTo(tree.maxStreams()).isEqualTo(1000);
        // A real request still opens, dropping a placeholder, and sends.
        server.feed(get(10_001, null));
        server.scenario.conn.sendHeaders(10_001, Headers.response(200).build(), false);
        server.scheduler.ready(10_001);
        server.scenario.sent();
        assertThat(tree.size()).isEqualTo(1000);
        assertThat(server.send(2)).containsExactly(10_001, 10_001);
    }

    // ---------------------------------------------------------------- RFC 9218

    @Test
    void priorityHeadersOrderTheResponsesByUrgency() {
        Server server = new Server(Scenario.server(H2Configuration.server().withNoRfc7540Priorities(true)),
                get(1, "u=5"), get(3, null), get(5, "u=1, i"), get(7, "u=1, i"));
        assertThat(server.scheduler.scheduler()).isInstanceOf(UrgencyScheduler.class);

        // RFC 9218 §10: urgency 1 first (incremental: in turns), then 3, then 5.
        assertThat(server.send(4)).containsExactly(5, 7, 5, 7);
        server.scheduler.close(5);
        server.scheduler.idle(7);
        assertThat(server.send(2)).containsExactly(3, 3);
        server.scheduler.idle(3);
        assertThat(server.send(1)).containsExactly(1);
    }

    @Test
    void priorityUpdateFramesReorderTheResponses() {
        Server server = new Server(Scenario.server(Frames.settings().with(NO_RFC7540_PRIORITIES, 1)),
                get(1, null), get(3, null), get(5, null));
        assertThat(server.send(2)).containsExactly(1, 1);

        // RFC 9218 §7.1: the client reprioritizes 5 to urgency 0, then 3 to urgency 1 and incremental.
        server.feed(Frames.priorityUpdate(5, "u=0"));
        assertThat(server.send(2)).containsExactly(5, 5);
        server.feed(Frames.priorityUpdate(5, "u=6"), Frames.priorityUpdate(3, "u=1, i"));
        assertThat(server.send(2)).containsExactly(3, 3);
        // RFC 9218 §2.1: RFC 7540 signals are ignored here; they change nothing.
        server.feed(Frames.priority(5, 0, 256, true));
        assertThat(server.send(1)).containsExactly(3);
    }

    @Test
    void aPriorityUpdateBeforeTheRequestOverridesItsHeader() {
        Server server = new Server(Scenario.server(H2Configuration.server().withNoRfc7540Priorities(true)),
                get(1, null));
        server.feed(Frames.priorityUpdate(3, "u=0"));

        // RFC 9218 §7.1: the buffered PRIORITY_UPDATE applies once stream 3 opens, over its header.
        server.feed(get(3, "u=7"));
        server.scenario.conn.sendHeaders(3, Headers.response(200).build(), false);
        server.scheduler.ready(3);
        server.scenario.sent();

        assertThat(server.send(2)).containsExactly(3, 3);
    }

    // ---------------------------------------------------------------- windows and stream ends

    @Test
    void aStreamWithAShutWindowIsPassedOver() {
        Server server = new Server(Scenario.server(Frames.settings().with(INITIAL_WINDOW_SIZE, 2 * CHUNK)),
                get(1, null), get(3, null));
        server.feed(Frames.priority(3, 1, 16, false));
        assertThat(server.send(2)).containsExactly(1, 1);

        // Stream 1's window is shut: its dependent 3 sends (RFC 7540 §5.3.1: 1 cannot make progress).
        assertThat(server.send(3)).containsExactly(3, 3);
        server.feed(Frames.windowUpdate(1, CHUNK));
        assertThat(server.send(1)).containsExactly(1);
    }

    @Test
    void aShutConnectionWindowStopsEveryStream() {
        // The stream window is larger than the connection's, which is the one that shuts.
        Server server = new Server(Scenario.server(Frames.settings().with(INITIAL_WINDOW_SIZE, 1 << 20)), get(1, null));
        int sent = 0;
        while (server.scheduler.next() != Scheduler.NONE) {
            long length = Math.min(server.scenario.conn.maxOutboundFrameSize(),
                    server.scenario.conn.localFlowControlWindow(1));
            server.scenario.conn.sendData(1, ByteBuffer.allocate((int) length), false);
            sent += (int) length;
        }

        assertThat(sent).isEqualTo(65_535);
        server.feed(Frames.windowUpdate(0, 10));
        assertThat(server.scheduler.next()).isEqualTo(1);
    }

    @Test
    void aStreamTheClientResetsLeavesTheScheduler() {
        Server server = new Server(Scenario.server(), get(1, null), get(3, null));

        server.feed(Frames.rstStream(1, ErrorCode.CANCEL));

        assertThat(server.scheduler.isOpen(1)).isFalse();
        assertThat(server.send(2)).containsExactly(3, 3);
        // A reset of a stream the scheduler no longer has changes nothing.
        server.scheduler.close(3);
        server.feed(Frames.rstStream(3, ErrorCode.CANCEL));
        assertThat(server.send(1)).isEmpty();
    }

    // ---------------------------------------------------------------- picking the scheme

    @Test
    void theSchemeIsPickedAtTheFirstStreamOrSignal() {
        Scenario plain = Scenario.server();
        ConnectionScheduler scheduler = new ConnectionScheduler(plain.conn);
        assertThat(scheduler).hasToString("ConnectionScheduler[scheme not picked yet]");
        assertThat(scheduler.next()).isEqualTo(Scheduler.NONE);
        assertThat(scheduler.next(id -> true)).isEqualTo(Scheduler.NONE);
        assertThat(scheduler.isOpen(1)).isFalse();

        plain.receive(get(1, null)).forEach(scheduler::onEvent);
        assertThat(scheduler.scheduler()).isInstanceOf(TreeScheduler.class);
        assertThat(((TreeScheduler) scheduler.scheduler()).maxStreams()).isEqualTo(1000);

        Scenario updated = Scenario.server(Frames.settings().with(NO_RFC7540_PRIORITIES, 1));
        ConnectionScheduler other = new ConnectionScheduler(updated.conn);
        other.onEvent(updated.receive(Frames.priorityUpdate(1, "u=0")).get(0));
        assertThat(other.scheduler()).isInstanceOf(UrgencyScheduler.class);

        Scenario big = Scenario.server(H2Configuration.server().withNoRfc7540Priorities(true)
                .withLimits(Limits.defaults().withMaxConcurrentStreams(5000)));
        assertThat(((UrgencyScheduler) new ConnectionScheduler(big.conn).scheduler()).maxStreams()).isEqualTo(5000);
    }

    @Test
    void aGivenSchedulerIsUsedAsItIs() {
        Scenario server = Scenario.server();
        UrgencyScheduler urgency = new UrgencyScheduler();
        ConnectionScheduler scheduler = new ConnectionScheduler(server.conn, urgency);

        for (Event event : server.receive(get(1, "u=6"), get(3, "u=2"))) {
            scheduler.onEvent(event);
            scheduler.ready(((RequestReceived) event).streamId());
        }
        scheduler.prioritize(1, new Priority(0, false));
        scheduler.prioritize(3, 0, 256, false);
        scheduler.open(5, Priority.DEFAULT);

        assertThat(scheduler.scheduler()).isSameAs(urgency);
        assertThat(urgency.priority(1)).isEqualTo(new Priority(0, false));
        assertThat(scheduler.next(id -> id != 1)).isEqualTo(3);
        assertThat(scheduler.isOpen(5)).isTrue();
        assertThatThrownBy(() -> scheduler.idle(7)).isInstanceOf(MissingStreamException.class);
        assertThatThrownBy(() -> scheduler.onEvent(null)).isInstanceOf(NullPointerException.class);
    }
}
