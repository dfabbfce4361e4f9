package dev.h2j.internal;

import static dev.h2j.internal.ConnectionInput.INITIATE_CLIENT;
import static dev.h2j.internal.ConnectionInput.INITIATE_SERVER;
import static dev.h2j.internal.ConnectionInput.RECV_ALTERNATIVE_SERVICE;
import static dev.h2j.internal.ConnectionInput.RECV_GOAWAY;
import static dev.h2j.internal.ConnectionInput.RECV_NEW_STREAM_HEADERS;
import static dev.h2j.internal.ConnectionInput.RECV_ORIGIN;
import static dev.h2j.internal.ConnectionInput.RECV_PRIORITY_UPDATE;
import static dev.h2j.internal.ConnectionInput.RECV_PUSH_PROMISE;
import static dev.h2j.internal.ConnectionInput.SEND_ALTERNATIVE_SERVICE;
import static dev.h2j.internal.ConnectionInput.SEND_GOAWAY;
import static dev.h2j.internal.ConnectionInput.SEND_GOAWAY_ERROR;
import static dev.h2j.internal.ConnectionInput.SEND_GRACEFUL_GOAWAY;
import static dev.h2j.internal.ConnectionInput.SEND_NEW_STREAM_HEADERS;
import static dev.h2j.internal.ConnectionInput.SEND_ORIGIN;
import static dev.h2j.internal.ConnectionInput.SEND_PRIORITY_UPDATE;
import static dev.h2j.internal.ConnectionInput.SEND_PUSH_PROMISE;
import static dev.h2j.internal.ConnectionState.CLIENT_CLOSING;
import static dev.h2j.internal.ConnectionState.CLIENT_OPEN;
import static dev.h2j.internal.ConnectionState.CLOSED;
import static dev.h2j.internal.ConnectionState.IDLE;
import static dev.h2j.internal.ConnectionState.SERVER_CLOSING;
import static dev.h2j.internal.ConnectionState.SERVER_DRAINING;
import static dev.h2j.internal.ConnectionState.SERVER_OPEN;

import dev.h2j.ErrorScope;
import dev.h2j.frame.ErrorCode;
import java.util.List;

/**
 * The connection state machine's transition table. Role rules and GOAWAY are the whole of it; each
 * special cell cites its rule, and every other frame is processed in every state but {@link
 * ConnectionState#IDLE} and {@link ConnectionState#CLOSED}.
 *
 * <p>Public only for {@link #dot()}, which {@code dev.h2j.StateMachines} prints; the table
 * stays package-private.
 */
public final class ConnectionMachine {

    private static final List<ConnectionState> CLIENT = List.of(CLIENT_OPEN, CLIENT_CLOSING);
    private static final List<ConnectionState> SERVER = List.of(SERVER_OPEN, SERVER_DRAINING, SERVER_CLOSING);

    /** The table, built once. */
    static final TransitionTable<ConnectionState, ConnectionInput, Handling> TABLE = build();

    private ConnectionMachine() {
    }

    /**
     * The table as a Graphviz DOT document; {@code docs/fsm/connection.dot} is this text, and
     * {@code DiagramsTest} fails when it is stale.
     *
     * @return the DOT text, the same bytes on every call
     */
    public static String dot() {
        return Diagrams.dot(TABLE, null);
    }

