package dev.h2j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The HPACK workload: every header list of hpack-test-case's {@code raw-data} stories, made HTTP/2-legal
 * the same way for every codec. A story is a sequence of lists sharing one compression context.
 *
 * <p>Connection-specific fields are dropped (RFC 9113 §8.2.2: connection, keep-alive,
 * proxy-connection, transfer-encoding, upgrade; te unless it is "trailers") and pseudo-header fields
 * come first (RFC 9113 §8.3), in the order :method, :scheme, :authority, :path, :status, which is also
 * the order Jetty's decoder rebuilds them in. Regular fields keep their order.
 *
 * <p>The corpus folder is the system property {@code h2j.shared} (the folder beside the checkout that
 * holds {@code hpack-test-case}), {@code ../shared} by default.
 */
public final class Workload {

    /** One field of a header list: lowercase ASCII name and value, as in the corpus. */
    public record Field(String name, String value) {

        /** Returns the field's name and value octets, as HPACK counts them without the 32 of §4.1. */
        int octets() {
            return name.length() + value.length();
        }
    }

    /** One story: lists encoded in order through one encoder, decoded in order through one decoder. */
    public record Story(String name, List<List<Field>> lists) {
    }

    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");
    private static final List<String> PSEUDO_ORDER = List.of(":method", ":scheme", ":authority", ":path", ":status");

    private final List<Story> stories;

    private Workload(List<Story> stories) {
        this.stories = List.copyOf(stories);
    }

    /** Returns the stories, in file name order. */
    public List<Story> stories() {
        return stories;
    }

    /** Returns how many header lists the stories hold together. */
    public int lists() {
        return stories.stream().mapToInt(s -> s.lists().size()).sum();
    }

    /** Returns the name and value octets of every list together. */
    public long octets() {
        long total = 0;
        for (Story story : stories) {
            for (List<Field> list : story.lists()) {
                for (Field field : list) {
                    total += field.octets();
                }
            }
        }
        return total;
    }

    /** Returns the folder that holds {@code hpack-test-case}. */
    static Path sharedFolder() {
        return Paths.get(System.getProperty("h2j.shared", "../shared"));
    }

    /** Loads {@code hpack-test-case/raw-data} from {@link #sharedFolder()}. */
    public static Workload rawData() {
        return load(sharedFolder().resolve("hpack-test-case").resolve("raw-data"));
    }

    static Workload load(Path folder) {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> paths = files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
            if (paths.isEmpty()) {
                throw new IllegalStateException("no stories in " + folder.toAbsolutePath()
                        + " (set -Dh2j.shared to the folder holding hpack-test-case)");
            }
            List<Story> stories = new ArrayList<>();
            for (Path path : paths) {
                List<List<Field>> lists = new ArrayList<>();
                for (JsonNode c : json.readTree(path.toFile()).get("cases")) {
                    List<Field> raw = new ArrayList<>();
                    for (JsonNode h : c.get("headers")) {
                        Iterator<Map.Entry<String, JsonNode>> it = h.fields();
                        Map.Entry<String, JsonNode> e = it.next();
                        raw.add(new Field(e.getKey(), e.getValue().asText()));
                    }
                    lists.add(legal(raw));
                }
                stories.add(new Story(path.getFileName().toString(), lists));
            }
            return new Workload(stories);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns {@code raw} made HTTP/2-legal: see the class comment. */
    static List<Field> legal(List<Field> raw) {
        List<Field> out = new ArrayList<>(raw.size());
        for (String pseudo : PSEUDO_ORDER) {
            for (Field f : raw) {
                if (f.name().equals(pseudo)) {
                    out.add(f);
                }
            }
        }
        for (Field f : raw) {
            if (f.name().startsWith(":")) {
                if (!PSEUDO_ORDER.contains(f.name())) {
                    throw new IllegalStateException("unexpected pseudo-header " + f.name());
                }
                continue;
            }
            if (CONNECTION_SPECIFIC.contains(f.name()) || f.name().equals("te") && !f.value().equals("trailers")) {
                continue;
            }
            if (!StandardCharsets.US_ASCII.newEncoder().canEncode(f.name() + f.value())) {
                throw new IllegalStateException("non-ASCII field " + f);
            }
            out.add(f);
        }
        return List.copyOf(out);
    }
}
