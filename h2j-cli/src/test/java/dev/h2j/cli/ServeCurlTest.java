package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** curl against {@code h2j serve}: prior knowledge, TLS, and paths that try to leave the root. */
@Timeout(60)
class ServeCurlTest {
    @TempDir
    static Path dir;
    static Serving serving;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("page.html"), "<p>curl</p>");
        Files.writeString(dir.resolve("private.txt"), "secret");
        serving = Serving.start("--state-dir", dir.resolve("state").toString(), root.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        serving.close();
    }

    @BeforeEach
    void curl() {
        Peers.require(Peers.onPath("curl"), "curl");
    }

    static Peers.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        return Peers.run(command, 30);
    }

    @Test
    void priorKnowledge() throws Exception {
        Peers.Result result = curl("--http2-prior-knowledge", "-w", " %{http_version} %{http_code} %{content_type}",
                serving.http("/page.html").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("<p>curl</p> 2 200 text/html; charset=utf-8");
    }

    @Test
    void tlsReportsHttp2() throws Exception {
        Peers.Result result = curl("--http2", "-k", "-w", " %{http_version} %{http_code}",
                serving.https("/page.html").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("<p>curl</p> 2 200");
    }

    @Test
    void dotDotSegmentsNeverLeaveTheRoot() throws Exception {
        for (String path : List.of("/../private.txt", "/%2e%2e/private.txt", "/x/..%2f..%2fprivate.txt",
                "/..%5cprivate.txt")) {
            Peers.Result result = curl("--path-as-is", "--http2-prior-knowledge", "-o", "/dev/null", "-w",
                    "%{http_code}", serving.http("").toString() + path);
            assertThat(result.output()).as(path).isEqualTo("404");
        }
    }

    @Test
    void brokenPercentEncodingGets400() throws Exception {
        for (String path : List.of("/bad%zz", "/bad%C3", "/bad%")) {
            Peers.Result result = curl("--path-as-is", "--http2-prior-knowledge", "-o", "/dev/null", "-w",
                    "%{http_code}", serving.http("").toString() + path);
            assertThat(result.output()).as(path).isEqualTo("400");
        }
    }
}
