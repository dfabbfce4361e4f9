package dev.h2j.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed corpora: every {@code seed-*} file is exactly what {@link SeedCorpus} builds, no stale
 * seed lingers, and all inputs together stay under 1 MiB. With {@code -Dh2j.fuzz.writeSeeds=true} the
 * seeds are rewritten first (docs/FUZZING.md).
 */
class SeedCorpusTest {
    private static final Path RESOURCES = Path.of(System.getProperty("h2j.fuzz.resources", "src/test/resources"));
    private static final Path HPACK_TEST_CASE = Path.of(System.getProperty("h2j.shared", "../../shared"))
            .resolve("hpack-test-case");
    private static final String REGENERATE = "the committed seeds are stale: rewrite them with"
            + " mvn -B -pl h2j-core,h2j-fuzz test -Dtest=SeedCorpusTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dh2j.fuzz.writeSeeds=true, then commit h2j-fuzz/src/test/resources";

    private static List<SeedCorpus.Seed> seeds;

    @BeforeAll
    static void build() throws IOException {
        seeds = SeedCorpus.all(HPACK_TEST_CASE);
        if (Boolean.getBoolean("h2j.fuzz.writeSeeds")) {
            try (Stream<Path> files = inputs()) {
                for (Path stale : files.filter(SeedCorpusTest::isSeed).toList()) {
                    Files.delete(stale);
                }
            }
            for (SeedCorpus.Seed seed : seeds) {
                Path file = seed.path(RESOURCES);
                Files.createDirectories(file.getParent());
                Files.write(file, seed.octets());
            }
        }
    }

    @Test
    void everySeedIsCommittedAsBuilt() throws IOException {
        for (SeedCorpus.Seed seed : seeds) {
            Path file = seed.path(RESOURCES);
            assertThat(file).as(REGENERATE).exists();
            assertThat(Files.readAllBytes(file)).as(REGENERATE + " (%s)", file).isEqualTo(seed.octets());
        }
    }

    @Test
    void noSeedIsLeftOver() throws IOException {
        Set<Path> built = seeds.stream().map(s -> s.path(RESOURCES)).collect(Collectors.toSet());
        try (Stream<Path> files = inputs()) {
            assertThat(files.filter(SeedCorpusTest::isSeed)).as(REGENERATE).allMatch(built::contains);
        }
    }

    @Test
    void corporaStaySmall() throws IOException {
        long total;
        try (Stream<Path> files = inputs()) {
            total = files.mapToLong(SeedCorpusTest::size).sum();
        }
        assertThat(total).as("octets committed under %s", RESOURCES).isLessThan(1 << 20);
    }

    private static Stream<Path> inputs() throws IOException {
        return Files.walk(RESOURCES.resolve("dev/h2j/fuzz")).filter(Files::isRegularFile);
    }

    private static boolean isSeed(Path file) {
        return file.getFileName().toString().startsWith("seed-");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
