package dev.h2j.internal;

import static dev.h2j.internal.StreamEffect.DATA_RECEIVED;
import static dev.h2j.internal.StreamEffect.DATA_SENT;
import static dev.h2j.internal.StreamEffect.IGNORED;
import static dev.h2j.internal.StreamEffect.INFORMATIONAL_RECEIVED;
import static dev.h2j.internal.StreamEffect.INFORMATIONAL_SENT;
import static dev.h2j.internal.StreamEffect.PROMISED;
import static dev.h2j.internal.StreamEffect.PUSHED;
import static dev.h2j.internal.StreamEffect.PUSH_PROMISE_RECEIVED;
import static dev.h2j.internal.StreamEffect.PUSH_PROMISE_SENT;
import static dev.h2j.internal.StreamEffect.REQUEST_RECEIVED;
import static dev.h2j.internal.StreamEffect.REQUEST_SENT;
import static dev.h2j.internal.StreamEffect.RESET_RECEIVED;
import static dev.h2j.internal.StreamEffect.RESET_SENT;
import static dev.h2j.internal.StreamEffect.RESPONSE_RECEIVED;
import static dev.h2j.internal.StreamEffect.RESPONSE_SENT;
import static dev.h2j.internal.StreamEffect.TRAILERS_RECEIVED;
import static dev.h2j.internal.StreamEffect.TRAILERS_SENT;
import static dev.h2j.internal.StreamEffect.UPGRADED;
import static dev.h2j.internal.StreamEffect.WINDOW_UPDATE_RECEIVED;
import static dev.h2j.internal.StreamEffect.WINDOW_UPDATE_SENT;
import static dev.h2j.internal.StreamInput.RECV_DATA;
import static dev.h2j.internal.StreamInput.RECV_DATA_END_STREAM;
import static dev.h2j.internal.StreamInput.RECV_HEADERS;
import static dev.h2j.internal.StreamInput.RECV_HEADERS_END_STREAM;
import static dev.h2j.internal.StreamInput.RECV_INFORMATIONAL_HEADERS;
import static dev.h2j.internal.StreamInput.RECV_INFORMATIONAL_HEADERS_END_STREAM;
import static dev.h2j.internal.StreamInput.RECV_PUSH_PROMISE;
import static dev.h2j.internal.StreamInput.RECV_RST_STREAM;
import static dev.h2j.internal.StreamInput.RECV_WINDOW_UPDATE;
import static dev.h2j.internal.StreamInput.SEND_DATA;
import static dev.h2j.internal.StreamInput.SEND_DATA_END_STREAM;
import static dev.h2j.internal.StreamInput.SEND_HEADERS;
import static dev.h2j.internal.StreamInput.SEND_HEADERS_END_STREAM;
import static dev.h2j.internal.StreamInput.SEND_INFORMATIONAL_HEADERS;
import static dev.h2j.internal.StreamInput.SEND_INFORMATIONAL_HEADERS_END_STREAM;
import static dev.h2j.internal.StreamInput.SEND_PUSH_PROMISE;
import static dev.h2j.internal.StreamInput.SEND_RST_STREAM;
import static dev.h2j.internal.StreamInput.SEND_WINDOW_UPDATE;
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

import dev.h2j.ErrorScope;
import dev.h2j.frame.ErrorCode;
import java.util.List;

/**
 * The stream state machine's two transition tables, one per role, built once and shared by every
 * stream of every connection. Each row cites the rule of RFC 9113 it implements. Cells a table does
 * not name are refused: a call we make is refused to the caller (nothing is sent), and a frame the
 * peer sends is a connection error PROTOCOL_ERROR (RFC 9113 §5.1: "in the absence of more specific
 * rules").
 *
 * <p>Public only for {@link #dot()}, which {@code dev.h2j.StateMachines} prints; the tables
 * stay package-private.
 */
public final class StreamMachine {

