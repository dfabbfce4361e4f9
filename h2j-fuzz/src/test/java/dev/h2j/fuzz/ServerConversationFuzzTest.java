package dev.h2j.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.PrioritySpec;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;

/**
 * Structure-aware fuzzing of a server: a {@link FuzzedClient} sends sequences of well-formed frames
 * (and, rarely, raw ones), delivered in fuzzer-chosen pieces, while the fuzzer interleaves the server's
 * own calls: responses, data, resets, flow control, pushes, pings, settings, shutdown, draining.
 *
 * <p>Input: a {@link FuzzedDataProvider}; the first choices pick the server's limits (as
 * {@link Setup#limits(int)}) and validation switches, then each step is a client frame, a delivery or
 * a server call, until the input runs out or 200 steps are done.
 *
 * <p>Checks: those of {@link CheckedConnection} around every call (only connection errors escape
 * {@code receiveData}; refused calls have scope CALLER and queue nothing; bounded output and streams)
 * and those of a {@link PeerReader} that knows what the client sent (every frame the server sends is
 * well-formed, decodes with the client's HPACK state, acknowledges only SETTINGS the client sent, stays
 * within the client's windows and frame size). While the client's blocks are all the encoder's own, the
 * server must never fail with COMPRESSION_ERROR.
 */
class ServerConversationFuzzTest {

    private static final int MAX_STEPS = 200;

    @FuzzTest
    @Timeout(10)
    void framesAndCallsInAnyOrder(FuzzedDataProvider data) {
        Trace trace = new Trace();
        try {
            new Conversation(data, trace).run();
        } catch (AssertionError e) {
            throw trace.withSteps(e);
        }
    }

    /** One fuzzed conversation. */
    private static final class Conversation {
        private final FuzzedDataProvider data;
        private final Trace trace;
        private final CheckedConnection server;
        private final FuzzedClient client;
        private final List<Integer> streams = new ArrayList<>();
        private final Map<Integer, Integer> unacknowledged = new HashMap<>();

        Conversation(FuzzedDataProvider data, Trace trace) {
            this.data = data;
            this.trace = trace;
            H2Configuration config = H2Configuration.server().withLimits(Setup.limits(data.consumeInt(0, 3)));
            if (data.consumeBoolean()) {
                config = config.withValidateInboundHeaders(false).withNormalizeInboundHeaders(false);
            }
            if (data.consumeBoolean()) {
                config = config.withValidateOutboundHeaders(false).withNormalizeOutboundHeaders(false);
            }
            if (data.consumeBoolean()) {
                config = config.withEnableConnectProtocol(true);
            }
            PeerReader reader = PeerReader.modellingPeer(false, trace);
            this.server = new CheckedConnection(config, reader);
            this.client = new FuzzedClient(data, reader, trace);
            H2Configuration chosen = config;
            trace.note(() -> "server " + chosen.limits() + ", validate inbound " + chosen.validateInboundHeaders()
                    + ", outbound " + chosen.validateOutboundHeaders());
        }

        void run() {
            server.call(H2Connection::initiateConnection);
            server.drain(Integer.MAX_VALUE);
            client.preface();
            for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
                switch (data.consumeInt(0, 9)) {
                    case 0, 1, 2, 3 -> client.frame();
                    case 4, 5 -> deliver();
                    default -> call();
                }
            }
            deliver();
            server.drain(Integer.MAX_VALUE);
        }

