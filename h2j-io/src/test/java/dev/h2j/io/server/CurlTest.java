package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** curl (nghttp2 inside) against the server: prior knowledge, TLS with ALPN, the h2c upgrade, HTTP/1.1. */
@Timeout(60)
class CurlTest {
    static H2Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.builder(StreamsTest::route).cleartext(Servers.loopback())
                .tls(Servers.loopback(), TestTls.get().server).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void curl() {
        Peers.require("curl");
    }

    static Peers.Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        return Peers.run(command, 30);
    }

    static String http(String path) {
        return "http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + path;
    }

    static String https(String path) {
        return "https://127.0.0.1:" + server.tlsAddresses().get(0).getPort() + path;
    }

    @Test
    void priorKnowledge() throws Exception {
        Peers.Result result = curl("--http2-prior-knowledge", "-w", " %{http_version} %{http_code}", http("/pk"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("hello from /pk 2 200");
    }

    @Test
    void tlsWithAlpnH2() throws Exception {
        Peers.Result result = curl("--http2", "-k", "-w", " %{http_version} %{http_code}", https("/tls"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("hello from /tls 2 200");
    }

    @Test
    void h2cUpgrade() throws Exception {
        Peers.Result result = curl("--http2", "-w", " %{http_version} %{http_code}", http("/upgraded"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("hello from /upgraded 2 200");
    }

    @Test
    void http11Gets505() throws Exception {
        Peers.Result result = curl("--http1.1", "-w", " %{http_version} %{http_code}", http("/old"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("This server speaks HTTP/2 only").endsWith(" 1.1 505");
    }

    @Test
    void uploadEchoedOverTls() throws Exception {
        byte[] content = new byte[2_000_000];
        new Random(3).nextBytes(content);
        Path upload = Files.write(dir.resolve("upload.bin"), content);
        Path echoed = dir.resolve("echoed.bin");
        Peers.Result result = curl("--http2", "-k", "--data-binary", "@" + upload, "-o", echoed.toString(),
                "-w", "%{http_version} %{http_code}", https("/echo"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("2 200");
        assertThat(Files.readAllBytes(echoed)).isEqualTo(content);
    }
}