    private static TransitionTable<ConnectionState, ConnectionInput, Handling> build() {
        TransitionTable.Builder<ConnectionState, ConnectionInput, Handling> b =
                TransitionTable.builder("connection", ConnectionState.class, ConnectionInput.class);
        b.on(IDLE, INITIATE_CLIENT).to(CLIENT_OPEN, Handling.PROCESS, "RFC 9113 §3.4: the client sends its preface");
        b.on(IDLE, INITIATE_SERVER).to(SERVER_OPEN, Handling.PROCESS, "RFC 9113 §3.4: the server sends its preface");
        // RFC 9113 §8.4: only servers push; RFC 9113 §5.1.1: only clients open streams with HEADERS.
        b.on(SERVER, List.of(SEND_NEW_STREAM_HEADERS)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                "RFC 9113 §8.1: a server does not send requests; it pushes with pushStream");
        b.on(CLIENT, List.of(SEND_PUSH_PROMISE)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                "RFC 9113 §8.4: a client cannot push");
        b.on(CLIENT, List.of(RECV_NEW_STREAM_HEADERS)).fail(ErrorScope.CONNECTION, ErrorCode.PROTOCOL_ERROR,
                "RFC 9113 §8.4: a server opens streams only with PUSH_PROMISE, never with HEADERS");
        b.on(SERVER, List.of(RECV_PUSH_PROMISE)).fail(ErrorScope.CONNECTION, ErrorCode.PROTOCOL_ERROR,
                "RFC 9113 §8.4: a client cannot push");
        // RFC 7838 §4 and RFC 8336 §2: servers send ALTSVC and ORIGIN, and ignore them when received.
        b.on(CLIENT, List.of(SEND_ALTERNATIVE_SERVICE)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                "RFC 7838 §4: ALTSVC is sent by servers");
        b.on(CLIENT, List.of(SEND_ORIGIN)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                "RFC 8336 §2: ORIGIN is sent by servers");
        b.on(SERVER, List.of(RECV_ALTERNATIVE_SERVICE)).stay(Handling.IGNORE, "RFC 7838 §4: a server ignores ALTSVC");
        b.on(SERVER, List.of(RECV_ORIGIN)).stay(Handling.IGNORE, "RFC 8336 §2: a server ignores ORIGIN");
        // RFC 9218 §7.1: PRIORITY_UPDATE goes from client to server only.
        b.on(SERVER, List.of(SEND_PRIORITY_UPDATE)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                "RFC 9218 §7.1: servers must not send PRIORITY_UPDATE");
        b.on(CLIENT, List.of(RECV_PRIORITY_UPDATE)).fail(ErrorScope.CONNECTION, ErrorCode.PROTOCOL_ERROR,
                "RFC 9218 §7.1: a client that receives PRIORITY_UPDATE must treat it as a connection error");
        // RFC 9113 §6.8: after GOAWAY no new streams; streams in flight finish.
        b.on(CLIENT_OPEN, SEND_GOAWAY, RECV_GOAWAY).to(CLIENT_CLOSING, Handling.PROCESS,
                "RFC 9113 §6.8: GOAWAY: no new streams");
        b.on(SERVER_OPEN, SEND_GOAWAY, RECV_GOAWAY).to(SERVER_CLOSING, Handling.PROCESS,
                "RFC 9113 §6.8: GOAWAY: no new streams");
        b.on(SERVER_OPEN, SEND_GRACEFUL_GOAWAY).to(SERVER_DRAINING, Handling.PROCESS,
                "RFC 9113 §6.8: a graceful shutdown first sends GOAWAY with 2^31-1 and a PING");
        b.on(SERVER_DRAINING, SEND_GOAWAY).to(SERVER_CLOSING, Handling.PROCESS,
                "RFC 9113 §6.8: the final GOAWAY names the last stream processed");
        b.on(SERVER_DRAINING, RECV_GOAWAY).stay(Handling.PROCESS, "RFC 9113 §6.8: GOAWAY while draining");
        b.on(List.of(CLIENT_CLOSING, SERVER_CLOSING), List.of(SEND_GOAWAY, RECV_GOAWAY)).stay(Handling.PROCESS,
                "RFC 9113 §6.8: an endpoint may send several GOAWAY frames");
        b.on(CLIENT_CLOSING, SEND_NEW_STREAM_HEADERS).fail(ErrorScope.CALLER, ErrorCode.REFUSED_STREAM,
                "RFC 9113 §6.8: no new streams after GOAWAY");
        b.on(List.of(SERVER_DRAINING, SERVER_CLOSING), List.of(SEND_PUSH_PROMISE)).fail(ErrorScope.CALLER,
                ErrorCode.REFUSED_STREAM, "RFC 9113 §6.8: no new streams after GOAWAY");
        b.on(List.of(SERVER_DRAINING, SERVER_CLOSING), List.of(SEND_GRACEFUL_GOAWAY)).fail(ErrorScope.CALLER,
                ErrorCode.PROTOCOL_ERROR, "RFC 9113 §6.8: the connection is already shutting down");
        b.on(List.of(CLIENT_OPEN, SERVER_OPEN, CLIENT_CLOSING, SERVER_DRAINING, SERVER_CLOSING),
                List.of(SEND_GOAWAY_ERROR)).to(CLOSED, Handling.PROCESS,
                "RFC 9113 §5.4.1: after a connection error the endpoint closes the connection");
        for (ConnectionInput input : ConnectionInput.values()) {
            if (!input.isSend()) {
                // RFC 9113 §6.8: after a connection error, frames still in flight are discarded.
                b.on(CLOSED, input).stay(Handling.IGNORE, "RFC 9113 §5.4.1: input after a connection error is discarded");
            }
        }
        return b.otherwise(ConnectionMachine::unlisted);
    }

    private static Transition<ConnectionState, Handling> unlisted(ConnectionState state, ConnectionInput input) {
        switch (state) {
            case IDLE:
                return TransitionTable.refusal(state, ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                        "RFC 9113 §3.4: call initiateConnection() first");
            case CLOSED:
                return TransitionTable.refusal(state, ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                        "RFC 9113 §5.4.1: the connection is closed");
            default:
                if (input == INITIATE_CLIENT || input == INITIATE_SERVER) {
                    return TransitionTable.refusal(state, ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                            "RFC 9113 §3.4: the connection was already initiated");
                }
                if (input == SEND_GRACEFUL_GOAWAY) {
                    return TransitionTable.refusal(state, ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                            "RFC 9113 §6.8: only a server drains in two phases");
                }
                return new Transition<>(state, Handling.PROCESS, null, null, "RFC 9113 §6: " + input);
        }
    }
}