    private static final String IDLE_RULE = "RFC 9113 §5.1: only HEADERS or PRIORITY may arrive on an idle stream";
    private static final String HALF_CLOSED_REMOTE_RULE =
            "RFC 9113 §5.1: the peer sent a frame after ending its side of the stream";
    private static final String HALF_CLOSED_LOCAL_RULE = "RFC 9113 §5.1: we already ended our side of the stream";
    private static final String TRAILERS_END_RULE = "RFC 9113 §8.1: trailers must carry END_STREAM";
    private static final String INFORMATIONAL_RULE =
            "RFC 9113 §8.1: an informational response may only precede the final response";
    private static final String NO_INFORMATIONAL_REQUEST_RULE =
            "RFC 9113 §8.1: a request has no informational (1xx) field blocks";
    private static final String DATA_BEFORE_HEADERS_RULE = "RFC 9113 §8.1: DATA before the message's HEADERS";
    private static final String PUSH_PARENT_RULE =
            "RFC 9113 §6.6: PUSH_PROMISE only on a peer-initiated stream that is open or half-closed (remote)";
    private static final String CLOSED_RULE = "RFC 9113 §5.1: frame on a closed stream";

    private static final List<StreamState> ALL_OPEN = List.of(OPEN_AWAITING_LOCAL_HEADERS,
            OPEN_AWAITING_REMOTE_HEADERS, OPEN_STREAMING, HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS,
            HALF_CLOSED_LOCAL_STREAMING, HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, HALF_CLOSED_REMOTE_STREAMING);
    private static final List<StreamState> HALF_CLOSED_REMOTE = List.of(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS,
            HALF_CLOSED_REMOTE_STREAMING);
    private static final List<StreamState> HALF_CLOSED_LOCAL = List.of(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS,
            HALF_CLOSED_LOCAL_STREAMING);
    private static final List<StreamInput> ALL_SENDS_OF_A_MESSAGE = List.of(SEND_HEADERS, SEND_HEADERS_END_STREAM,
            SEND_INFORMATIONAL_HEADERS, SEND_INFORMATIONAL_HEADERS_END_STREAM, SEND_DATA, SEND_DATA_END_STREAM,
            SEND_PUSH_PROMISE);
    private static final List<StreamInput> ALL_RECEIVES_OF_A_MESSAGE = List.of(RECV_HEADERS, RECV_HEADERS_END_STREAM,
            RECV_INFORMATIONAL_HEADERS, RECV_INFORMATIONAL_HEADERS_END_STREAM, RECV_DATA, RECV_DATA_END_STREAM);
    private static final String INFORMATIONAL_END_STREAM_RULE =
            "RFC 9113 §8.1: an informational (1xx) response must not end the stream";

    /** The client's table: requests go out, responses and pushes come in. */
    static final TransitionTable<StreamState, StreamInput, StreamEffect> CLIENT = client();

    /** The server's table: requests come in, responses and pushes go out. */
    static final TransitionTable<StreamState, StreamInput, StreamEffect> SERVER = server();

    private StreamMachine() {
    }

    /**
     * Both tables as one Graphviz DOT document, a cluster per role; {@code docs/fsm/stream.dot} is this
     * text, and {@code DiagramsTest} fails when it is stale.
     *
     * @return the DOT text, the same bytes on every call
     */
    public static String dot() {
        return Diagrams.streams(CLIENT, SERVER);
    }

