package dev.h2j.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The public hpack-test-case corpus: every story encoded by other implementations decodes to the
 * original headers, and every original story round-trips through our encoder and decoder.
 */
class CorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Paths.get(System.getProperty("h2j.shared", "../../shared"), "hpack-test-case");
    private static final Path RAW_DATA = CORPUS.resolve("raw-data");

    /** One header block of a story: the table size acknowledged before it (or -1), the wire, the headers. */
    private record Case(int headerTableSize, byte[] wire, List<HeaderField> headers) {
    }

    @TestFactory
    Stream<DynamicNode> everyEncodedStoryDecodesToItsRawHeaders() throws IOException {
        List<DynamicNode> folders = new ArrayList<>();
        for (Path folder : list(CORPUS)) {
            if (!Files.isDirectory(folder) || folder.equals(RAW_DATA)) {
                continue;
            }
            List<DynamicNode> stories = new ArrayList<>();
            for (Path story : list(folder)) {
                stories.add(DynamicTest.dynamicTest(story.getFileName().toString(),
                        () -> assertStoryDecodes(story, RAW_DATA.resolve(story.getFileName()))));
            }
            folders.add(DynamicContainer.dynamicContainer(folder.getFileName().toString(), stories));
        }
        assertThat(folders).hasSizeGreaterThanOrEqualTo(5);
        return folders.stream();
    }

    private static void assertStoryDecodes(Path encoded, Path raw) {
        List<Case> cases = read(encoded);
        List<Case> expected = read(raw);
        assertThat(cases).hasSameSizeAs(expected);
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (c.headerTableSize() >= 0) {
                decoder.setMaxTableSize(c.headerTableSize());
            }
            assertThat(decoder.decode(ByteBuffer.wrap(c.wire())))
                    .as("case %d", i)
                    .containsExactlyElementsOf(expected.get(i).headers());
        }
    }

    @TestFactory
    Stream<DynamicNode> everyRawStoryRoundTripsThroughOurEncoder() throws IOException {
        List<DynamicNode> stories = new ArrayList<>();
        for (Path story : list(RAW_DATA)) {
            String name = story.getFileName().toString();
            stories.add(DynamicContainer.dynamicContainer(name, Stream.of(
                    DynamicTest.dynamicTest("table 4096", () -> assertRoundTrip(story, new int[] {4096},
                            HpackEncoder.builder().build())),
                    DynamicTest.dynamicTest("table 0", () -> assertRoundTrip(story, new int[] {0},
                            HpackEncoder.builder().build())),
                    DynamicTest.dynamicTest("table 4096, 256, 0, 1024 cycling", () -> assertRoundTrip(story,
                            new int[] {4096, 256, 0, 1024}, HpackEncoder.builder().build())),
                    DynamicTest.dynamicTest("always index, always Huffman", () -> assertRoundTrip(story,
                            new int[] {4096}, HpackEncoder.builder()
                                    .indexing(IndexingPolicy.ALWAYS).huffman(HuffmanPolicy.ALWAYS).build())),
                    DynamicTest.dynamicTest("never index, no Huffman, cap 512", () -> assertRoundTrip(story,
                            new int[] {4096}, HpackEncoder.builder().maxTableSize(512)
                                    .indexing(IndexingPolicy.NEVER).huffman(HuffmanPolicy.NEVER).build())))));
        }
        assertThat(stories).hasSizeGreaterThanOrEqualTo(30);
        return stories.stream();
    }

    private static void assertRoundTrip(Path story, int[] tableSizes, HpackEncoder encoder) {
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        List<Case> cases = read(story);
        for (int i = 0; i < cases.size(); i++) {
            int size = tableSizes[i % tableSizes.length];
            // Our SETTINGS_HEADER_TABLE_SIZE is acknowledged, then the peer's encoder applies it.
            decoder.setMaxTableSize(size);
            encoder.setMaxTableSize(size);
            List<HeaderField> headers = cases.get(i).headers();
            byte[] block = encoder.encode(headers);
            assertThat(decoder.decode(ByteBuffer.wrap(block))).as("case %d", i).containsExactlyElementsOf(headers);
            assertThat(Hpack.entries(decoder.dynamicTable())).as("case %d", i)
                    .containsExactlyElementsOf(Hpack.entries(encoder.dynamicTable()));
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().filter(p -> Files.isDirectory(p) || p.toString().endsWith(".json")).toList();
        }
    }

    private static List<Case> read(Path story) {
        JsonNode root;
        try {
            root = JSON.readTree(story.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            List<HeaderField> headers = new ArrayList<>();
            for (JsonNode header : c.get("headers")) {
                Iterator<Map.Entry<String, JsonNode>> it = header.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    headers.add(HeaderField.of(e.getKey().getBytes(StandardCharsets.UTF_8),
                            e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
                }
            }
            int tableSize = c.has("header_table_size") ? c.get("header_table_size").asInt() : -1;
            byte[] wire = c.has("wire") ? Hpack.hex(c.get("wire").asText()) : new byte[0];
            cases.add(new Case(tableSize, wire, headers));
        }
        return cases;
    }
}
