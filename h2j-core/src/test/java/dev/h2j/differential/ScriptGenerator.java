package dev.h2j.differential;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Makes random conversations for the differential test: mostly what a real peer and application would
 * do (open streams, send bodies and trailers, acknowledge data, ping, change settings, reset, push), and
 * now and then what they must not (a frame on an idle or closed stream, a zero or overflowing window
 * increment, an invalid setting, a field block that breaks RFC 9113 §8, a call on a finished stream).
 * The same seed gives the same scripts; each script has its own generator, so one script's steps do not
 * depend on how many steps another drew.
 *
 * <p>A small model of each stream (who opened it, whether each side ended it, what arrived) keeps most
 * steps plausible; where it is wrong, the script tests an illegal move, which is just as useful.
 */
final class ScriptGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ScriptGenerator() {
    }

    /** {@code perRole} client and {@code perRole} server scripts from {@code seed}, compiled. */
    static List<ObjectNode> scripts(long seed, int perRole) {
        List<ObjectNode> scripts = new ArrayList<>();
        for (int i = 0; i < perRole; i++) {
            scripts.add(ScriptCompiler.compile(new Conversation(seed, i, "server").script()));
            scripts.add(ScriptCompiler.compile(new Conversation(seed, i, "client").script()));
        }
        return scripts;
    }

    /** What the generator believes about one stream. */
    private static final class StreamModel {
        final boolean ours;
        boolean localEnded;
        boolean remoteEnded;
        boolean headersSent;
        boolean headersReceived;
        boolean reset;
        int unacknowledged;

        StreamModel(boolean ours) {
            this.ours = ours;
        }

        boolean open() {
            return !reset && !(localEnded && remoteEnded);
        }
    }

    /** One conversation being generated. */
    private static final class Conversation {
        private final SplittableRandom random;
        private final boolean server;
        private final String name;
        private final boolean push;
        private final ArrayNode steps = JSON.arrayNode();
        private final TreeMap<Integer, StreamModel> streams = new TreeMap<>();
        private int nextOurs;
        private int nextPeers;

        Conversation(long seed, int index, String role) {
            this.random = new SplittableRandom(seed * 31 + index * 2L + (role.equals("server") ? 1 : 0));
            this.server = role.equals("server");
            this.name = "generated " + role + " " + index;
            this.push = random.nextInt(4) == 0;
            this.nextOurs = server ? 2 : 1;
            this.nextPeers = server ? 1 : 2;
        }

        ObjectNode script() {
            ObjectNode script = JSON.objectNode().put("name", name).put("role", server ? "server" : "client");
            if (!server && push) {
                script.putObject("config").put("enable_push", true);
            }
            ObjectNode handshake = script.putObject("handshake");
            ArrayNode settings = handshake.putArray("settings");
            if (server && push) {
                settings.addArray().add(2).add(1);
            }
            if (random.nextInt(4) == 0) {
                settings.addArray().add(4).add(random.nextInt(4) == 0 ? 100 : 1 + random.nextInt(200_000));
            }
            if (random.nextInt(6) == 0) {
                settings.addArray().add(3).add(random.nextInt(4));
            }
            if (random.nextInt(6) == 0) {
                settings.addArray().add(1).add(random.nextInt(3) * 2048);
            }
            int length = 6 + random.nextInt(25);
            for (int i = 0; i < length; i++) {
                step();
            }
            script.set("steps", steps);
            return script;
        }

        private void step() {
            int roll = random.nextInt(100);
            if (roll < 14) {
                openStream();
            } else if (roll < 26) {
                peerData();
            } else if (roll < 36) {
                ourHeaders();
            } else if (roll < 46) {
                ourData();
            } else if (roll < 52) {
                acknowledge();
            } else if (roll < 56) {
                peerWindowUpdate();
            } else if (roll < 59) {
                ourWindowIncrement();
            } else if (roll < 63) {
                reset();
            } else if (roll < 67) {
                ping();
            } else if (roll < 71) {
                settings();
            } else if (roll < 74) {
                peerTrailers();
            } else if (roll < 77) {
                pushOrPromise();
            } else if (roll < 80) {
                priority();
            } else if (roll < 85) {
                query();
            } else if (roll < 88) {
                goAway();
            } else if (roll < 91) {
                extensionFrame();
            } else if (roll < 94) {
                illegalFrame();
            } else {
                openStream();
            }
        }

        // ------------------------------------------------------------ helpers

        private ObjectNode call(String op) {
            return steps.addObject().put("op", op);
        }

        private ArrayNode receive() {
            return call("receive").putArray("frames");
        }

        private boolean chance(int percent) {
            return random.nextInt(100) < percent;
        }

        /**
         * An id of a stream in the model that matches the filter; now and then (and when none matches,
         * half the time) an idle, closed or unrelated id instead, an illegal move; null when none matches
         * and no illegal move is drawn, so that the caller does something else.
         */
        private Integer pick(java.util.function.Predicate<StreamModel> filter) {
            List<Integer> ids = new ArrayList<>();
            streams.forEach((id, s) -> {
                if (filter.test(s)) {
                    ids.add(id);
                }
            });
            if (chance(4) || (ids.isEmpty() && chance(50))) {
                return 1 + random.nextInt(Math.max(2, Math.max(nextOurs, nextPeers) + 2));
            }
            return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
        }

        private ArrayNode requestHeaders() {
            ArrayNode headers = JSON.arrayNode();
            String method = switch (random.nextInt(6)) {
                case 0, 1, 2 -> "GET";
                case 3 -> "POST";
                case 4 -> "HEAD";
                default -> "PUT";
            };
            headers.addArray().add(":method").add(method);
            headers.addArray().add(":scheme").add("https");
            headers.addArray().add(":authority").add(chance(80) ? "example.com" : "example.org:8443");
            headers.addArray().add(":path").add("/" + "abcdefgh".substring(0, random.nextInt(8)));
            addFields(headers);
            return headers;
        }

        private ArrayNode responseHeaders(boolean informational) {
            ArrayNode headers = JSON.arrayNode();
            String[] finals = {"200", "200", "204", "301", "404", "500"};
            headers.addArray().add(":status").add(informational ? "103" : finals[random.nextInt(finals.length)]);
            addFields(headers);
            return headers;
        }

        private void addFields(ArrayNode headers) {
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                switch (random.nextInt(12)) {
                    case 0 -> headers.addArray().add("content-type").add("text/plain");
                    case 1 -> headers.addArray().add("cache-control").add("no-cache");
                    case 2 -> headers.addArray().add("x-request-id").add(Integer.toString(random.nextInt(1_000_000)));
                    case 3 -> headers.addArray().add("cookie").add("a=" + random.nextInt(10));
                    case 4 -> headers.addArray().add("accept").add("*/*");
                    case 5 -> headers.addArray().add("user-agent").add("h2j-differential/" + random.nextInt(9));
                    case 6 -> headers.addArray().add("x-long").add("v".repeat(random.nextInt(300)));
                    case 7 -> headers.addArray().add("set-cookie").add("s=" + random.nextInt(10));
                    // Rarely a field RFC 9113 §8.2 forbids.
                    case 8 -> headers.addArray().add(chance(50) ? "X-Upper" : "connection").add("1");
                    case 9 -> headers.addArray().add("te").add(chance(50) ? "trailers" : "gzip");
                    case 10 -> headers.addArray().add("x-empty").add("");
                    default -> headers.addArray().add("x-n").add(Integer.toString(i));
                }
            }
        }

        // ------------------------------------------------------------ streams opening

        private void openStream() {
            if (server) {
                peerRequest();
            } else {
                ourRequest();
            }
        }

        /** The peer (a client) sends a request on its next stream. */
        private void peerRequest() {
            int id = nextPeers;
            if (chance(4)) {
                id = Math.max(1, id - 2 * (1 + random.nextInt(2))); // reuses a lower id
            } else if (chance(4)) {
                id += 2 * random.nextInt(3); // skips ids
            }
            boolean end = chance(45);
            ArrayNode frames = receive();
            ObjectNode frame = frames.addObject().put("frame", "headers").put("stream", id).put("end_stream", end);
            ArrayNode headers = requestHeaders();
            if (chance(10)) {
                // RFC 9113 §6.10: the block continues in a CONTINUATION frame.
                ArrayNode rest = JSON.arrayNode();
                while (headers.size() > 2) {
                    rest.insert(0, headers.remove(headers.size() - 1));
                }
                frame.put("end_headers", false);
                frames.addObject().put("frame", "continuation").put("stream", id).set("headers", rest);
            }
            frame.set("headers", headers);
            decorate(frame);
            if (id >= nextPeers) {
                StreamModel s = new StreamModel(false);
                s.headersReceived = true;
                s.remoteEnded = end;
                streams.put(id, s);
                nextPeers = id + 2;
            }
        }

        /** Padding or priority fields, now and then. */
        private void decorate(ObjectNode headers) {
            if (chance(10)) {
                headers.put("pad", random.nextInt(30));
            }
            if (chance(10)) {
                headers.putObject("priority").put("depends_on", random.nextInt(4))
                        .put("weight", 1 + random.nextInt(256))
                        .put("exclusive", chance(30));
            }
        }

        /** We (a client) send a request on the next stream. */
        private void ourRequest() {
            int id = chance(3) ? Math.max(1, nextOurs - 2) : nextOurs;
            boolean end = chance(50);
            ObjectNode step = call("send_headers").put("stream", id).put("end_stream", end);
            step.set("headers", requestHeaders());
            if (chance(8)) {
                step.put("weight", 1 + random.nextInt(256)).put("depends_on", 0).put("exclusive", false);
            }
            if (id >= nextOurs) {
                StreamModel s = new StreamModel(true);
                s.headersSent = true;
                s.localEnded = end;
                streams.put(id, s);
                nextOurs = id + 2;
            }
        }

        // ------------------------------------------------------------ headers and data

        /** We send response headers (server) or trailers (either), or a 1xx now and then. */
        private void ourHeaders() {
            Integer id = pick(s -> s.open() && !s.localEnded);
            if (id == null) {
                openStream();
                return;
            }
            StreamModel s = streams.get(id);
            boolean end = chance(40);
            ObjectNode step = call("send_headers").put("stream", id).put("end_stream", end);
            if (s != null && !s.headersSent && server) {
                boolean informational = chance(8);
                step.set("headers", responseHeaders(informational));
                if (!informational) {
                    s.headersSent = true;
                    s.localEnded = end;
                }
            } else {
                // Trailers: must end the stream (RFC 9113 §8.1), and now and then they do not.
                step.set("headers", JSON.arrayNode().add(JSON.arrayNode().add("x-trailer").add("t")));
                if (s != null && end) {
                    s.localEnded = true;
                }
            }
        }

        private void ourData() {
            Integer id = pick(s -> s.open() && s.headersSent && !s.localEnded);
            if (id == null) {
                openStream();
                return;
            }
            StreamModel s = streams.get(id);
            boolean end = chance(35);
            ObjectNode step = call("send_data").put("stream", id).put("end_stream", end);
            int length = chance(5) ? 16_385 + random.nextInt(100) : random.nextInt(chance(20) ? 16_384 : 200);
            step.put("length", length);
            if (chance(8)) {
                step.put("pad_length", random.nextInt(20));
            }
            if (end && s != null) {
                s.localEnded = true;
            }
        }

        private void peerData() {
            Integer id = pick(s -> s.open() && s.headersReceived && !s.remoteEnded);
            if (id == null) {
                openStream();
                return;
            }
            StreamModel s = streams.get(id);
            boolean end = chance(35);
            int length = random.nextInt(chance(25) ? 16_384 : 300);
            ObjectNode frame = receive().addObject().put("frame", "data").put("stream", id).put("end_stream", end)
                    .put("length", length);
            int padding = 0;
            if (chance(8)) {
                padding = random.nextInt(40);
                frame.put("pad", padding);
                padding++;
            }
            if (s != null) {
                s.unacknowledged += length + padding;
                s.remoteEnded |= end;
            }
        }

        private void peerTrailers() {
            Integer id = pick(s -> s.open() && s.headersReceived && !s.remoteEnded);
            if (id == null) {
                openStream();
                return;
            }
            StreamModel s = streams.get(id);
            boolean end = chance(85);
            receive().addObject().put("frame", "headers").put("stream", id).put("end_stream", end)
                    .set("headers", JSON.arrayNode().add(JSON.arrayNode().add("x-checksum").add("c")));
            if (s != null) {
                s.remoteEnded |= end;
            }
        }

        /** The peer (a server) answers one of our requests; in a client conversation this is the main flow. */
        private void pushOrPromise() {
            if (server) {
                Integer parent = pick(s -> s.open() && !s.ours && !s.localEnded);
                if (parent == null) {
                    openStream();
                    return;
                }
                int promised = chance(5) ? Math.max(2, nextOurs - 2) : nextOurs;
                ObjectNode step = call("push_stream").put("stream", parent).put("promised", promised);
                step.set("headers", JSON.arrayNode().add(JSON.arrayNode().add(":method").add("GET"))
                        .add(JSON.arrayNode().add(":scheme").add("https"))
                        .add(JSON.arrayNode().add(":authority").add("example.com"))
                        .add(JSON.arrayNode().add(":path").add("/pushed" + promised)));
                if (push && promised >= nextOurs && streams.containsKey(parent)) {
                    StreamModel s = new StreamModel(true);
                    s.remoteEnded = true;
                    streams.put(promised, s);
                    nextOurs = promised + 2;
                }
            } else {
                peerResponse();
            }
        }

        /** The peer (a server) sends response headers, maybe a push promise first. */
        private void peerResponse() {
            Integer id = pick(s -> s.open() && s.ours && !s.headersReceived);
            if (id == null) {
                openStream();
                return;
            }
            StreamModel s = streams.get(id);
            if (chance(25) && s != null) {
                // In a step of its own: a flawed promise and a flawed response in one step would be two
                // differences at once, and the rules explain one difference per step.
                int promised = nextPeers;
                ObjectNode promise = receive().addObject().put("frame", "push_promise").put("stream", id)
                        .put("promised", promised);
                String method = chance(90) ? "GET" : "POST";
                promise.set("headers", JSON.arrayNode().add(JSON.arrayNode().add(":method").add(method))
                        .add(JSON.arrayNode().add(":scheme").add("https"))
                        .add(JSON.arrayNode().add(":authority").add("example.com"))
                        .add(JSON.arrayNode().add(":path").add("/p")));
                if (push) {
                    StreamModel pushed = new StreamModel(false);
                    pushed.localEnded = true;
                    streams.put(promised, pushed);
                }
                nextPeers = promised + 2;
            }
            boolean informational = chance(6);
            boolean end = !informational && chance(40);
            ObjectNode headers = receive().addObject().put("frame", "headers").put("stream", id).put("end_stream", end);
            headers.set("headers", responseHeaders(informational));
            if (s != null && !informational) {
                s.headersReceived = true;
                s.remoteEnded |= end;
            }
        }

        // ------------------------------------------------------------ flow control

        private void acknowledge() {
            Integer id = pick(s -> s.unacknowledged > 0);
            if (id == null) {
                openStream();
                return;
            }
            StreamModel s = streams.get(id);
            int size = s == null ? random.nextInt(100) : s.unacknowledged;
            if (s != null && chance(30)) {
                size = random.nextInt(size + 1);
            }
            call("acknowledge_received_data").put("size", size).put("stream", id);
            if (s != null) {
                s.unacknowledged -= size;
            }
        }

        private void peerWindowUpdate() {
            Integer picked = pick(StreamModel::open);
            int stream = picked == null || chance(40) ? 0 : picked;
            long increment = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> 0x7fff_ffffL;
                default -> 1 + random.nextInt(100_000);
            };
            receive().addObject().put("frame", "window_update").put("stream", stream).put("increment", increment);
        }

        private void ourWindowIncrement() {
            ObjectNode step = call("increment_flow_control_window").put("increment",
                    chance(5) ? 0x7fff_ffff : 1 + random.nextInt(65_536));
            Integer picked = pick(StreamModel::open);
            if (picked != null && chance(60)) {
                step.put("stream", picked);
            }
        }

        // ------------------------------------------------------------ control

        private void reset() {
            Integer id = pick(StreamModel::open);
            if (id == null) {
                openStream();
                return;
            }
            StreamModel s = streams.get(id);
            int code = new int[] {0, 1, 2, 5, 7, 8, 8, 8, 11}[random.nextInt(9)];
            if (chance(50)) {
                call("reset_stream").put("stream", id).put("error_code", code);
            } else {
                receive().addObject().put("frame", "rst_stream").put("stream", id).put("error_code", code);
            }
            if (s != null) {
                s.reset = true;
            }
        }

        private void ping() {
            String data = String.format("%016x", random.nextLong());
            if (chance(40)) {
                call("ping").put("data", data);
            } else {
                receive().addObject().put("frame", "ping").put("ack", chance(15)).put("data", data);
            }
        }

        private void settings() {
            if (chance(35)) {
                receive().addObject().put("frame", "settings").put("ack", true);
                return;
            }
            ArrayNode values = JSON.arrayNode();
            int n = 1 + random.nextInt(2);
            for (int i = 0; i < n; i++) {
                switch (random.nextInt(7)) {
                    case 0 -> values.addArray().add(4).add(chance(10) ? 0x8000_0000L : random.nextInt(200_000));
                    case 1 -> values.addArray().add(3).add(random.nextInt(200));
                    case 2 -> values.addArray().add(1).add(random.nextInt(3) * 2048);
                    case 3 -> values.addArray().add(5).add(chance(10) ? 100 : 16_384 + random.nextInt(50_000));
                    case 4 -> values.addArray().add(6).add(1000 + random.nextInt(100_000));
                    case 5 -> values.addArray().add(2).add(server ? random.nextInt(2) : 0);
                    default -> values.addArray().add(0x20 + random.nextInt(10)).add(random.nextInt(10));
                }
            }
            if (chance(50)) {
                call("update_settings").set("settings", values);
            } else {
                receive().addObject().put("frame", "settings").set("settings", values);
            }
        }

        private void priority() {
            Integer picked = pick(s -> true);
            int id = picked != null && chance(70) ? picked : 1 + random.nextInt(20);
            int dependency = chance(5) ? id : random.nextInt(6);
            if (!server && chance(40)) {
                call("prioritize").put("stream", id).put("weight", 1 + random.nextInt(256))
                        .put("depends_on", dependency)
                        .put("exclusive", chance(20));
            } else {
                receive().addObject().put("frame", "priority").put("stream", id).put("depends_on", dependency)
                        .put("weight", 1 + random.nextInt(256)).put("exclusive", chance(20));
            }
        }

        private void query() {
            Integer picked = pick(StreamModel::open);
            int stream = picked == null || chance(30) ? 0 : picked;
            switch (random.nextInt(4)) {
                case 0 -> call("local_flow_control_window").put("stream", stream);
                case 1 -> call("remote_flow_control_window").put("stream", stream);
                case 2 -> call("open_streams");
                default -> call("next_available_stream_id");
            }
        }

        private void goAway() {
            if (chance(50)) {
                call("close_connection").put("error_code", chance(70) ? 0 : 2);
            } else {
                int last = streams.isEmpty() ? 0 : streams.lastKey();
                receive().addObject().put("frame", "goaway").put("last_stream", chance(50) ? last : 0)
                        .put("error_code", chance(70) ? 0 : 11);
            }
        }

        private void extensionFrame() {
            switch (random.nextInt(3)) {
                case 0 -> receive().addObject().put("frame", "raw").put("type", 0x40 + random.nextInt(100))
                        .put("flags", random.nextInt(256)).put("stream", random.nextInt(4)).put("payload", "abcdef");
                case 1 -> receive().addObject().put("frame", "altsvc").put("stream", 0)
                        .put("origin", "https://example.com")
                        .put("field_value", "h2=\":443\"");
                default -> {
                    if (server) {
                        call("advertise_alternative_service").put("field_value", "h2=\":8443\"")
                                .put("origin", "https://example.com");
                    } else {
                        receive().addObject().put("frame", "raw").put("type", 0xc).put("stream", 0)
                                .put("payload", "0013" + "68747470733a2f2f6578616d706c652e636f6d");
                    }
                }
            }
        }

        /** A frame that breaks a rule of RFC 9113 §4–6 outright. */
        private void illegalFrame() {
            ArrayNode frames = receive();
            switch (random.nextInt(8)) {
                case 0 -> frames.addObject().put("frame", "data").put("stream", 0).put("text", "x");
                case 1 -> frames.addObject().put("frame", "raw").put("type", 6).put("payload", "0000");
                case 2 -> frames.addObject().put("frame", "raw").put("type", 3).put("stream", 0)
                        .put("payload", "00000008");
                case 3 -> frames.addObject().put("frame", "continuation").put("stream", Math.max(1, nextPeers - 2))
                        .set("headers", JSON.arrayNode().add(JSON.arrayNode().add("x-a").add("b")));
                case 4 -> frames.addObject().put("frame", "headers").put("stream", nextPeers).put("block", "ff")
                        .put("end_stream", true);
                case 5 -> frames.addObject().put("frame", "raw").put("type", 4).put("payload", "00030000");
                case 6 -> frames.addObject().put("frame", "rst_stream").put("stream", nextPeers + 40)
                        .put("error_code", 8);
                default -> frames.addObject().put("frame", "window_update").put("stream", 0).put("increment", 0);
            }
        }
    }
}
