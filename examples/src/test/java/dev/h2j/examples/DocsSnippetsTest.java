package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample in docs/ is compiled and run by the build: each {@code ```java} block is announced by
 * {@code <!-- snippet: NAME -->} and must be, character for character, the region
 * {@code // docs:NAME:start} .. {@code // docs:NAME:end} of this module's sources (the examples, or the
 * guide's snippet tests), without the region's common indentation. Every region is shown somewhere.
 */
class DocsSnippetsTest {

    private static final Pattern REGION = Pattern.compile(
            "^[ \\t]*// docs:([a-z0-9-]+):start\\n(.*?)\\n[ \\t]*// docs:\\1:end[ \\t]*$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern FENCE = Pattern.compile("^( *)```java[ \\t]*$");
    private static final Pattern MARKER = Pattern.compile("^ *<!-- snippet: ([a-z0-9-]+) -->[ \\t]*$");

    /** A Java block of a Markdown file, and the region it claims to show. */
    private record Sample(Path file, int line, String region, String code) {
    }

    @Test
    void everyJavaSampleInDocsIsARegionOfTheSourcesAsItIs() throws IOException {
        Map<String, String> regions = regions();
        List<String> problems = new ArrayList<>();
        for (Sample sample : samples(problems)) {
            String where = Docs.name(sample.file()) + ":" + sample.line();
            String region = regions.get(sample.region());
            if (region == null) {
                problems.add(where + " shows snippet '" + sample.region() + "', which no // docs:"
                        + sample.region() + ":start region of examples/src defines");
            } else if (!region.equals(sample.code())) {
                problems.add(where + " shows snippet '" + sample.region() + "' other than the code; it is now:\n"
                        + region);
            }
        }
        assertThat(problems).as("docs samples out of step with the code (examples/sync-docs rewrites them)")
                .isEmpty();
    }

    @Test
    void everyRegionOfTheSourcesIsShownInDocs() throws IOException {
        TreeSet<String> unused = new TreeSet<>(regions().keySet());
        for (Sample sample : samples(new ArrayList<>())) {
            unused.remove(sample.region());
        }
        assertThat(unused).as("// docs: regions no Markdown file under docs/ shows").isEmpty();
    }

    /** The regions of this module's sources by name, each without its common indentation. */
    static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        Path module = Docs.ROOT.resolve("examples/src");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(module)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path source : sources) {
            Matcher region = REGION.matcher(Files.readString(source));
            while (region.find()) {
                String previous = regions.put(region.group(1), dedent(region.group(2)));
                assertThat(previous).as("region %s is defined twice (again in %s)", region.group(1), source).isNull();
            }
        }
        return regions;
    }

    /** Every Java block of docs/, with the region its marker names; blocks without a marker are problems. */
    private static List<Sample> samples(List<String> problems) {
        List<Sample> samples = new ArrayList<>();
        for (Path file : Docs.docs()) {
            List<String> lines = Docs.read(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Matcher fence = FENCE.matcher(lines.get(i));
                if (!fence.matches()) {
                    continue;
                }
                String indent = fence.group(1);
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).equals(indent + "```")) {
                    end++;
                }
                List<String> code = new ArrayList<>();
                for (String line : lines.subList(i + 1, Math.min(end, lines.size()))) {
                    code.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
                }
                Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
                if (marker == null || !marker.matches()) {
                    problems.add(Docs.name(file) + ":" + (i + 1) + ": a ```java block without a <!-- snippet: NAME -->"
                            + " line before it; every Java sample must be a region of examples/src");
                } else {
                    samples.add(new Sample(file, i + 1, marker.group(1), String.join("\n", code)));
                }
                i = end;
            }
        }
        return samples;
    }

    private static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : line.substring(indent));
        }
        return String.join("\n", out);
    }
}
