package dev.h2j.hpack;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: hex vectors, header lists and table dumps. */
final class Hpack {

    private Hpack() {
    }

    /** Parses hex, ignoring whitespace. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Builds a header list from alternating names and values. */
    static List<HeaderField> fields(String... namesAndValues) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(HeaderField.of(namesAndValues[i], namesAndValues[i + 1]));
        }
        return fields;
    }

    /** Renders a dynamic table newest first as {@code "name: value"} lines. */
    static List<String> entries(DynamicTable table) {
        List<String> entries = new ArrayList<>();
        for (int i = 1; i <= table.length(); i++) {
            entries.add(table.get(i).toString());
        }
        return entries;
    }

    static List<HeaderField> decode(HpackDecoder decoder, byte[] block) {
        return decoder.decode(ByteBuffer.wrap(block));
    }
}
