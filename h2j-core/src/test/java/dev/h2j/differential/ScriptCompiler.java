package dev.h2j.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns a script as written (frames described as JSON objects, header lists by name) into the compiled
 * form both drivers run: every {@code receive} step carries the octets as hex, every header list is
 * spelled out, every DATA payload is hex. One encoder makes the octets, so the two libraries read
 * exactly the same input.
 *
 * <p>Header blocks are HPACK literals without indexing and without Huffman coding (RFC 7541 §6.2.2), so
 * a block's octets never depend on the decoder's state: any block decodes the same in any order.
 * Frames are written exactly as described, without checks, so scripts can break any rule.
 */
final class ScriptCompiler {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CLIENT_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ScriptCompiler() {
    }

    /** Returns the compiled copy of {@code script}; the input is not changed. */
    static ObjectNode compile(JsonNode script) {
        ObjectNode compiled = JSON.objectNode();
        compiled.put("name", text(script, "name"));
        String role = text(script, "role");
        if (!role.equals("client") && !role.equals("server")) {
            throw new IllegalArgumentException(script.get("name") + ": role must be client or server, not " + role);
        }
        compiled.put("role", role);
        compiled.set("config", script.has("config") ? script.get("config").deepCopy() : JSON.objectNode());
        ArrayNode steps = compiled.putArray("steps");
        ArrayNode written = JSON.arrayNode();
        if (script.has("handshake")) {
            written.addAll(handshake(role.equals("server"), script.get("handshake")));
        }
        written.addAll((ArrayNode) script.get("steps"));
        for (JsonNode step : written) {
            try {
                steps.add(compileStep(step));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(script.get("name") + ": step " + steps.size() + " " + step
                        + ": " + e.getMessage(), e);
            }
        }
        return compiled;
    }

    /**
     * The steps a script's {@code "handshake"} stands for: initiate, then the peer's preface (a client's
     * magic and) SETTINGS, with {@code {"settings": [[id, value], ...]}} if given, then the peer's ACK
     * of ours.
     */
    private static ArrayNode handshake(boolean server, JsonNode handshake) {
        ArrayNode steps = JSON.arrayNode();
        steps.addObject().put("op", "initiate");
        ArrayNode frames = steps.addObject().put("op", "receive").putArray("frames");
        if (server) {
            frames.add("preface");
        }
        ObjectNode settings = frames.addObject().put("frame", "settings");
        if (handshake.has("settings")) {
            settings.set("settings", handshake.get("settings").deepCopy());
        }
        steps.addObject().put("op", "receive").putArray("frames").addObject().put("frame", "settings")
                .put("ack", true);
        return steps;
    }

    private static ObjectNode compileStep(JsonNode step) {
        ObjectNode out = step.deepCopy();
        String op = text(step, "op");
        switch (op) {
            case "receive" -> {
                ByteArrayOutputStream octets = new ByteArrayOutputStream();
                for (JsonNode frame : step.get("frames")) {
                    octets.writeBytes(frame(frame));
                }
                out.remove("frames");
                out.put("hex", HEX.formatHex(octets.toByteArray()));
            }
            case "send_headers", "push_stream" -> out.set("headers", headers(step.get("headers")));
            case "send_data" -> {
                out.remove(List.of("text", "length"));
                out.put("data", HEX.formatHex(payload(step)));
            }
            default -> {
                // every other step runs as written
            }
        }
        return out;
    }

