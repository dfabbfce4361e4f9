package dev.h2j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.HpackException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The two story transforms of {@code h2j hpack}. JSON strings become header octets as UTF-8 and
 * decoded octets become JSON strings as UTF-8, as the corpus does.
 */
final class Stories {
    /** RFC 9113 §6.5.2: the initial SETTINGS_HEADER_TABLE_SIZE. */
    static final int DEFAULT_TABLE_SIZE = 4096;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private Stories() {}

    /** Decodes each case's {@code wire} into its {@code headers}, sharing one decoder in order. */
    static ObjectNode inflate(ObjectNode story, int maxHeaderListSize) throws StoryException {
        if (maxHeaderListSize < 0) {
            throw new StoryException("--max-header-list-size must not be negative: " + maxHeaderListSize);
        }
        ObjectNode out = story.deepCopy();
        HpackDecoder decoder = new HpackDecoder(DEFAULT_TABLE_SIZE, maxHeaderListSize);
        int index = 0;
        for (JsonNode node : cases(out)) {
            ObjectNode c = caseObject(node, index);
            String label = label(c, index);
            Integer tableSize = tableSize(c, label);
            if (tableSize != null) {
                decoder.setMaxTableSize(tableSize);
            }
            JsonNode wire = c.get("wire");
            if (wire == null || !wire.isTextual()) {
                throw new StoryException(label + ": no 'wire' string");
            }
            byte[] block;
            try {
                block = HEX.parseHex(wire.asText());
            } catch (IllegalArgumentException e) {
                throw new StoryException(label + ": 'wire' is not hexadecimal: " + e.getMessage());
            }
            List<HeaderField> fields;
            try {
                fields = decoder.decode(ByteBuffer.wrap(block));
            } catch (HpackException e) {
                throw new StoryException(label + ": " + e.getMessage());
            }
            ArrayNode headers = NODES.arrayNode(fields.size());
            for (HeaderField field : fields) {
                headers.addObject().put(utf8(field.nameBytes()), utf8(field.valueBytes()));
            }
            c.set("headers", headers);
            index++;
        }
        return out;
    }

    /**
     * Encodes each case's {@code headers} into its {@code wire}, sharing one encoder in order; every
     * case records the {@code header_table_size} in force.
     */
    static ObjectNode deflate(ObjectNode story, int tableSize) throws StoryException {
        if (tableSize < 0) {
            throw new StoryException("--table-size must not be negative: " + tableSize);
        }
        List<ObjectNode> in = new ArrayList<>();
        int largest = tableSize;
        int index = 0;
        for (JsonNode node : cases(story)) {
            ObjectNode c = caseObject(node, index);
            Integer own = tableSize(c, label(c, index));
            if (own != null) {
                largest = Math.max(largest, own);
            }
            in.add(c);
            index++;
        }
        HpackEncoder encoder = HpackEncoder.builder().maxTableSize(largest).build();
        encoder.setMaxTableSize(tableSize);
        int current = tableSize;
        ArrayNode cases = NODES.arrayNode(in.size());
        for (int i = 0; i < in.size(); i++) {
            ObjectNode c = in.get(i);
            String label = label(c, i);
            Integer own = tableSize(c, label);
            if (own != null && own != current) {
                current = own;
                encoder.setMaxTableSize(current);
            }
            JsonNode headers = c.get("headers");
            byte[] block = encoder.encode(fields(headers, label));
            ObjectNode result = cases.addObject();
            result.put("seqno", c.has("seqno") ? c.get("seqno").asInt(i) : i);
            result.put("header_table_size", current);
            result.put("wire", HEX.formatHex(block));
            result.set("headers", headers);
        }
        ObjectNode out = NODES.objectNode();
        out.put("description", "Encoded by h2j hpack deflate, table size " + tableSize + ".");
        out.set("cases", cases);
        return out;
    }

    private static ArrayNode cases(ObjectNode story) throws StoryException {
        JsonNode cases = story.get("cases");
        if (cases == null || !cases.isArray()) {
            throw new StoryException("the story has no 'cases' array");
        }
        return (ArrayNode) cases;
    }

    private static ObjectNode caseObject(JsonNode node, int index) throws StoryException {
        if (!node.isObject()) {
            throw new StoryException("case " + index + ": not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String label(ObjectNode c, int index) {
        JsonNode seqno = c.get("seqno");
        return seqno != null && seqno.isIntegralNumber() && seqno.asInt() != index
                ? "case " + index + " (seqno " + seqno.asInt() + ")"
                : "case " + index;
    }

    private static Integer tableSize(ObjectNode c, String label) throws StoryException {
        JsonNode size = c.get("header_table_size");
        if (size == null) {
            return null;
        }
        if (!size.canConvertToInt() || !size.isIntegralNumber() || size.asInt() < 0) {
            throw new StoryException(label + ": 'header_table_size' is not a non-negative integer: " + size);
        }
        return size.asInt();
    }

    private static List<HeaderField> fields(JsonNode headers, String label) throws StoryException {
        if (headers == null || !headers.isArray()) {
            throw new StoryException(label + ": no 'headers' array");
        }
        List<HeaderField> fields = new ArrayList<>(headers.size());
        for (JsonNode header : headers) {
            if (!header.isObject()) {
                throw new StoryException(label + ": a header is not a JSON object: " + header);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw new StoryException(
                            label + ": the value of header '" + entry.getKey() + "' is not a string");
                }
                fields.add(HeaderField.of(
                        entry.getKey().getBytes(StandardCharsets.UTF_8),
                        entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return fields;
    }

    private static String utf8(byte[] octets) {
        return new String(octets, StandardCharsets.UTF_8);
    }
}
