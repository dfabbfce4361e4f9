package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.ChangedSetting;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.InformationalResponseReceived;
import dev.h2j.event.PingAckReceived;
import dev.h2j.event.PingReceived;
import dev.h2j.event.PushedStreamReceived;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.SettingsAcknowledged;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.event.TrailersReceived;
import dev.h2j.event.WindowUpdated;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Properties of a client and a server {@link H2Connection} talking in memory, driven by random but
 * legal call sequences (requests, responses and interim responses, pushes, DATA with and without
 * padding, trailers, resets, window updates, acknowledged data, PINGs, SETTINGS_INITIAL_WINDOW_SIZE
 * changes): every call is chosen from what the public queries (and the events so far) say is allowed,
 * and bytes cross the wire in random pieces at random moments. A model of each side,
 * built only from its own calls and the events it returned, must agree with the connection's answers.
 *
 * <ul>
 *   <li>No call and no {@code receiveData} ever throws, and no side ever resets a stream itself: legal
 *       peers cause no stream or connection errors.</li>
 *   <li>{@code localFlowControlWindow} is always what the model computes from the initial window, the
 *       WINDOW_UPDATEs and SETTINGS received and the DATA sent; a window goes below zero only through
 *       a SETTINGS_INITIAL_WINDOW_SIZE change (RFC 9113 §6.9.2).</li>
 *   <li>{@code openOutboundStreams}/{@code openInboundStreams} count the streams the model holds open,
 *       and after everything is delivered both sides hold the same streams open (RFC 9113 §5.1).</li>
 *   <li>DATA arrives intact and in order on every stream, all of it unless the stream was reset; every
 *       PING is acknowledged with its own data.</li>
 * </ul>
 */
class ConnectionPropertyTest {

    /** What a step does; {@link Step#atClient()} picks the side for everything but OPEN. */
    enum Action {
        /** The client opens a stream with a request. */
        OPEN,
        /** The server answers a stream, sometimes after an interim 103; the client sends trailers. */
        HEADERS,
        /** The server promises a stream on one it has not ended (RFC 9113 §8.4). */
        PUSH,
        DATA,
        TRAILERS,
        RESET,
        STREAM_WINDOW_UPDATE,
        CONNECTION_WINDOW_UPDATE,
        ACKNOWLEDGE,
        PING,
        SETTINGS,
        /** Some of the octets queued toward the other side cross the wire. */
        DELIVER,
    }

    /** One step; {@code pick} chooses a stream or a cut point, {@code size} a length or a value. */
    record Step(Action action, boolean atClient, int pick, int size, boolean flag) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Action> actions = Arbitraries.frequency(
                Tuple.of(2, Action.OPEN), Tuple.of(3, Action.HEADERS), Tuple.of(1, Action.PUSH),
                Tuple.of(6, Action.DATA),
                Tuple.of(2, Action.TRAILERS), Tuple.of(1, Action.RESET), Tuple.of(1, Action.STREAM_WINDOW_UPDATE),
                Tuple.of(1, Action.CONNECTION_WINDOW_UPDATE), Tuple.of(3, Action.ACKNOWLEDGE),
                Tuple.of(1, Action.PING), Tuple.of(1, Action.SETTINGS), Tuple.of(8, Action.DELIVER));
        Arbitrary<Step> step = Combinators.combine(actions, Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 20_000),
                Arbitraries.of(true, false)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(150).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void legalCallsKeepBothSidesInAgreement(@ForAll("steps") List<Step> steps) {
        Conversation c = new Conversation();
        for (Step step : steps) {
            c.perform(step);
            c.check();
        }
        c.deliverEverything();
        c.check();
        c.checkAgreement();
    }