    /** The octets of one frame description. */
    static byte[] frame(JsonNode frame) {
        if (frame.isTextual()) {
            if (!frame.asText().equals("preface")) {
                throw new IllegalArgumentException("the only named frame is \"preface\", not " + frame);
            }
            return CLIENT_PREFACE.clone();
        }
        if (frame.has("hex")) {
            return HEX.parseHex(frame.get("hex").asText());
        }
        String type = text(frame, "frame");
        int stream = frame.path("stream").asInt(0);
        return switch (type) {
            case "data" -> padded(0x0, frame.path("end_stream").asBoolean() ? 0x1 : 0, stream, payload(frame), frame);
            case "headers" -> headersFrame(frame, stream);
            case "priority" -> write(0x2, 0, stream, priorityFields(frame));
            case "rst_stream" -> write(0x3, 0, stream, u32(frame.path("error_code").asLong(0)));
            case "settings" -> settings(frame);
            case "push_promise" -> {
                byte[] block = block(frame);
                byte[] body = concat(u32(frame.path("promised").asLong()), block);
                yield padded(0x5, frame.path("end_headers").asBoolean(true) ? 0x4 : 0, stream, body, frame);
            }
            case "ping" -> write(0x6, frame.path("ack").asBoolean() ? 0x1 : 0, 0,
                    HEX.parseHex(frame.path("data").asText("0000000000000000")));
            case "goaway" -> write(0x7, 0, stream, concat(u32(frame.path("last_stream").asLong()),
                    u32(frame.path("error_code").asLong(0)), HEX.parseHex(frame.path("debug").asText(""))));
            case "window_update" -> write(0x8, 0, stream, u32(frame.path("increment").asLong()));
            case "continuation" ->
                    write(0x9, frame.path("end_headers").asBoolean(true) ? 0x4 : 0, stream, block(frame));
            case "altsvc" -> {
                byte[] origin = frame.path("origin").asText("").getBytes(StandardCharsets.ISO_8859_1);
                byte[] value = frame.path("field_value").asText("").getBytes(StandardCharsets.ISO_8859_1);
                yield write(0xa, 0, stream, concat(u16(origin.length), origin, value));
            }
            case "raw" -> write(frame.path("type").asInt(), frame.path("flags").asInt(0), stream,
                    HEX.parseHex(frame.path("payload").asText("")));
            default -> throw new IllegalArgumentException("unknown frame " + type);
        };
    }

    private static byte[] headersFrame(JsonNode frame, int stream) {
        int flags = (frame.path("end_stream").asBoolean() ? 0x1 : 0)
                | (frame.path("end_headers").asBoolean(true) ? 0x4 : 0);
        byte[] body = block(frame);
        if (frame.has("priority")) {
            flags |= 0x20;
            body = concat(priorityFields(frame.get("priority")), body);
        }
        return padded(0x1, flags, stream, body, frame);
    }

    /** Adds the PADDED flag, the Pad Length octet and zero padding when the description has "pad". */
    private static byte[] padded(int type, int flags, int stream, byte[] body, JsonNode frame) {
        if (!frame.has("pad")) {
            return write(type, flags, stream, body);
        }
        int pad = frame.get("pad").asInt();
        // "pad_length" states the Pad Length octet when a script lies about it (RFC 9113 §6.1).
        int padLengthOctet = frame.path("pad_length").asInt(pad);
        return write(type, flags | 0x8, stream, concat(new byte[] {(byte) padLengthOctet}, body, new byte[pad]));
    }

    private static byte[] priorityFields(JsonNode priority) {
        long dependency = priority.path("depends_on").asLong(0);
        if (priority.path("exclusive").asBoolean()) {
            dependency |= 0x8000_0000L;
        }
        return concat(u32(dependency), new byte[] {(byte) (priority.path("weight").asInt(16) - 1)});
    }