    private static TransitionTable.Builder<StreamState, StreamInput, StreamEffect> common(String name) {
        TransitionTable.Builder<StreamState, StreamInput, StreamEffect> b =
                TransitionTable.builder(name, StreamState.class, StreamInput.class);
        // Frames every open or half-closed stream takes in both roles.
        b.on(ALL_OPEN, List.of(SEND_RST_STREAM)).to(CLOSED, RESET_SENT, "RFC 9113 §6.4: RST_STREAM closes the stream");
        b.on(ALL_OPEN, List.of(RECV_RST_STREAM)).to(CLOSED, RESET_RECEIVED, "RFC 9113 §6.4: RST_STREAM closes the stream");
        b.on(ALL_OPEN, List.of(SEND_WINDOW_UPDATE)).stay(WINDOW_UPDATE_SENT, "RFC 9113 §6.9: WINDOW_UPDATE");
        b.on(ALL_OPEN, List.of(RECV_WINDOW_UPDATE)).stay(WINDOW_UPDATE_RECEIVED, "RFC 9113 §6.9: WINDOW_UPDATE");
        // RFC 9113 §5.1: in half-closed (remote) anything but WINDOW_UPDATE, PRIORITY and RST_STREAM is a
        // stream error STREAM_CLOSED.
        b.on(HALF_CLOSED_REMOTE, ALL_RECEIVES_OF_A_MESSAGE).fail(ErrorScope.STREAM, ErrorCode.STREAM_CLOSED,
                HALF_CLOSED_REMOTE_RULE);
        // RFC 9113 §5.1: in half-closed (local) we may only send WINDOW_UPDATE, PRIORITY and RST_STREAM.
        b.on(HALF_CLOSED_LOCAL, ALL_SENDS_OF_A_MESSAGE).fail(ErrorScope.CALLER, ErrorCode.STREAM_CLOSED,
                HALF_CLOSED_LOCAL_RULE);
        // RFC 9113 §5.1: a closed stream takes WINDOW_UPDATE and RST_STREAM that crossed its closing frame,
        // and answers other frames with STREAM_CLOSED.
        b.on(CLOSED, RECV_WINDOW_UPDATE, RECV_RST_STREAM).stay(IGNORED,
                "RFC 9113 §5.1: WINDOW_UPDATE or RST_STREAM may cross the frame that closed the stream");
        b.on(List.of(CLOSED), ALL_RECEIVES_OF_A_MESSAGE).fail(ErrorScope.STREAM, ErrorCode.STREAM_CLOSED, CLOSED_RULE);
        b.on(List.of(CLOSED), List.of(SEND_HEADERS, SEND_HEADERS_END_STREAM, SEND_INFORMATIONAL_HEADERS,
                SEND_INFORMATIONAL_HEADERS_END_STREAM, SEND_DATA, SEND_DATA_END_STREAM, SEND_PUSH_PROMISE,
                SEND_RST_STREAM, SEND_WINDOW_UPDATE))
                .fail(ErrorScope.CALLER, ErrorCode.STREAM_CLOSED, "RFC 9113 §5.1: only PRIORITY may be sent on a closed stream");
        // RFC 9113 §8.1: an interim response never ends a stream, in any state where the half is open.
        b.on(List.of(IDLE, RESERVED_LOCAL, RESERVED_REMOTE, OPEN_AWAITING_LOCAL_HEADERS, OPEN_AWAITING_REMOTE_HEADERS,
                OPEN_STREAMING, HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, HALF_CLOSED_REMOTE_STREAMING),
                List.of(SEND_INFORMATIONAL_HEADERS_END_STREAM)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                INFORMATIONAL_END_STREAM_RULE);
        b.on(List.of(IDLE, RESERVED_LOCAL, RESERVED_REMOTE, OPEN_AWAITING_LOCAL_HEADERS, OPEN_AWAITING_REMOTE_HEADERS,
                OPEN_STREAMING, HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, HALF_CLOSED_LOCAL_STREAMING),
                List.of(RECV_INFORMATIONAL_HEADERS_END_STREAM)).fail(ErrorScope.STREAM, ErrorCode.PROTOCOL_ERROR,
                INFORMATIONAL_END_STREAM_RULE);
        return b;
    }

