package dev.h2j.internal;

import static dev.h2j.internal.StreamInput.RECV_DATA;
import static dev.h2j.internal.StreamInput.RECV_HEADERS;
import static dev.h2j.internal.StreamInput.RECV_HEADERS_END_STREAM;
import static dev.h2j.internal.StreamInput.RECV_INFORMATIONAL_HEADERS;
import static dev.h2j.internal.StreamInput.RECV_PUSH_PROMISE;
import static dev.h2j.internal.StreamInput.RECV_RST_STREAM;
import static dev.h2j.internal.StreamInput.RECV_WINDOW_UPDATE;
import static dev.h2j.internal.StreamInput.SEND_DATA;
import static dev.h2j.internal.StreamInput.SEND_HEADERS;
import static dev.h2j.internal.StreamInput.SEND_HEADERS_END_STREAM;
import static dev.h2j.internal.StreamInput.SEND_INFORMATIONAL_HEADERS;
import static dev.h2j.internal.StreamInput.UPGRADE;
import static dev.h2j.internal.StreamState.CLOSED;
import static dev.h2j.internal.StreamState.HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS;
import static dev.h2j.internal.StreamState.HALF_CLOSED_LOCAL_STREAMING;
import static dev.h2j.internal.StreamState.HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS;
import static dev.h2j.internal.StreamState.HALF_CLOSED_REMOTE_STREAMING;
import static dev.h2j.internal.StreamState.IDLE;
import static dev.h2j.internal.StreamState.OPEN_AWAITING_LOCAL_HEADERS;
import static dev.h2j.internal.StreamState.OPEN_AWAITING_REMOTE_HEADERS;
import static dev.h2j.internal.StreamState.OPEN_STREAMING;
import static dev.h2j.internal.StreamState.RESERVED_LOCAL;
import static dev.h2j.internal.StreamState.RESERVED_REMOTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.ErrorScope;
import dev.h2j.frame.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stream machine's two tables, cell by cell: every (role, state, input) is checked, the request
 * and response life cycles are walked, and a client table and a server table driven by the same
 * frames are shown never to disagree about a stream.
 */
class StreamMachineTest {

    static Stream<Arguments> everyCell() {
        List<Arguments> cells = new ArrayList<>();
        for (var table : List.of(StreamMachine.CLIENT, StreamMachine.SERVER)) {
            for (StreamState s : StreamState.values()) {
                for (StreamInput i : StreamInput.values()) {
                    cells.add(Arguments.of(table.name(), s, i));
                }
            }
        }
        return cells.stream();
    }

    private static TransitionTable<StreamState, StreamInput, StreamEffect> table(String name) {
        return name.startsWith("client") ? StreamMachine.CLIENT : StreamMachine.SERVER;
    }

    @ParameterizedTest(name = "{0}: {1} x {2}")
    @MethodSource("everyCell")
    void everyCellNamesItsRuleAndARefusalItsScope(String name, StreamState state, StreamInput input) {
        Transition<StreamState, StreamEffect> t = table(name).lookup(state, input);
        assertThat(t.rule()).startsWith("RFC ");
        if (t.allowed()) {
            assertThat(t.effect()).isNotNull();
            assertThat(t.scope()).isNull();
        } else {
            assertThat(t.next()).as("a refused input leaves the state").isEqualTo(state);
            assertThat(t.effect()).isNull();
            if (input.isSend() || input == UPGRADE) {
                assertThat(t.scope()).as("our own misuse is refused to the caller").isEqualTo(ErrorScope.CALLER);
            } else {
                assertThat(t.scope()).as("a peer's error is a stream or connection error")
                        .isIn(ErrorScope.STREAM, ErrorScope.CONNECTION);
            }
        }
    }

