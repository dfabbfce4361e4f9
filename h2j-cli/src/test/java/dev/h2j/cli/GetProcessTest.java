package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code h2j get} as its own process, against {@code h2j serve}: a reader that leaves the pipe early. */
@Timeout(60)
class GetProcessTest {
    @TempDir
    Path dir;

    @Test
    void aPipeClosedEarlyStopsGetWithStatusOneAndCancelsTheStream() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        // Far more than the pipe's buffer and the stream window: get is still writing when the pipe closes.
        byte[] content = new byte[4_000_000];
        new Random(12).nextBytes(content);
        Files.write(root.resolve("large.bin"), content);
        try (Serving serving = Serving.start("--state-dir", dir.resolve("state").toString(), root.toString())) {
            Path errors = dir.resolve("get.err");
            Process get = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "get", "--prior-knowledge",
                    serving.http("/large.bin").toString(), serving.http("/large.bin?never").toString())
                    .redirectError(errors.toFile()).start();
            try {
                // Like | head -c 10: read a little, then go away.
                InputStream stdout = get.getInputStream();
                assertThat(stdout.readNBytes(10)).isEqualTo(Arrays.copyOf(content, 10));
                stdout.close();

                assertThat(get.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(get.exitValue()).isEqualTo(1);
                assertThat(Files.readString(errors, StandardCharsets.UTF_8)).startsWith("h2j get: "
                        + serving.http("/large.bin") + ": cannot write to standard output: ");
                // RFC 9113 §8.7: the stream is cancelled; the server sent only part of the file.
                String line = serving.awaitLog(" GET /large.bin ");
                assertThat(line).endsWith(" reset CANCEL");
                long sent = Long.parseLong(line.replaceAll(".* 200 (\\d+) B .*", "$1"));
                assertThat(sent).isLessThan(content.length);
            } finally {
                get.destroyForcibly();
            }
        }
    }
}