    private static TransitionTable<StreamState, StreamInput, StreamEffect> client() {
        TransitionTable.Builder<StreamState, StreamInput, StreamEffect> b = common("client stream");
        // RFC 9113 §8.1: a client sends a request; the response may start with interim responses.
        b.on(IDLE, SEND_HEADERS).to(OPEN_AWAITING_REMOTE_HEADERS, REQUEST_SENT, "RFC 9113 §5.1: send HEADERS opens");
        b.on(IDLE, SEND_HEADERS_END_STREAM).to(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, REQUEST_SENT,
                "RFC 9113 §5.1: send HEADERS with END_STREAM");
        b.on(IDLE, RECV_PUSH_PROMISE).to(RESERVED_REMOTE, PUSHED, "RFC 9113 §5.1: recv PUSH_PROMISE reserves");
        b.on(IDLE, UPGRADE).to(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, UPGRADED,
                "RFC 7540 §3.2: the upgrade request is stream 1, half-closed (local)");
        // RFC 9113 §5.1: reserved (remote) may receive HEADERS, RST_STREAM, PRIORITY and send WINDOW_UPDATE.
        b.on(RESERVED_REMOTE, RECV_HEADERS).to(HALF_CLOSED_LOCAL_STREAMING, RESPONSE_RECEIVED,
                "RFC 9113 §5.1: recv HEADERS on reserved (remote)");
        b.on(RESERVED_REMOTE, RECV_HEADERS_END_STREAM).to(CLOSED, RESPONSE_RECEIVED,
                "RFC 9113 §5.1: recv HEADERS with END_STREAM on reserved (remote)");
        b.on(RESERVED_REMOTE, RECV_INFORMATIONAL_HEADERS).stay(INFORMATIONAL_RECEIVED,
                "RFC 9113 §8.1: interim response before the pushed response");
        b.on(RESERVED_REMOTE, SEND_RST_STREAM).to(CLOSED, RESET_SENT, "RFC 9113 §5.1: send RST_STREAM on reserved (remote)");
        b.on(RESERVED_REMOTE, RECV_RST_STREAM).to(CLOSED, RESET_RECEIVED, "RFC 9113 §5.1: recv RST_STREAM on reserved (remote)");
        b.on(RESERVED_REMOTE, SEND_WINDOW_UPDATE).stay(WINDOW_UPDATE_SENT, "RFC 9113 §5.1: reserved (remote) may send WINDOW_UPDATE");
        // Open, awaiting the response.
        b.on(OPEN_AWAITING_REMOTE_HEADERS, SEND_DATA).stay(DATA_SENT, "RFC 9113 §6.1: DATA");
        b.on(OPEN_AWAITING_REMOTE_HEADERS, SEND_DATA_END_STREAM).to(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, DATA_SENT,
                "RFC 9113 §5.1: send END_STREAM half-closes (local)");
        b.on(OPEN_AWAITING_REMOTE_HEADERS, SEND_HEADERS_END_STREAM).to(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS,
                TRAILERS_SENT, "RFC 9113 §8.1: trailers end the request");
        b.on(OPEN_AWAITING_REMOTE_HEADERS, RECV_INFORMATIONAL_HEADERS).stay(INFORMATIONAL_RECEIVED,
                "RFC 9113 §8.1: interim responses precede the final response");
        b.on(OPEN_AWAITING_REMOTE_HEADERS, RECV_HEADERS).to(OPEN_STREAMING, RESPONSE_RECEIVED,
                "RFC 9113 §8.1: the final response");
        b.on(OPEN_AWAITING_REMOTE_HEADERS, RECV_HEADERS_END_STREAM).to(HALF_CLOSED_REMOTE_STREAMING, RESPONSE_RECEIVED,
                "RFC 9113 §5.1: recv END_STREAM half-closes (remote)");
        b.on(OPEN_AWAITING_REMOTE_HEADERS, RECV_DATA, RECV_DATA_END_STREAM).fail(ErrorScope.STREAM,
                ErrorCode.PROTOCOL_ERROR, DATA_BEFORE_HEADERS_RULE);
        b.on(OPEN_AWAITING_REMOTE_HEADERS, RECV_PUSH_PROMISE).stay(PUSH_PROMISE_RECEIVED, "RFC 9113 §6.6: PUSH_PROMISE");
        // Open, both streaming.
        b.on(OPEN_STREAMING, SEND_DATA).stay(DATA_SENT, "RFC 9113 §6.1: DATA");
        b.on(OPEN_STREAMING, SEND_DATA_END_STREAM).to(HALF_CLOSED_LOCAL_STREAMING, DATA_SENT,
                "RFC 9113 §5.1: send END_STREAM half-closes (local)");
        b.on(OPEN_STREAMING, SEND_HEADERS_END_STREAM).to(HALF_CLOSED_LOCAL_STREAMING, TRAILERS_SENT,
                "RFC 9113 §8.1: trailers end the request");
        b.on(OPEN_STREAMING, RECV_DATA).stay(DATA_RECEIVED, "RFC 9113 §6.1: DATA");
        b.on(OPEN_STREAMING, RECV_DATA_END_STREAM).to(HALF_CLOSED_REMOTE_STREAMING, DATA_RECEIVED,
                "RFC 9113 §5.1: recv END_STREAM half-closes (remote)");
        b.on(OPEN_STREAMING, RECV_HEADERS_END_STREAM).to(HALF_CLOSED_REMOTE_STREAMING, TRAILERS_RECEIVED,
                "RFC 9113 §8.1: trailers end the response");
        b.on(OPEN_STREAMING, RECV_PUSH_PROMISE).stay(PUSH_PROMISE_RECEIVED, "RFC 9113 §6.6: PUSH_PROMISE");
        // Half-closed (local): the response is still arriving.
        b.on(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, RECV_INFORMATIONAL_HEADERS).stay(INFORMATIONAL_RECEIVED,
                "RFC 9113 §8.1: interim responses precede the final response");
        b.on(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, RECV_HEADERS).to(HALF_CLOSED_LOCAL_STREAMING, RESPONSE_RECEIVED,
                "RFC 9113 §8.1: the final response");
        b.on(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, RECV_HEADERS_END_STREAM).to(CLOSED, RESPONSE_RECEIVED,
                "RFC 9113 §5.1: recv END_STREAM in half-closed (local) closes");
        b.on(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, RECV_DATA, RECV_DATA_END_STREAM).fail(ErrorScope.STREAM,
                ErrorCode.PROTOCOL_ERROR, DATA_BEFORE_HEADERS_RULE);
        b.on(HALF_CLOSED_LOCAL_AWAITING_REMOTE_HEADERS, RECV_PUSH_PROMISE).stay(PUSH_PROMISE_RECEIVED,
                "RFC 9113 §6.6: PUSH_PROMISE");
        b.on(HALF_CLOSED_LOCAL_STREAMING, RECV_DATA).stay(DATA_RECEIVED, "RFC 9113 §6.1: DATA");
        b.on(HALF_CLOSED_LOCAL_STREAMING, RECV_DATA_END_STREAM).to(CLOSED, DATA_RECEIVED,
                "RFC 9113 §5.1: recv END_STREAM in half-closed (local) closes");
        b.on(HALF_CLOSED_LOCAL_STREAMING, RECV_HEADERS_END_STREAM).to(CLOSED, TRAILERS_RECEIVED,
                "RFC 9113 §8.1: trailers end the response");
        b.on(HALF_CLOSED_LOCAL_STREAMING, RECV_PUSH_PROMISE).stay(PUSH_PROMISE_RECEIVED, "RFC 9113 §6.6: PUSH_PROMISE");
        // Half-closed (remote): the response ended before the request did.
        b.on(HALF_CLOSED_REMOTE_STREAMING, SEND_DATA).stay(DATA_SENT, "RFC 9113 §6.1: DATA");
        b.on(HALF_CLOSED_REMOTE_STREAMING, SEND_DATA_END_STREAM).to(CLOSED, DATA_SENT,
                "RFC 9113 §5.1: send END_STREAM in half-closed (remote) closes");
        b.on(HALF_CLOSED_REMOTE_STREAMING, SEND_HEADERS_END_STREAM).to(CLOSED, TRAILERS_SENT,
                "RFC 9113 §8.1: trailers end the request");
        b.on(HALF_CLOSED_REMOTE, List.of(RECV_PUSH_PROMISE)).fail(ErrorScope.CONNECTION, ErrorCode.PROTOCOL_ERROR,
                PUSH_PARENT_RULE);
        // The order of a message: trailers end it, and interim responses only precede a final response.
        List<StreamState> requestStreaming = List.of(OPEN_AWAITING_REMOTE_HEADERS, OPEN_STREAMING,
                HALF_CLOSED_REMOTE_STREAMING);
        b.on(requestStreaming, List.of(SEND_HEADERS)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                TRAILERS_END_RULE);
        b.on(requestStreaming, List.of(SEND_INFORMATIONAL_HEADERS)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                NO_INFORMATIONAL_REQUEST_RULE);
        List<StreamState> responseStreaming = List.of(OPEN_STREAMING, HALF_CLOSED_LOCAL_STREAMING);
        b.on(responseStreaming, List.of(RECV_HEADERS)).fail(ErrorScope.STREAM, ErrorCode.PROTOCOL_ERROR,
                TRAILERS_END_RULE);
        b.on(responseStreaming, List.of(RECV_INFORMATIONAL_HEADERS)).fail(ErrorScope.STREAM, ErrorCode.PROTOCOL_ERROR,
                INFORMATIONAL_RULE);
        return b.otherwise(StreamMachine::unlisted);
    }