    @Test
    void clientRequestAndResponseWithInterimResponse() {
        var t = StreamMachine.CLIENT;
        assertThat(walk(t, IDLE, SEND_HEADERS, SEND_DATA, RECV_INFORMATIONAL_HEADERS, RECV_HEADERS, RECV_DATA,
                StreamInput.SEND_DATA_END_STREAM, RECV_HEADERS_END_STREAM)).containsExactly(
                OPEN_AWAITING_REMOTE_HEADERS, OPEN_AWAITING_REMOTE_HEADERS, OPEN_AWAITING_REMOTE_HEADERS,
                OPEN_STREAMING, OPEN_STREAMING, HALF_CLOSED_LOCAL_STREAMING, CLOSED);
        assertThat(t.lookup(OPEN_STREAMING, RECV_HEADERS_END_STREAM).effect()).isEqualTo(StreamEffect.TRAILERS_RECEIVED);
        assertThat(t.lookup(OPEN_AWAITING_REMOTE_HEADERS, RECV_HEADERS).effect())
                .isEqualTo(StreamEffect.RESPONSE_RECEIVED);
    }

    @Test
    void serverAnswersARequestThatEndedWithItsHeaders() {
        var t = StreamMachine.SERVER;
        assertThat(walk(t, IDLE, RECV_HEADERS_END_STREAM, SEND_INFORMATIONAL_HEADERS, SEND_HEADERS, SEND_DATA,
                SEND_HEADERS_END_STREAM)).containsExactly(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS,
                HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, HALF_CLOSED_REMOTE_STREAMING, HALF_CLOSED_REMOTE_STREAMING,
                CLOSED);
        assertThat(t.lookup(HALF_CLOSED_REMOTE_STREAMING, SEND_HEADERS_END_STREAM).effect())
                .isEqualTo(StreamEffect.TRAILERS_SENT);
    }

    @Test
    void dataBeforeTheResponseHeadersIsAStreamError() {
        var t = StreamMachine.CLIENT.lookup(OPEN_AWAITING_REMOTE_HEADERS, RECV_DATA);
        assertThat(t.scope()).isEqualTo(ErrorScope.STREAM);
        assertThat(t.error()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t.rule()).contains("§8.1");
    }

    @Test
    void trailersWithoutEndStreamAreAStreamError() {
        assertThat(StreamMachine.CLIENT.lookup(OPEN_STREAMING, RECV_HEADERS).scope()).isEqualTo(ErrorScope.STREAM);
        assertThat(StreamMachine.SERVER.lookup(OPEN_STREAMING, RECV_HEADERS).rule()).contains("trailers");
        assertThat(StreamMachine.SERVER.lookup(OPEN_STREAMING, SEND_HEADERS).scope()).isEqualTo(ErrorScope.CALLER);
    }

    @Test
    void interimResponseAfterTheFinalResponseIsAStreamError() {
        var t = StreamMachine.CLIENT.lookup(OPEN_STREAMING, RECV_INFORMATIONAL_HEADERS);
        assertThat(t.scope()).isEqualTo(ErrorScope.STREAM);
        assertThat(t.rule()).contains("§8.1");
    }

    @Test
    void anInterimResponseNeverEndsAStream() {
        for (var table : List.of(StreamMachine.CLIENT, StreamMachine.SERVER)) {
            for (StreamState s : StreamState.values()) {
                var send = table.lookup(s, StreamInput.SEND_INFORMATIONAL_HEADERS_END_STREAM);
                var recv = table.lookup(s, StreamInput.RECV_INFORMATIONAL_HEADERS_END_STREAM);
                assertThat(send.allowed()).as("%s %s", table.name(), s).isFalse();
                assertThat(recv.allowed()).as("%s %s", table.name(), s).isFalse();
            }
        }
        var t = StreamMachine.CLIENT.lookup(OPEN_AWAITING_REMOTE_HEADERS, StreamInput.RECV_INFORMATIONAL_HEADERS_END_STREAM);
        assertThat(t.scope()).isEqualTo(ErrorScope.STREAM);
        assertThat(t.rule()).isEqualTo("RFC 9113 §8.1: an informational (1xx) response must not end the stream");
        assertThat(StreamMachine.SERVER.lookup(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS,
                StreamInput.SEND_INFORMATIONAL_HEADERS_END_STREAM).scope()).isEqualTo(ErrorScope.CALLER);
        assertThat(StreamInput.headers(false, true, true)).isEqualTo(StreamInput.RECV_INFORMATIONAL_HEADERS_END_STREAM);
    }