        /** Feeds what the client wrote to the server, whole or in pieces of a fuzzer-chosen size. */
        private void deliver() {
            ByteBuffer octets = ByteBuffer.wrap(client.takePending());
            int chunk = data.consumeBoolean() ? 0 : data.consumeInt(1, 64);
            int size = chunk == 0 ? Math.max(1, octets.remaining()) : chunk;
            trace.note(() -> "deliver " + octets.remaining() + " octets in pieces of " + size);
            while (octets.hasRemaining()) {
                ByteBuffer piece = octets.slice().limit(Math.min(size, octets.remaining()));
                octets.position(octets.position() + piece.remaining());
                for (Event event : server.receive(piece)) {
                    trace.note(() -> "  event " + event);
                    observe(event);
                }
            }
            if (server.failure() != null) {
                trace.note(() -> "  connection error " + server.failure().getMessage());
            }
            if (server.failure() != null && server.failure().errorCode().equals(ErrorCode.COMPRESSION_ERROR)
                    && client.hpackInStep()) {
                throw new AssertionError("RFC 9113 §4.3: the server's HPACK decoder lost step with the client's"
                        + " encoder: " + server.failure().getMessage(), server.failure());
            }
        }

        private void observe(Event event) {
            if (event instanceof RequestReceived request) {
                streams.add(request.streamId());
            } else if (event instanceof DataReceived received) {
                unacknowledged.merge(received.streamId(), received.flowControlledLength(), Integer::sum);
            }
        }

        /** One call of the server's API, with arguments the API accepts. */
        private void call() {
            switch (data.consumeInt(0, 15)) {
                case 0, 1 -> {
                    int id = stream();
                    List<HeaderField> fields = responseFields();
                    boolean endStream = data.consumeBoolean();
                    call(() -> "sendHeaders(" + id + ", " + fields + ", " + endStream + ")", c -> c.sendHeaders(id, fields, endStream));
                }
                case 2, 3 -> {
                    int id = stream();
                    ByteBuffer body = ByteBuffer.allocate(data.consumeInt(0, 7) == 0
                            ? data.consumeInt(0, 70_000) : data.consumeInt(0, 100));
                    boolean endStream = data.consumeBoolean();
                    if (data.consumeBoolean()) {
                        int padLength = data.consumeInt(0, 255);
                        call(() -> "sendData(" + id + ", " + body.remaining() + " octets, " + endStream + ", pad " + padLength + ")",
                                c -> c.sendData(id, body, endStream, padLength));
                    } else {
                        call(() -> "sendData(" + id + ", " + body.remaining() + " octets, " + endStream + ")",
                                c -> c.sendData(id, body, endStream));
                    }
                }
                case 4 -> {
                    int id = stream();
                    ErrorCode code = data.pickValue(FuzzedClient.ERROR_CODES);
                    call(() -> "resetStream(" + id + ", " + code + ")", c -> c.resetStream(id, code));
                }
                case 5 -> acknowledge();
                case 6, 7 -> {
                    int max = data.consumeBoolean() ? Integer.MAX_VALUE : data.consumeInt(0, 100);
                    trace.note(() -> "dataToSend(" + max + ")");
                    server.drain(max);
                }
                case 8 -> {
                    long opaque = data.consumeLong();
                    call(() -> "ping(" + opaque + ")", c -> c.ping(opaque));
                }
                case 9 -> {
                    int increment = data.consumeInt(1, Integer.MAX_VALUE);
                    int id = data.consumeBoolean() ? 0 : stream();
                    call(() -> "incrementFlowControlWindow(" + increment + ", " + id + ")", c -> {
                        if (id == 0) {
                            c.incrementFlowControlWindow(increment);
                        } else {
                            c.incrementFlowControlWindow(increment, id);
                        }
                    });
                }
                case 10 -> push();
                case 11 -> {
                    if (data.consumeBoolean()) {
                        call(() -> "closeGracefully()", H2Connection::closeGracefully);
                    } else {
                        ErrorCode code = data.pickValue(FuzzedClient.ERROR_CODES);
                        trace.note(() -> "closeConnection(" + code + ")");
                        server.close(code);
                    }
                }
                case 12 -> updateSettings();
                case 13 -> {
                    int id = stream();
                    PrioritySpec priority = new PrioritySpec(data.consumeInt(0, 9), data.consumeBoolean(),
                            data.consumeInt(1, 256));
                    call(() -> "prioritize(" + id + ", " + priority + ")", c -> c.prioritize(id, priority));
                }
                case 14 -> {
                    int type = data.consumeInt(0x11, 0xff);
                    int flags = data.consumeInt(0, 255);
                    int id = data.consumeInt(0, 9);
                    ByteBuffer payload = ByteBuffer.wrap(data.consumeBytes(16));
                    call(() -> "sendUnknownFrame(" + type + ", " + flags + ", " + id + ")",
                            c -> c.sendUnknownFrame(type, flags, id, payload));
                }
                default -> {
                    if (data.consumeBoolean()) {
                        call(() -> "advertiseAlternativeService()",
                                c -> c.advertiseAlternativeService("h2=\":443\"", "https://example.com"));
                    } else {
                        call(() -> "sendOrigin()", c -> c.sendOrigin(List.of("https://example.com")));
                    }
                }
            }
        }

