package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of the core, h2j-io and the examples has a package-info.java with a doc comment (STYLE.md):
 * the javadoc gate checks what is written, not that a package comment exists.
 */
class PackageDocsTest {

    @Test
    void everyPackageHasADocumentedPackageInfo() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (String sources : List.of("h2j-core/src/main/java", "h2j-io/src/main/java", "examples/src/main/java")) {
            List<Path> packages;
            try (Stream<Path> dirs = Files.walk(Docs.ROOT.resolve(sources))) {
                packages = dirs.filter(Files::isDirectory).filter(PackageDocsTest::holdsClasses).sorted().toList();
            }
            assertThat(packages).as("packages under %s", sources).isNotEmpty();
            for (Path dir : packages) {
                Path info = dir.resolve("package-info.java");
                if (!Files.exists(info) || !Files.readString(info).contains("/**")) {
                    undocumented.add(Docs.name(dir));
                }
            }
        }
        assertThat(undocumented).as("packages without a documented package-info.java").isEmpty();
    }

    private static boolean holdsClasses(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java")
                    && !f.endsWith("package-info.java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