    @Test
    void framesOnAHalfClosedRemoteStreamAreStreamClosed() {
        for (StreamInput i : List.of(RECV_HEADERS, RECV_HEADERS_END_STREAM, RECV_DATA)) {
            var t = StreamMachine.SERVER.lookup(HALF_CLOSED_REMOTE_STREAMING, i);
            assertThat(t.error()).isEqualTo(ErrorCode.STREAM_CLOSED);
            assertThat(t.scope()).isEqualTo(ErrorScope.STREAM);
        }
        assertThat(StreamMachine.SERVER.lookup(HALF_CLOSED_REMOTE_STREAMING, RECV_WINDOW_UPDATE).allowed()).isTrue();
        assertThat(StreamMachine.SERVER.lookup(HALF_CLOSED_REMOTE_STREAMING, RECV_RST_STREAM).next()).isEqualTo(CLOSED);
    }

    @Test
    void aClosedStreamIgnoresWindowUpdateAndResetThatCrossedItsLastFrame() {
        for (var table : List.of(StreamMachine.CLIENT, StreamMachine.SERVER)) {
            assertThat(table.lookup(CLOSED, RECV_WINDOW_UPDATE).effect()).isEqualTo(StreamEffect.IGNORED);
            assertThat(table.lookup(CLOSED, RECV_RST_STREAM).effect()).isEqualTo(StreamEffect.IGNORED);
            assertThat(table.lookup(CLOSED, RECV_DATA).error()).isEqualTo(ErrorCode.STREAM_CLOSED);
        }
    }

    @Test
    void anythingButHeadersOnAnIdleStreamIsAConnectionError() {
        for (StreamInput i : List.of(RECV_DATA, RECV_RST_STREAM, RECV_WINDOW_UPDATE)) {
            assertThat(StreamMachine.SERVER.lookup(IDLE, i).scope()).isEqualTo(ErrorScope.CONNECTION);
        }
    }

    @Test
    void pushPromiseOnAHalfClosedRemoteStreamIsAConnectionError() {
        var t = StreamMachine.CLIENT.lookup(HALF_CLOSED_REMOTE_STREAMING, RECV_PUSH_PROMISE);
        assertThat(t.scope()).isEqualTo(ErrorScope.CONNECTION);
        assertThat(t.rule()).contains("§6.6");
    }

    @Test
    void eachRoleReachesExactlyItsOwnStates() {
        assertThat(reachable(StreamMachine.CLIENT)).isEqualTo(EnumSet.of(IDLE, RESERVED_REMOTE,
                OPEN_AWAITING_REMOTE_HEADERS, OPEN_STREAMING, HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS,
                HALF_CLOSED_LOCAL_STREAMING, HALF_CLOSED_REMOTE_STREAMING, CLOSED));
        assertThat(reachable(StreamMachine.SERVER)).isEqualTo(EnumSet.of(IDLE, RESERVED_LOCAL,
                OPEN_AWAITING_LOCAL_HEADERS, OPEN_STREAMING, HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS,
                HALF_CLOSED_REMOTE_STREAMING, HALF_CLOSED_LOCAL_STREAMING, CLOSED));
    }

    /** A client and a server stream, seen from their own sides. */
    private record Pair(StreamState client, StreamState server) {
    }