    /** The first sample the property shrank to: a window SETTINGS took to -1, then an empty END_STREAM. */
    @Example
    void emptyDataWithEndStreamFitsAStreamWindowSettingsTookBelowZero() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings(), Frames.settingsAck(),
                Frames.headers(1).request("POST", "https", "example.com", "/"), Frames.data(1, "x")));
        server.updateSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0)));

        // The ACK takes stream 1's window from 65,534 to -1 (RFC 9113 §6.9.2); an empty DATA frame still
        // fits, RFC 9113 §6.9.1: "Frames with zero length with the END_STREAM flag set ... MAY be sent".
        List<Event> events = server.receiveData(Frames.concat(Frames.settingsAck(), Frames.data(1, "").endStream()));

        assertThat(events).hasExactlyElementsOfTypes(SettingsAcknowledged.class, DataReceived.class,
                StreamEnded.class);
    }

    // ---------------------------------------------------------------- the model

    /** What one side knows about one stream, from its own calls and its own events. */
    static final class StreamModel {
        final int id;
        boolean sentHeaders;
        boolean sentEnd;
        boolean receivedEnd;
        boolean reset;
        /** Promised and not answered yet: reserved (RFC 9113 §5.1), not counted as open (§5.1.2). */
        boolean reserved;
        long sendWindow;
        /** DATA octets sent and received; their content is {@link #octet(int, long)}, so lengths suffice. */
        long sent;
        long received;

        StreamModel(int id, long sendWindow) {
            this.id = id;
            this.sendWindow = sendWindow;
        }

        /** The octet at {@code offset} of stream {@code id}'s DATA: not periodic, so a lost or repeated chunk shows. */
        static byte octet(int id, long offset) {
            return (byte) ((offset * 0x9E3779B1L + id * 0x85EBCA77L) >>> 24);
        }

        /** RFC 9113 §5.1: closed after END_STREAM both ways, or a RST_STREAM either way. */
        boolean closed() {
            return reset || sentEnd && receivedEnd;
        }
    }

    /** One endpoint: the connection, the model of it, and the octets it queued that have not crossed yet. */
    static final class Side {
        final String name;
        final boolean client;
        final H2Connection conn;
        final Map<Integer, StreamModel> streams = new TreeMap<>();
        long connectionSendWindow = 65_535;
        long peerInitialWindow = 65_535;
        boolean shrunkBySettings;
        long nextPing = 1;
        final List<Long> pingsSent = new ArrayList<>();
        final List<Long> pingAcks = new ArrayList<>();
        final ArrayDeque<int[]> unacknowledged = new ArrayDeque<>();
        final InFlight wire = new InFlight();

        Side(String name, boolean client, H2Configuration config) {
            this.name = name;
            this.client = client;
            this.conn = new H2Connection(config);
        }

        List<StreamModel> live() {
            return streams.values().stream().filter(s -> !s.closed()).toList();
        }

        /** Takes what the connection queued onto this side's end of the wire. */
        void collect() {
            wire.append(conn.dataToSend());
        }

        boolean initiated(int streamId) {
            return (streamId % 2 == 1) == client;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Octets one side sent that the other has not received yet, in order. */
    static final class InFlight {
        private byte[] octets = new byte[4096];
        private int head;
        private int tail;

        int length() {
            return tail - head;
        }

        void append(ByteBuffer more) {
            int n = more.remaining();
            if (tail + n > octets.length) {
                byte[] bigger = new byte[Math.max(octets.length, 2 * (length() + n))];
                System.arraycopy(octets, head, bigger, 0, length());
                tail = length();
                head = 0;
                octets = bigger;
            }
            more.get(octets, tail, n);
            tail += n;
        }

        /** The first {@code n} octets, removed from the wire, in a buffer of their own. */
        ByteBuffer take(int n) {
            ByteBuffer piece = ByteBuffer.wrap(Arrays.copyOfRange(octets, head, head + n));
            head += n;
            return piece;
        }
    }

    /** A client and a server, the wire between them, and the steps applied to them. */
    static final class Conversation {
        final Side client = new Side("client", true, H2Configuration.client().withEnablePush(true));
        final Side server = new Side("server", false, H2Configuration.server());

        Conversation() {
            client.conn.initiateConnection();
            server.conn.initiateConnection();
            client.collect();
            server.collect();
        }

        Side other(Side side) {
            return side == client ? server : client;
        }

        void perform(Step step) {
            Side side = step.action() == Action.OPEN ? client : step.action() == Action.PUSH ? server
                    : step.atClient() ? client : server;
            switch (step.action()) {
                case OPEN -> open(step);
                case PUSH -> push(step);
                case HEADERS -> {
                    if (side.client) {
                        trailers(side, step);
                    } else {
                        respond(step);
                    }
                }
                case DATA -> data(side, step);
                case TRAILERS -> trailers(side, step);
                case RESET -> reset(side, step);
                case STREAM_WINDOW_UPDATE -> streamWindowUpdate(side, step);
                case CONNECTION_WINDOW_UPDATE -> side.conn.incrementFlowControlWindow(1 + step.size() % 5_000);
                case ACKNOWLEDGE -> acknowledge(side, step);
                case PING -> {
                    long data = side.nextPing++;
                    side.conn.ping(data);
                    side.pingsSent.add(data);
                }
                // Often small, so that windows in use shrink below zero (RFC 9113 §6.9.2).
                case SETTINGS -> side.conn.updateSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE,
                        step.flag() ? step.size() % 1_000 : step.size() * 6L)));
                case DELIVER -> deliver(side, step.flag() ? side.wire.length()
                        : (int) ((long) side.wire.length() * step.pick() / 999));
            }
            side.collect();
        }

        private static StreamModel choose(List<StreamModel> candidates, Step step) {
            return candidates.isEmpty() ? null : candidates.get(step.pick() % candidates.size());
        }

        private void open(Step step) {
            H2Connection conn = client.conn;
            // Few streams, far below the server's concurrency limit: every request is legal.
            if (client.streams.size() >= 12
                    || conn.openOutboundStreams() >= conn.remoteSettings().maxConcurrentStreams()) {
                return;
            }
            int id = conn.nextAvailableStreamId();
            boolean end = step.flag() && step.size() % 2 == 0;
            conn.sendHeaders(id, Headers.request("POST", "https", "example.com", "/" + id).build(), end);
            StreamModel s = new StreamModel(id, client.peerInitialWindow);
            s.sentHeaders = true;
            s.sentEnd = end;
            client.streams.put(id, s);
        }

        private void push(Step step) {
            StreamModel parent = choose(server.live().stream().filter(m -> !m.reserved && !m.sentEnd).toList(), step);
            if (parent == null || server.streams.size() >= 24) {
                return;
            }
            int id = server.conn.nextAvailableStreamId();
            server.conn.pushStream(parent.id, id, Headers.request("GET", "https", "example.com", "/pushed/" + id)
                    .build());
            StreamModel s = new StreamModel(id, server.peerInitialWindow);
            // The client never sends on a pushed stream: its half is closed from the start.
            s.receivedEnd = true;
            s.reserved = true;
            server.streams.put(id, s);
        }

        private void respond(Step step) {
            StreamModel s = choose(server.live().stream().filter(m -> !m.sentHeaders).toList(), step);
            if (s == null) {
                return;
            }
            if (step.size() % 5 == 0) {
                // RFC 9113 §8.1: interim responses may precede the final one.
                server.conn.sendHeaders(s.id, Headers.response(103).add("link", "</a.css>").build(), false);
                return;
            }
            // Mostly a response with content to follow.
            boolean end = step.flag() && step.size() % 4 == 0;
            server.conn.sendHeaders(s.id, Headers.response(200).build(), end);
            s.sentHeaders = true;
            s.reserved = false;
            s.sentEnd = end;
        }

        private static void trailers(Side side, Step step) {
            StreamModel s = choose(side.live().stream().filter(m -> m.sentHeaders && !m.sentEnd).toList(), step);
            if (s == null) {
                return;
            }
            side.conn.sendHeaders(s.id, List.of(HeaderField.of("x-trailer", Integer.toString(step.size()))), true);
            s.sentEnd = true;
        }

        private static void data(Side side, Step step) {
            StreamModel s = choose(side.live().stream().filter(m -> m.sentHeaders && !m.sentEnd).toList(), step);
            if (s == null) {
                return;
            }
            long limit = Math.min(side.conn.localFlowControlWindow(s.id), side.conn.maxOutboundFrameSize());
            int padLength = step.pick() % 4 == 0 ? step.pick() % 256 : -1;
            if (padLength + 1 > limit) {
                padLength = -1;
            }
            int padCost = padLength >= 0 ? padLength + 1 : 0;
            // Mostly short frames, so that many fit the windows; now and then one as large as allowed.
            int wanted = step.pick() % 10 == 0 ? step.size() : step.size() % 2_048;
            int length = (int) Math.min(wanted, limit - padCost);
            byte[] content = new byte[length];
            for (int i = 0; i < length; i++) {
                content[i] = StreamModel.octet(s.id, s.sent + i);
            }
            boolean end = step.flag() && step.pick() % 3 == 0;
            if (padLength >= 0) {
                side.conn.sendData(s.id, ByteBuffer.wrap(content), end, padLength);
            } else {
                side.conn.sendData(s.id, ByteBuffer.wrap(content), end);
            }
            s.sent += length;
            s.sendWindow -= length + padCost;
            side.connectionSendWindow -= length + padCost;
            s.sentEnd = end;
        }

        private static void reset(Side side, Step step) {
            StreamModel s = choose(side.live(), step);
            // Only one try in three resets, so that most streams live long enough to carry data both ways.
            if (s == null || step.size() % 3 != 0) {
                return;
            }
            side.conn.resetStream(s.id, ErrorCode.CANCEL);
            s.reset = true;
        }

        private static void streamWindowUpdate(Side side, Step step) {
            // RFC 9113 §5.1: reserved (local) may not send WINDOW_UPDATE; reserved (remote) may.
            StreamModel s = choose(side.live().stream().filter(m -> side.client || !m.reserved).toList(), step);
            if (s != null) {
                side.conn.incrementFlowControlWindow(1 + step.size() % 5_000, s.id);
            }
        }

        private static void acknowledge(Side side, Step step) {
            for (int i = 0; i <= step.pick() % 4 && !side.unacknowledged.isEmpty(); i++) {
                int[] chunk = side.unacknowledged.poll();
                side.conn.acknowledgeReceivedData(chunk[1], chunk[0]);
            }
        }

        /** Moves the first {@code count} octets {@code from} queued into the other side. */
        void deliver(Side from, int count) {
            Side to = other(from);
            for (Event event : to.conn.receiveData(from.wire.take(count))) {
                observe(to, event);
            }
            to.collect();
        }

        void deliverEverything() {
            for (int round = 0; client.wire.length() > 0 || server.wire.length() > 0; round++) {
                assertThat(round).as("delivery settles").isLessThan(20);
                deliver(client, client.wire.length());
                deliver(server, server.wire.length());
            }
        }

        /** Updates {@code side}'s model with one event its connection returned. */
        private void observe(Side side, Event event) {
            if (event instanceof RequestReceived e) {
                assertThat(side.client).isFalse();
                assertThat(side.streams).doesNotContainKey(e.streamId());
                side.streams.put(e.streamId(), new StreamModel(e.streamId(), side.peerInitialWindow));
            } else if (event instanceof PushedStreamReceived e) {
                assertThat(side.client).isTrue();
                assertThat(side.streams).doesNotContainKey(e.pushedStreamId());
                StreamModel s = new StreamModel(e.pushedStreamId(), side.peerInitialWindow);
                s.sentHeaders = true;
                s.sentEnd = true;
                s.reserved = true;
                side.streams.put(s.id, s);
            } else if (event instanceof ResponseReceived e) {
                stream(side, e.streamId()).reserved = false;
            } else if (event instanceof InformationalResponseReceived
                    || event instanceof TrailersReceived || event instanceof PingReceived
                    || event instanceof SettingsAcknowledged) {
                // Nothing the model tracks; StreamEnded follows a field block that ended its stream.
            } else if (event instanceof DataReceived e) {
                StreamModel s = stream(side, e.streamId());
                ByteBuffer data = e.data();
                assertThat(s.received + data.remaining()).as("%s stream %d received no more than was sent", side,
                        s.id).isLessThanOrEqualTo(other(side).streams.get(s.id).sent);
                for (int i = 0; data.hasRemaining(); i++) {
                    byte octet = data.get();
                    if (octet != StreamModel.octet(s.id, s.received + i)) {
                        throw new AssertionError(side + " stream " + s.id + ": octet " + (s.received + i)
                                + " is not what was sent: data arrived out of order or damaged");
                    }
                }
                s.received += e.data().remaining();
                side.unacknowledged.add(new int[] {e.streamId(), e.flowControlledLength()});
            } else if (event instanceof StreamEnded e) {
                stream(side, e.streamId()).receivedEnd = true;
            } else if (event instanceof StreamReset e) {
                // Legal calls never make a side reset a stream on its own.
                assertThat(e.remoteReset()).as("%s: %s", side, e).isTrue();
                stream(side, e.streamId()).reset = true;
            } else if (event instanceof WindowUpdated e) {
                if (e.streamId() == 0) {
                    side.connectionSendWindow += e.delta();
                } else {
                    stream(side, e.streamId()).sendWindow += e.delta();
                }
            } else if (event instanceof RemoteSettingsChanged e) {
                ChangedSetting window = e.changedSettings().get(SettingId.INITIAL_WINDOW_SIZE);
                if (window != null) {
                    // RFC 9113 §6.9.2: the change applies to every open stream's window, by the difference.
                    long delta = window.newValue() - side.peerInitialWindow;
                    side.peerInitialWindow = window.newValue();
                    for (StreamModel s : side.live()) {
                        s.sendWindow += delta;
                        side.shrunkBySettings |= s.sendWindow < 0;
                    }
                }
            } else if (event instanceof PingAckReceived e) {
                side.pingAcks.add(e.pingData());
            } else {
                throw new AssertionError(side + " did not expect " + event);
            }
        }

        private static StreamModel stream(Side side, int id) {
            StreamModel s = side.streams.get(id);
            assertThat(s).as("%s has stream %d", side, id).isNotNull();
            assertThat(s.closed()).as("%s: an event on its closed stream %d", side, id).isFalse();
            return s;
        }

        /** After every step: each side's answers match its model. */
        void check() {
            for (Side side : List.of(client, server)) {
                assertThat(side.connectionSendWindow).as("%s connection window", side).isNotNegative();
                long outbound = 0;
                long inbound = 0;
                for (StreamModel s : side.streams.values()) {
                    if (s.closed()) {
                        assertThatThrownBy(() -> side.conn.localFlowControlWindow(s.id))
                                .as("%s stream %d is closed", side, s.id).isInstanceOf(StreamClosedException.class);
                        continue;
                    }
                    if (s.reserved) {
                        // Reserved streams count toward no limit (RFC 9113 §5.1.2).
                    } else if (side.initiated(s.id)) {
                        outbound++;
                    } else {
                        inbound++;
                    }
                    if (!side.shrunkBySettings) {
                        assertThat(s.sendWindow).as("%s stream %d window", side, s.id).isNotNegative();
                    }
                    assertThat(side.conn.localFlowControlWindow(s.id)).as("%s stream %d send window", side, s.id)
                            .isEqualTo(Math.max(0, Math.min(s.sendWindow, side.connectionSendWindow)));
                    assertThat(side.conn.remoteFlowControlWindow(s.id)).as("%s stream %d receive window", side, s.id)
                            .isBetween(0L, 0x7fffffffL);
                }
                assertThat(side.conn.openOutboundStreams()).as("%s open outbound", side).isEqualTo(outbound);
                assertThat(side.conn.openInboundStreams()).as("%s open inbound", side).isEqualTo(inbound);
            }
        }

        /** After everything crossed: both sides see the same streams open, all data and every PING answered. */
        void checkAgreement() {
            assertThat(openIds(client)).as("streams open at the client and at the server").isEqualTo(openIds(server));
            for (StreamModel c : client.streams.values()) {
                StreamModel s = server.streams.get(c.id);
                assertThat(s).as("the server saw request %d", c.id).isNotNull();
                if (!c.reset && !s.reset) {
                    assertThat(s.received).as("request body %d", c.id).isEqualTo(c.sent);
                    assertThat(c.received).as("response body %d", c.id).isEqualTo(s.sent);
                    assertThat(s.receivedEnd).as("request %d ended", c.id).isEqualTo(c.sentEnd);
                    assertThat(c.receivedEnd).as("response %d ended", c.id).isEqualTo(s.sentEnd);
                }
            }
            assertThat(client.pingAcks).isEqualTo(client.pingsSent);
            assertThat(server.pingAcks).isEqualTo(server.pingsSent);
        }

        private static TreeSet<Integer> openIds(Side side) {
            TreeSet<Integer> ids = new TreeSet<>();
            side.live().forEach(s -> ids.add(s.id));
            return ids;
        }
    }
}