    private static byte[] settings(JsonNode frame) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (JsonNode pair : frame.path("settings")) {
            body.writeBytes(u16(pair.get(0).asInt()));
            body.writeBytes(u32(pair.get(1).asLong()));
        }
        return write(0x4, frame.path("ack").asBoolean() ? 0x1 : 0, frame.path("stream").asInt(0), body.toByteArray());
    }

    /** A field block: "block" (hex) as given, or "headers" encoded as literals. */
    private static byte[] block(JsonNode frame) {
        if (frame.has("block")) {
            return HEX.parseHex(frame.get("block").asText());
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (JsonNode field : headers(frame.path("headers"))) {
            // RFC 7541 §6.2.2: literal header field without indexing, new name, no Huffman.
            block.write(0x00);
            string(field.get(0).asText(), block);
            string(field.get(1).asText(), block);
        }
        return block.toByteArray();
    }

    private static void string(String text, ByteArrayOutputStream out) {
        byte[] octets = text.getBytes(StandardCharsets.ISO_8859_1);
        // RFC 7541 §5.1: a 7-bit prefix integer, continued in 7-bit groups.
        int length = octets.length;
        if (length < 127) {
            out.write(length);
        } else {
            out.write(127);
            length -= 127;
            while (length >= 128) {
                out.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            out.write(length);
        }
        out.writeBytes(octets);
    }

    /**
     * A header list, spelled out: a name from {@link HeaderLists}, or a list whose elements are such names
     * or [name, value] pairs or [name, text, times] triples.
     */
    static ArrayNode headers(JsonNode headers) {
        if (headers.isMissingNode() || headers.isNull()) {
            return JSON.arrayNode();
        }
        if (headers.isTextual()) {
            return HeaderLists.named(headers.asText());
        }
        ArrayNode out = JSON.arrayNode();
        for (JsonNode field : headers) {
            if (field.isTextual()) {
                out.addAll(HeaderLists.named(field.asText()));
            } else if (field.size() == 3) {
                // [name, text, n]: the value is text repeated n times, for fields larger than a frame.
                out.addArray().add(field.get(0).asText()).add(field.get(1).asText().repeat(field.get(2).asInt()));
            } else if (field.size() != 2) {
                throw new IllegalArgumentException("a header field is [name, value] or [name, text, times], not "
                        + field);
            } else {
                out.add(field.deepCopy());
            }
        }
        return out;
    }

    /** A DATA payload: "data" (hex), "text" (ISO-8859-1) or "length" zero octets. */
    private static byte[] payload(JsonNode frame) {
        if (frame.has("text")) {
            return frame.get("text").asText().getBytes(StandardCharsets.ISO_8859_1);
        }
        if (frame.has("length")) {
            return new byte[frame.get("length").asInt()];
        }
        return HEX.parseHex(frame.path("data").asText(""));
    }

    private static byte[] write(int type, int flags, int stream, byte[] body) {
        byte[] frame = new byte[9 + body.length];
        frame[0] = (byte) (body.length >>> 16);
        frame[1] = (byte) (body.length >>> 8);
        frame[2] = (byte) body.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        frame[5] = (byte) (stream >>> 24);
        frame[6] = (byte) (stream >>> 16);
        frame[7] = (byte) (stream >>> 8);
        frame[8] = (byte) stream;
        System.arraycopy(body, 0, frame, 9, body.length);
        return frame;
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    private static byte[] u32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" (a string) is missing in " + node);
        }
        return value.asText();
    }

    /** Named header lists, so scripts need not spell out a whole request each time. */
    static final class HeaderLists {
        private static final Map<String, String[][]> NAMED = Map.of(
                "get", new String[][] {{":method", "GET"}, {":scheme", "https"}, {":authority", "example.com"},
                        {":path", "/"}},
                "post", new String[][] {{":method", "POST"}, {":scheme", "https"}, {":authority", "example.com"},
                        {":path", "/upload"}},
                "200", new String[][] {{":status", "200"}},
                "404", new String[][] {{":status", "404"}},
                "100", new String[][] {{":status", "100"}},
                "trailers", new String[][] {{"x-checksum", "abc"}});

        private HeaderLists() {
        }

        static ArrayNode named(String name) {
            String[][] fields = NAMED.get(name);
            if (fields == null) {
                throw new IllegalArgumentException("no header list named " + name + "; known: " + NAMED.keySet());
            }
            ArrayNode out = JSON.arrayNode();
            for (String[] field : fields) {
                out.addArray().add(field[0]).add(field[1]);
            }
            return out;
        }
    }
}
