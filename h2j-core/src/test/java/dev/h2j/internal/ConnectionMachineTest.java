package dev.h2j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.ErrorScope;
import dev.h2j.frame.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The connection machine's table, cell by cell: role rules, GOAWAY and the closed connection. */
class ConnectionMachineTest {
    private static final TransitionTable<ConnectionState, ConnectionInput, Handling> TABLE = ConnectionMachine.TABLE;

    static Stream<Arguments> everyCell() {
        List<Arguments> cells = new ArrayList<>();
        for (ConnectionState s : ConnectionState.values()) {
            for (ConnectionInput i : ConnectionInput.values()) {
                cells.add(Arguments.of(s, i));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("everyCell")
    void everyCellNamesItsRuleAndTheMachineHasNoOtherEffects(ConnectionState state, ConnectionInput input) {
        Transition<ConnectionState, Handling> t = TABLE.lookup(state, input);
        assertThat(t.rule()).startsWith("RFC ");
        if (t.allowed()) {
            assertThat(t.effect()).isIn(Handling.PROCESS, Handling.IGNORE);
        } else {
            assertThat(t.next()).isEqualTo(state);
            if (input.isSend() || state == ConnectionState.IDLE) {
                assertThat(t.scope()).isEqualTo(ErrorScope.CALLER);
            } else {
                assertThat(t.scope()).isEqualTo(ErrorScope.CONNECTION);
            }
        }
    }

    @Test
    void aClientCannotPushAndAServerCannotRequest() {
        assertThat(TABLE.lookup(ConnectionState.CLIENT_OPEN, ConnectionInput.SEND_PUSH_PROMISE).allowed()).isFalse();
        assertThat(TABLE.lookup(ConnectionState.SERVER_OPEN, ConnectionInput.SEND_NEW_STREAM_HEADERS).allowed())
                .isFalse();
        assertThat(TABLE.lookup(ConnectionState.SERVER_OPEN, ConnectionInput.RECV_PUSH_PROMISE).scope())
                .isEqualTo(ErrorScope.CONNECTION);
        assertThat(TABLE.lookup(ConnectionState.CLIENT_OPEN, ConnectionInput.RECV_NEW_STREAM_HEADERS).error())
                .isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void serversIgnoreAltSvcAndOrigin() {
        assertThat(TABLE.lookup(ConnectionState.SERVER_OPEN, ConnectionInput.RECV_ALTERNATIVE_SERVICE).effect())
                .isEqualTo(Handling.IGNORE);
        assertThat(TABLE.lookup(ConnectionState.SERVER_OPEN, ConnectionInput.RECV_ORIGIN).effect())
                .isEqualTo(Handling.IGNORE);
        assertThat(TABLE.lookup(ConnectionState.CLIENT_OPEN, ConnectionInput.RECV_ALTERNATIVE_SERVICE).effect())
                .isEqualTo(Handling.PROCESS);
    }

    @Test
    void afterGoAwayNoNewStreamsButEverythingElseGoesOn() {
        for (ConnectionState closing : List.of(ConnectionState.CLIENT_CLOSING, ConnectionState.SERVER_CLOSING,
                ConnectionState.SERVER_DRAINING)) {
            assertThat(TABLE.lookup(closing, ConnectionInput.SEND_NEW_STREAM_HEADERS).allowed()).isFalse();
            assertThat(TABLE.lookup(closing, ConnectionInput.SEND_PUSH_PROMISE).allowed()).isFalse();
            for (ConnectionInput i : List.of(ConnectionInput.SEND_PING, ConnectionInput.SEND_SETTINGS,
                    ConnectionInput.SEND_WINDOW_UPDATE, ConnectionInput.SEND_DATA, ConnectionInput.RECV_DATA,
                    ConnectionInput.RECV_HEADERS, ConnectionInput.RECV_SETTINGS)) {
                assertThat(TABLE.lookup(closing, i).allowed()).as("%s x %s", closing, i).isTrue();
            }
        }
    }

    @Test
    void gracefulShutdownDrainsThenCloses() {
        var first = TABLE.lookup(ConnectionState.SERVER_OPEN, ConnectionInput.SEND_GRACEFUL_GOAWAY);
        assertThat(first.next()).isEqualTo(ConnectionState.SERVER_DRAINING);
        assertThat(TABLE.lookup(ConnectionState.SERVER_DRAINING, ConnectionInput.RECV_NEW_STREAM_HEADERS).allowed())
                .as("a draining server still takes the requests sent before the client saw GOAWAY").isTrue();
        assertThat(TABLE.lookup(ConnectionState.SERVER_DRAINING, ConnectionInput.SEND_GOAWAY).next())
                .isEqualTo(ConnectionState.SERVER_CLOSING);
        assertThat(TABLE.lookup(ConnectionState.CLIENT_OPEN, ConnectionInput.SEND_GRACEFUL_GOAWAY).allowed()).isFalse();
    }

    @Test
    void aConnectionErrorClosesAndLaterInputIsDiscarded() {
        for (ConnectionState s : List.of(ConnectionState.CLIENT_OPEN, ConnectionState.SERVER_DRAINING,
                ConnectionState.SERVER_CLOSING)) {
            assertThat(TABLE.lookup(s, ConnectionInput.SEND_GOAWAY_ERROR).next()).isEqualTo(ConnectionState.CLOSED);
        }
        for (ConnectionInput i : ConnectionInput.values()) {
            var t = TABLE.lookup(ConnectionState.CLOSED, i);
            if (i.isSend()) {
                assertThat(t.allowed()).isFalse();
            } else {
                assertThat(t.effect()).isEqualTo(Handling.IGNORE);
            }
        }
    }
}