    private static final Map<StreamState, StreamState> MIRROR = Map.ofEntries(Map.entry(IDLE, IDLE),
            Map.entry(RESERVED_LOCAL, RESERVED_REMOTE), Map.entry(RESERVED_REMOTE, RESERVED_LOCAL),
            Map.entry(OPEN_AWAITING_LOCAL_HEADERS, OPEN_AWAITING_REMOTE_HEADERS),
            Map.entry(OPEN_AWAITING_REMOTE_HEADERS, OPEN_AWAITING_LOCAL_HEADERS),
            Map.entry(OPEN_STREAMING, OPEN_STREAMING),
            Map.entry(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS),
            Map.entry(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS),
            Map.entry(HALF_CLOSED_LOCAL_STREAMING, HALF_CLOSED_REMOTE_STREAMING),
            Map.entry(HALF_CLOSED_REMOTE_STREAMING, HALF_CLOSED_LOCAL_STREAMING), Map.entry(CLOSED, CLOSED));

    /**
     * Every frame either side may send, the other side accepts, and afterwards both sides name the same
     * RFC state with local and remote swapped: checked over every reachable pair of states, so it holds
     * for every legal sequence of calls, not a sample.
     */
    @Test
    void clientAndServerNeverDisagreeAboutAStream() {
        Set<Pair> seen = new HashSet<>();
        ArrayDeque<Pair> work = new ArrayDeque<>();
        work.add(new Pair(IDLE, IDLE));
        work.add(new Pair(StreamMachine.CLIENT.lookup(IDLE, UPGRADE).next(),
                StreamMachine.SERVER.lookup(IDLE, UPGRADE).next()));
        List<String> disagreements = new ArrayList<>();
        while (!work.isEmpty()) {
            Pair p = work.poll();
            if (!seen.add(p)) {
                continue;
            }
            assertThat(MIRROR.get(p.client())).as("mirrored states in %s", p).isEqualTo(p.server());
            for (StreamInput send : StreamInput.values()) {
                if (!send.isSend()) {
                    continue;
                }
                StreamInput recv = StreamInput.valueOf("RECV" + send.name().substring(4));
                var fromClient = StreamMachine.CLIENT.lookup(p.client(), send);
                if (fromClient.allowed()) {
                    var atServer = StreamMachine.SERVER.lookup(p.server(), recv);
                    if (!atServer.allowed()) {
                        disagreements.add("client " + p.client() + " sends " + send + ", server " + p.server()
                                + " refuses: " + atServer.rule());
                    } else {
                        work.add(new Pair(fromClient.next(), atServer.next()));
                    }
                }
                var fromServer = StreamMachine.SERVER.lookup(p.server(), send);
                if (fromServer.allowed()) {
                    var atClient = StreamMachine.CLIENT.lookup(p.client(), recv);
                    if (!atClient.allowed()) {
                        disagreements.add("server " + p.server() + " sends " + send + ", client " + p.client()
                                + " refuses: " + atClient.rule());
                    } else {
                        work.add(new Pair(atClient.next(), fromServer.next()));
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(seen).as("each role reaches 8 states, always in mirrored pairs").hasSize(8);
    }

    private static List<StreamState> walk(TransitionTable<StreamState, StreamInput, StreamEffect> table,
            StreamState start, StreamInput... inputs) {
        List<StreamState> states = new ArrayList<>();
        StreamState s = start;
        for (StreamInput i : inputs) {
            var t = table.lookup(s, i);
            assertThat(t.allowed()).as("%s x %s: %s", s, i, t.rule()).isTrue();
            s = t.next();
            states.add(s);
        }
        return states;
    }

    private static Set<StreamState> reachable(TransitionTable<StreamState, StreamInput, StreamEffect> table) {
        Set<StreamState> seen = EnumSet.of(IDLE);
        ArrayDeque<StreamState> work = new ArrayDeque<>(seen);
        while (!work.isEmpty()) {
            StreamState s = work.poll();
            for (StreamInput i : StreamInput.values()) {
                var t = table.lookup(s, i);
                if (t.allowed() && seen.add(t.next())) {
                    work.add(t.next());
                }
            }
        }
        return seen;
    }
}
