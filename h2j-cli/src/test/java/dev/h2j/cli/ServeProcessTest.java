package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code h2j serve} as its own process: SIGTERM (as Ctrl-C) lets a download in flight finish, then exits. */
@Timeout(60)
class ServeProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDrainsTheDownloadInFlight() throws Exception {
        Peers.require(Peers.onPath("curl"), "curl");
        Path root = Files.createDirectories(dir.resolve("www"));
        // More than curl's stream window and loopback's socket buffers (32 MiB and 4 MiB at most) can take: the
        // server is still sending when it is told to stop, whatever the machine's load.
        byte[] content = new byte[48_000_000];
        new Random(11).nextBytes(content);
        Files.write(root.resolve("large.bin"), content);
        // Output goes to a file: Process.destroy() closes the pipes it would otherwise come through.
        Path log = dir.resolve("serve.log");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0",
                "--h2c-port", "0", "--state-dir", dir.resolve("state").toString(), "--shutdown-timeout", "30",
                root.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = -1;
            while (port < 0) {
                assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
                Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(Files.readString(log));
                port = m.find() ? Integer.parseInt(m.group(1)) : -1;
                Thread.sleep(20);
            }
            Path download = dir.resolve("download.bin");
            // About three seconds at 16 MB/s: the server is told to stop while the stream is in flight.
            Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "30", "--http2-prior-knowledge",
                    "--limit-rate", "16M", "-o", download.toString(), "-w", "%{http_code}",
                    "http://127.0.0.1:" + port + "/large.bin").redirectErrorStream(true).start();
            while (!Files.exists(download) || Files.size(download) == 0) {
                assertThat(curl.isAlive()).isTrue();
                Thread.sleep(10);
            }
            serve.destroy();
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("200");
            assertThat(Files.readAllBytes(download)).isEqualTo(content);
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log).strip();
            assertThat(output).contains("h2j serve: stopping").endsWith("h2j serve: stopped");
            // The download's access-log line comes after the stop began: it finished while draining.
            assertThat(output.indexOf(" GET /large.bin 200 48000000 B ")).isGreaterThan(output.indexOf("stopping"));
        } finally {
            serve.destroyForcibly();
        }
    }
}
