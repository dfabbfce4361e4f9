package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Layers depend one way (STYLE.md §2): the codecs ({@code hpack}, {@code frame}, {@code priority})
 * import nothing of h2j but themselves and {@code collect} (the collections below every layer), nothing
 * imports {@code internal} but the API package, and
 * the core touches no clock, thread, socket, reflection or system property.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** Which h2j packages each package may import (java.* is always allowed). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "dev.h2j.collect", Set.of(),
            "dev.h2j.hpack", Set.of(),
            "dev.h2j.frame", Set.of(),
            "dev.h2j.priority", Set.of("dev.h2j.collect"),
            "dev.h2j.event", Set.of("dev.h2j", "dev.h2j.hpack", "dev.h2j.frame", "dev.h2j.priority"),
            "dev.h2j", Set.of("dev.h2j.event", "dev.h2j.hpack", "dev.h2j.frame", "dev.h2j.priority",
                    "dev.h2j.internal"),
            "dev.h2j.internal", Set.of("dev.h2j", "dev.h2j.event", "dev.h2j.hpack", "dev.h2j.frame",
                    "dev.h2j.priority", "dev.h2j.collect"));

    /** What a sans-I/O core never reaches for. */
    private static final List<String> FORBIDDEN = List.of(
            "System.currentTimeMillis", "System.nanoTime", "Instant.now", "Clock.system",
            "new Thread", "ExecutorService", "java.net.", "java.lang.reflect", "ServiceLoader",
            "System.getProperty", "System.getenv", "System.out", "System.err");

    @Test
    void everyPackageImportsOnlyTheLayersBelowIt() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String text = read(file);
            Matcher pkg = PACKAGE.matcher(text);
            if (!pkg.find()) {
                continue; // module-info.java
            }
            String own = pkg.group(1);
            assertThat(ALLOWED).as("layer of package %s is declared in this test", own).containsKey(own);
            Matcher imports = IMPORT.matcher(text);
            while (imports.find()) {
                String imported = imports.group(1);
                if (imported.startsWith("java.")) {
                    continue;
                }
                String importedPackage = packageOf(imported);
                if (!importedPackage.equals(own) && !ALLOWED.get(own).contains(importedPackage)) {
                    violations.add(file + " imports " + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theCoreDoesNoIoAndReadsNoClock() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String text = read(file);
            for (String forbidden : FORBIDDEN) {
                if (text.contains(forbidden)) {
                    violations.add(file + " uses " + forbidden);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void moduleExportsNeitherInternalNorCollectAndRequiresNothing() {
        String module = read(MAIN.resolve("module-info.java"));
        assertThat(module).doesNotContain("dev.h2j.internal;").doesNotContain("dev.h2j.collect;")
                .doesNotContain("requires").doesNotContain("opens");
    }

    private static String packageOf(String imported) {
        // An import names a type (or a static member): keep the lowercase segments.
        StringBuilder pkg = new StringBuilder();
        for (String segment : imported.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            pkg.append(pkg.length() == 0 ? "" : ".").append(segment);
        }
        return pkg.toString();
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
