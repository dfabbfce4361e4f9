package dev.h2j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The public hpack-test-case corpus in {@code ../shared}, and JSON helpers over its stories. */
final class Corpus {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT =
            Path.of(System.getProperty("h2j.shared", "../../shared")).resolve("hpack-test-case");

    private Corpus() {}

    static Path story(String folder, String name) {
        return ROOT.resolve(folder).resolve(name);
    }

    static List<Path> stories(String folder) {
        try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code headers} arrays of a story's cases, in order. */
    static List<JsonNode> headers(JsonNode story) {
        List<JsonNode> headers = new ArrayList<>();
        story.get("cases").forEach(c -> headers.add(c.get("headers")));
        return headers;
    }
}