        private void call(Supplier<String> what, CheckedConnection.Call call) {
            boolean done = server.call(call);
            trace.note(() -> what.get() + (done ? "" : " refused"));
        }

        /** A stream id: mostly one a request arrived on, sometimes any other. */
        private int stream() {
            if (!streams.isEmpty() && data.consumeInt(0, 3) != 0) {
                return data.pickValue(streams);
            }
            return data.consumeBoolean() ? data.consumeInt(1, 12) : data.consumeInt(1, Integer.MAX_VALUE);
        }

        private List<HeaderField> responseFields() {
            switch (data.consumeInt(0, 5)) {
                case 0:
                    return Headers.trailers().add("grpc-status", "0").build();
                case 1:
                    return Headers.response(data.consumeInt(100, 199)).build();
                case 2:
                    return List.of(HeaderField.of(data.consumeBytes(12), data.consumeBytes(24)));
                default:
                    Headers response = Headers.response(data.consumeInt(200, 599));
                    if (data.consumeBoolean()) {
                        response.add("content-length", Integer.toString(data.consumeInt(0, 200)));
                    }
                    if (data.consumeInt(0, 7) == 0) {
                        response.add("x-large", "v".repeat(data.consumeInt(0, 70_000)));
                    }
                    return response.build();
            }
        }

        private void acknowledge() {
            int id;
            int size;
            if (!unacknowledged.isEmpty() && data.consumeBoolean()) {
                id = data.pickValue(unacknowledged.keySet());
                size = unacknowledged.remove(id);
            } else {
                id = stream();
                size = data.consumeInt(0, 70_000);
            }
            call(() -> "acknowledgeReceivedData(" + size + ", " + id + ")", c -> c.acknowledgeReceivedData(size, id));
        }

        private void push() {
            int parent = stream();
            List<HeaderField> request = Headers.request(data.consumeBoolean() ? "GET" : "POST", "https",
                    "example.com", "/pushed").build();
            call(() -> "pushStream(" + parent + ", " + request + ")",
                    c -> c.pushStream(parent, c.nextAvailableStreamId(), request));
        }

        private void updateSettings() {
            List<Setting> settings = new ArrayList<>();
            switch (data.consumeInt(0, 4)) {
                case 0 -> settings.add(new Setting(SettingId.HEADER_TABLE_SIZE, data.consumeInt(0, 8192)));
                case 1 -> settings.add(new Setting(SettingId.MAX_CONCURRENT_STREAMS, data.consumeInt(0, 200)));
                case 2 -> settings.add(new Setting(SettingId.INITIAL_WINDOW_SIZE, data.consumeInt(0, Integer.MAX_VALUE)));
                case 3 -> settings.add(new Setting(SettingId.MAX_FRAME_SIZE, data.consumeInt(16_384, 16_777_215)));
                default -> settings.add(new Setting(SettingId.MAX_HEADER_LIST_SIZE, data.consumeInt(0, 100_000)));
            }
            for (Setting s : settings) {
                if (s.id().equals(SettingId.MAX_CONCURRENT_STREAMS)) {
                    server.advertisedStreams(s.value());
                }
            }
            call(() -> "updateSettings(" + settings + ")", c -> c.updateSettings(settings));
        }
    }
}