    private static TransitionTable<StreamState, StreamInput, StreamEffect> server() {
        TransitionTable.Builder<StreamState, StreamInput, StreamEffect> b = common("server stream");
        // RFC 9113 §8.1: a server receives a request and answers it, optionally after interim responses.
        b.on(IDLE, RECV_HEADERS).to(OPEN_AWAITING_LOCAL_HEADERS, REQUEST_RECEIVED, "RFC 9113 §5.1: recv HEADERS opens");
        b.on(IDLE, RECV_HEADERS_END_STREAM).to(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, REQUEST_RECEIVED,
                "RFC 9113 §5.1: recv HEADERS with END_STREAM");
        b.on(IDLE, RECV_INFORMATIONAL_HEADERS).fail(ErrorScope.STREAM, ErrorCode.PROTOCOL_ERROR,
                NO_INFORMATIONAL_REQUEST_RULE);
        b.on(IDLE, SEND_PUSH_PROMISE).to(RESERVED_LOCAL, PROMISED, "RFC 9113 §5.1: send PUSH_PROMISE reserves");
        b.on(IDLE, UPGRADE).to(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, UPGRADED,
                "RFC 7540 §3.2: the upgrade request is stream 1, half-closed (remote)");
        // RFC 9113 §5.1: reserved (local) may send HEADERS, RST_STREAM, PRIORITY and receive WINDOW_UPDATE.
        b.on(RESERVED_LOCAL, SEND_HEADERS).to(HALF_CLOSED_REMOTE_STREAMING, RESPONSE_SENT,
                "RFC 9113 §5.1: send HEADERS on reserved (local)");
        b.on(RESERVED_LOCAL, SEND_HEADERS_END_STREAM).to(CLOSED, RESPONSE_SENT,
                "RFC 9113 §5.1: send HEADERS with END_STREAM on reserved (local)");
        b.on(RESERVED_LOCAL, SEND_INFORMATIONAL_HEADERS).stay(INFORMATIONAL_SENT,
                "RFC 9113 §8.1: interim response before the pushed response");
        b.on(RESERVED_LOCAL, SEND_RST_STREAM).to(CLOSED, RESET_SENT, "RFC 9113 §5.1: send RST_STREAM on reserved (local)");
        b.on(RESERVED_LOCAL, RECV_RST_STREAM).to(CLOSED, RESET_RECEIVED, "RFC 9113 §5.1: recv RST_STREAM on reserved (local)");
        b.on(RESERVED_LOCAL, RECV_WINDOW_UPDATE).stay(WINDOW_UPDATE_RECEIVED,
                "RFC 9113 §5.1: reserved (local) may receive WINDOW_UPDATE");
        // Open, the response still to be sent.
        b.on(OPEN_AWAITING_LOCAL_HEADERS, SEND_INFORMATIONAL_HEADERS).stay(INFORMATIONAL_SENT,
                "RFC 9113 §8.1: interim responses precede the final response");
        b.on(OPEN_AWAITING_LOCAL_HEADERS, SEND_HEADERS).to(OPEN_STREAMING, RESPONSE_SENT, "RFC 9113 §8.1: the final response");
        b.on(OPEN_AWAITING_LOCAL_HEADERS, SEND_HEADERS_END_STREAM).to(HALF_CLOSED_LOCAL_STREAMING, RESPONSE_SENT,
                "RFC 9113 §5.1: send END_STREAM half-closes (local)");
        b.on(OPEN_AWAITING_LOCAL_HEADERS, RECV_DATA).stay(DATA_RECEIVED, "RFC 9113 §6.1: DATA");
        b.on(OPEN_AWAITING_LOCAL_HEADERS, RECV_DATA_END_STREAM).to(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS,
                DATA_RECEIVED, "RFC 9113 §5.1: recv END_STREAM half-closes (remote)");
        b.on(OPEN_AWAITING_LOCAL_HEADERS, RECV_HEADERS_END_STREAM).to(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS,
                TRAILERS_RECEIVED, "RFC 9113 §8.1: trailers end the request");
        b.on(OPEN_AWAITING_LOCAL_HEADERS, SEND_DATA, SEND_DATA_END_STREAM).fail(ErrorScope.CALLER,
                ErrorCode.PROTOCOL_ERROR, DATA_BEFORE_HEADERS_RULE);
        b.on(OPEN_AWAITING_LOCAL_HEADERS, SEND_PUSH_PROMISE).stay(PUSH_PROMISE_SENT, "RFC 9113 §6.6: PUSH_PROMISE");
        // Open, both streaming.
        b.on(OPEN_STREAMING, SEND_DATA).stay(DATA_SENT, "RFC 9113 §6.1: DATA");
        b.on(OPEN_STREAMING, SEND_DATA_END_STREAM).to(HALF_CLOSED_LOCAL_STREAMING, DATA_SENT,
                "RFC 9113 §5.1: send END_STREAM half-closes (local)");
        b.on(OPEN_STREAMING, SEND_HEADERS_END_STREAM).to(HALF_CLOSED_LOCAL_STREAMING, TRAILERS_SENT,
                "RFC 9113 §8.1: trailers end the response");
        b.on(OPEN_STREAMING, SEND_PUSH_PROMISE).stay(PUSH_PROMISE_SENT, "RFC 9113 §6.6: PUSH_PROMISE");
        b.on(OPEN_STREAMING, RECV_DATA).stay(DATA_RECEIVED, "RFC 9113 §6.1: DATA");
        b.on(OPEN_STREAMING, RECV_DATA_END_STREAM).to(HALF_CLOSED_REMOTE_STREAMING, DATA_RECEIVED,
                "RFC 9113 §5.1: recv END_STREAM half-closes (remote)");
        b.on(OPEN_STREAMING, RECV_HEADERS_END_STREAM).to(HALF_CLOSED_REMOTE_STREAMING, TRAILERS_RECEIVED,
                "RFC 9113 §8.1: trailers end the request");
        // Half-closed (local): the response ended before the request did.
        b.on(HALF_CLOSED_LOCAL_STREAMING, RECV_DATA).stay(DATA_RECEIVED, "RFC 9113 §6.1: DATA");
        b.on(HALF_CLOSED_LOCAL_STREAMING, RECV_DATA_END_STREAM).to(CLOSED, DATA_RECEIVED,
                "RFC 9113 §5.1: recv END_STREAM in half-closed (local) closes");
        b.on(HALF_CLOSED_LOCAL_STREAMING, RECV_HEADERS_END_STREAM).to(CLOSED, TRAILERS_RECEIVED,
                "RFC 9113 §8.1: trailers end the request");
        // Half-closed (remote): the request is complete, the response goes out.
        b.on(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, SEND_INFORMATIONAL_HEADERS).stay(INFORMATIONAL_SENT,
                "RFC 9113 §8.1: interim responses precede the final response");
        b.on(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, SEND_HEADERS).to(HALF_CLOSED_REMOTE_STREAMING, RESPONSE_SENT,
                "RFC 9113 §8.1: the final response");
        b.on(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, SEND_HEADERS_END_STREAM).to(CLOSED, RESPONSE_SENT,
                "RFC 9113 §5.1: send END_STREAM in half-closed (remote) closes");
        b.on(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, SEND_DATA, SEND_DATA_END_STREAM).fail(ErrorScope.CALLER,
                ErrorCode.PROTOCOL_ERROR, DATA_BEFORE_HEADERS_RULE);
        b.on(HALF_CLOSED_REMOTE_AWAITING_LOCAL_HEADERS, SEND_PUSH_PROMISE).stay(PUSH_PROMISE_SENT,
                "RFC 9113 §6.6: PUSH_PROMISE");
        b.on(HALF_CLOSED_REMOTE_STREAMING, SEND_DATA).stay(DATA_SENT, "RFC 9113 §6.1: DATA");
        b.on(HALF_CLOSED_REMOTE_STREAMING, SEND_DATA_END_STREAM).to(CLOSED, DATA_SENT,
                "RFC 9113 §5.1: send END_STREAM in half-closed (remote) closes");
        b.on(HALF_CLOSED_REMOTE_STREAMING, SEND_HEADERS_END_STREAM).to(CLOSED, TRAILERS_SENT,
                "RFC 9113 §8.1: trailers end the response");
        b.on(HALF_CLOSED_REMOTE_STREAMING, SEND_PUSH_PROMISE).stay(PUSH_PROMISE_SENT, "RFC 9113 §6.6: PUSH_PROMISE");
        // The order of a message: trailers end it, and interim responses only precede a final response.
        List<StreamState> responseStreaming = List.of(OPEN_STREAMING, HALF_CLOSED_REMOTE_STREAMING);
        b.on(responseStreaming, List.of(SEND_HEADERS)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                TRAILERS_END_RULE);
        b.on(responseStreaming, List.of(SEND_INFORMATIONAL_HEADERS)).fail(ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                INFORMATIONAL_RULE);
        List<StreamState> requestStreaming = List.of(OPEN_AWAITING_LOCAL_HEADERS, OPEN_STREAMING,
                HALF_CLOSED_LOCAL_STREAMING);
        b.on(requestStreaming, List.of(RECV_HEADERS)).fail(ErrorScope.STREAM, ErrorCode.PROTOCOL_ERROR,
                TRAILERS_END_RULE);
        b.on(requestStreaming, List.of(RECV_INFORMATIONAL_HEADERS)).fail(ErrorScope.STREAM, ErrorCode.PROTOCOL_ERROR,
                NO_INFORMATIONAL_REQUEST_RULE);
        return b.otherwise(StreamMachine::unlisted);
    }

    /** Every cell no rule names: a caller's misuse, or a peer's connection error PROTOCOL_ERROR. */
    private static Transition<StreamState, StreamEffect> unlisted(StreamState state, StreamInput input) {
        if (input.isSend() || input == UPGRADE) {
            return TransitionTable.refusal(state, ErrorScope.CALLER, ErrorCode.PROTOCOL_ERROR,
                    "RFC 9113 §5.1: " + input + " is not allowed in state " + state.rfcState());
        }
        if (state == IDLE) {
            return TransitionTable.refusal(state, ErrorScope.CONNECTION, ErrorCode.PROTOCOL_ERROR, IDLE_RULE);
        }
        return TransitionTable.refusal(state, ErrorScope.CONNECTION, ErrorCode.PROTOCOL_ERROR,
                "RFC 9113 §5.1: " + input + " is not allowed in state " + state.rfcState());
    }
}
