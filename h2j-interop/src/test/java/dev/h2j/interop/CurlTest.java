package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl as the client of h2j's server, two rows: {@link Peer#CURL_H2C} (cleartext, prior knowledge) and
 * {@link Peer#CURL_TLS} (TLS, h2 by ALPN, the test certificate trusted with {@code --cacert}). Every
 * transfer must report {@code %{http_version}} 2.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CurlTest {
    /** A line of {@link #PER_TRANSFER}: the URL, the HTTP version, the status, curl's exit code. */
    private static final Pattern TRANSFER = Pattern.compile("(\\S+) (\\S+) (\\d{3}) (\\d+)");
    private static final String PER_TRANSFER = "%{url_effective} %{http_version} %{http_code} %{exitcode}\\n";

    private static InteropServer server;

    @TempDir
    static Path work;

    /** How curl reaches the server. */
    private enum Transport {
        H2C("--http2-prior-knowledge"),
        TLS("--http2", "--cacert");

        private final List<String> options;

        Transport(String... options) {
            this.options = List.of(options);
        }

        List<String> options() {
            List<String> all = new ArrayList<>(options);
            if (this == TLS) {
                all.add(server.certificatePem().toString());
            }
            return all;
        }

        URI origin(InteropServer serving) {
            return this == TLS ? serving.tlsUri() : serving.cleartextUri();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Peers.require("curl");
        server = InteropServer.start();
        String version = Tool.run(List.of("curl", "--version"), 10).out().lines().findFirst().orElse("");
        // "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 ... nghttp2/1.52.0 ...": curl's
        // version and the nghttp2 it speaks HTTP/2 with.
        String nghttp2 = version.replaceAll(".*(nghttp2/\\S+).*", "$1");
        String curl = version.split(" ")[0] + " " + version.split(" ")[1] + " (" + nghttp2 + ")";
        Matrix.version(Peer.CURL_H2C, curl);
        Matrix.version(Peer.CURL_TLS, curl);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Cell(peer = Peer.CURL_H2C, scenario = Scenario.SMALL_GET)
    void smallGetH2c() throws Exception {
        smallGet(Transport.H2C);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.SMALL_GET)
    void smallGetTls() throws Exception {
        smallGet(Transport.TLS);
    }

    @Test
    @Cell(peer = Peer.CURL_H2C, scenario = Scenario.LARGE_GET)
    void largeGetH2c() throws Exception {
        largeGet(Transport.H2C);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.LARGE_GET)
    void largeGetTls() throws Exception {
        largeGet(Transport.TLS);
    }

    @Test
    @Cell(peer = Peer.CURL_H2C, scenario = Scenario.POST_ECHO)
    void postEchoH2c() throws Exception {
        postEcho(Transport.H2C);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.POST_ECHO)
    void postEchoTls() throws Exception {
        postEcho(Transport.TLS);
    }

    @Test
    @Cell(peer = Peer.CURL_H2C, scenario = Scenario.TRAILERS)
    void trailersH2c() throws Exception {
        trailers(Transport.H2C);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.TRAILERS)
    void trailersTls() throws Exception {
        trailers(Transport.TLS);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreamsTls() throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--parallel", "--parallel-max",
                Integer.toString(ClientScenarios.CONCURRENT)));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < ClientScenarios.CONCURRENT; i++) {
            String url = url(Transport.TLS, "/small.txt?curl=" + i);
            urls.add(url);
            arguments.addAll(List.of("-o", work.resolve("concurrent-" + i).toString(), url));
        }
        Tool.Result run = curl(Transport.TLS, arguments);
        assertThat(transfers(run)).as(run.describe()).containsExactlyInAnyOrderElementsOf(
                urls.stream().map(url -> url + " 2 200 0").toList());
        for (int i = 0; i < ClientScenarios.CONCURRENT; i++) {
            assertThat(work.resolve("concurrent-" + i)).hasContent(Site.SMALL);
        }
        List<InteropServer.Seen> seen = server.requests().stream()
                .filter(request -> request.path().startsWith("/small.txt?curl=")).toList();
        assertThat(seen).hasSize(ClientScenarios.CONCURRENT);
        // RFC 9113 §5.1.1: one connection, so 100 distinct stream ids from one client port.
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
        assertThat(seen.stream().map(InteropServer.Seen::streamId).distinct()).hasSize(ClientScenarios.CONCURRENT);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.RESET_MID_BODY)
    void resetMidBodyTls() throws Exception {
        // curl aborts a transfer it cannot write: /dev/full refuses the first octets of /drip, so curl resets
        // that stream mid-body while the others on the connection go on; /delay keeps the connection open
        // until after the reset.
        String drip = url(Transport.TLS, "/drip?curl=reset");
        List<String> arguments = new ArrayList<>(List.of("--parallel", "-o", "/dev/full", drip));
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(url(Transport.TLS, "/small.txt?curl-other=" + i));
            arguments.addAll(List.of("-o", work.resolve("other-" + i).toString(), others.get(i)));
        }
        String after = url(Transport.TLS, "/delay?ms=500&id=after-reset");
        arguments.addAll(List.of("-o", work.resolve("after").toString(), after));
        Tool.Result run = curl(Transport.TLS, arguments);
        List<String> expected = new ArrayList<>();
        // curl's exit code 23: a write error, the reason it gave up the stream.
        expected.add(drip + " 2 200 23");
        others.forEach(url -> expected.add(url + " 2 200 0"));
        expected.add(after + " 2 200 0");
        assertThat(transfers(run)).as(run.describe()).containsExactlyInAnyOrderElementsOf(expected);
        for (int i = 0; i < 3; i++) {
            assertThat(work.resolve("other-" + i)).hasContent(Site.SMALL);
        }
        assertThat(work.resolve("after")).hasContent("after-reset");
        // RFC 9113 §6.4: the server saw curl's RST_STREAM. curl 7.88 resets an abandoned stream with
        // STREAM_CLOSED, not the CANCEL of §8.7; that code also proves a frame came, as a lost connection is
        // recorded as CANCEL.
        assertThat(server.resets()).contains(new InteropServer.Reset("/drip?curl=reset", ErrorCode.STREAM_CLOSED));
        List<InteropServer.Seen> seen = server.requests().stream()
                .filter(request -> request.path().contains("curl=reset") || request.path().contains("curl-other=")
                        || request.path().contains("id=after-reset"))
                .toList();
        assertThat(seen).hasSize(5);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoadTls() throws Exception {
        try (InteropServer closing = InteropServer.start()) {
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--no-progress-meter", "--max-time", "30",
                    "--stderr", work.resolve("goaway.err").toString(), "-w", PER_TRANSFER, "--parallel",
                    "--parallel-max", "100", "--http2", "--cacert", closing.certificatePem().toString()));
            for (int i = 0; i < ClientScenarios.GOAWAY_LOAD; i++) {
                command.addAll(List.of("-o", work.resolve("goaway-" + i).toString(),
                        closing.tlsUri().resolve("/delay?ms=300&id=" + i).toString()));
            }
            List<String> answered = new ArrayList<>();
            try (PeerProcess curl = PeerProcess.start(command, null, Map.of())) {
                Awaits.until("the server took the requests", Duration.ofSeconds(10),
                        () -> closing.processedIds().size() == ClientScenarios.GOAWAY_LOAD);
                Thread closer = new Thread(closing::close, "interop-close");
                closer.start();
                assertThat(curl.process().waitFor(30, TimeUnit.SECONDS)).as("curl ended").isTrue();
                closer.join(30_000);
                List<String> lines = curl.log().lines().toList();
                assertThat(lines).as("curl's transfers").hasSize(ClientScenarios.GOAWAY_LOAD);
                for (String line : lines) {
                    Matcher transfer = TRANSFER.matcher(line);
                    assertThat(transfer.matches()).as("curl's line %s", line).isTrue();
                    String id = transfer.group(1).replaceAll(".*id=", "");
                    if (transfer.group(3).equals("200") && transfer.group(4).equals("0")) {
                        assertThat(transfer.group(2)).isEqualTo("2");
                        assertThat(work.resolve("goaway-" + id)).hasContent(id);
                        answered.add(id);
                    }
                }
            }
            // RFC 9113 §6.8: each request the server took was answered, once; any other it never saw.
            assertThat(answered).isNotEmpty();
            assertThat(closing.processedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(answered);
        }
    }

    @Test
    @Cell(peer = Peer.CURL_H2C, scenario = Scenario.LARGE_HEADER)
    void largeHeaderH2c() throws Exception {
        largeHeader(Transport.H2C);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.LARGE_HEADER)
    void largeHeaderTls() throws Exception {
        largeHeader(Transport.TLS);
    }

    @Test
    @Cell(peer = Peer.CURL_H2C, scenario = Scenario.MANY_HEADERS)
    void manyHeadersH2c() throws Exception {
        manyHeaders(Transport.H2C);
    }

    @Test
    @Cell(peer = Peer.CURL_TLS, scenario = Scenario.MANY_HEADERS)
    void manyHeadersTls() throws Exception {
        manyHeaders(Transport.TLS);
    }

    private void smallGet(Transport transport) throws Exception {
        Path body = work.resolve("small-" + transport);
        assertOne(transport, curl(transport, List.of("-o", body.toString(), url(transport, "/small.txt"))));
        assertThat(body).hasContent(Site.SMALL);
    }

    private void largeGet(Transport transport) throws Exception {
        Path body = work.resolve("big-" + transport);
        assertOne(transport, curl(transport, List.of("-o", body.toString(), url(transport, "/big.bin"))));
        assertThat(Files.size(body)).isEqualTo(Site.BIG_SIZE);
        assertThat(Site.sha256(Files.readAllBytes(body))).as("SHA-256 of /big.bin").isEqualTo(Site.get().bigSha256());
        Files.delete(body);
    }

    private void postEcho(Transport transport) throws Exception {
        byte[] sent = new byte[ClientScenarios.POST_SIZE];
        new Random(transport.ordinal()).nextBytes(sent);
        Path request = Files.write(work.resolve("post-" + transport), sent);
        Path echo = work.resolve("echo-" + transport);
        assertOne(transport, curl(transport, List.of("--data-binary", "@" + request,
                "-H", "content-type: application/octet-stream", "-o", echo.toString(), url(transport, "/echo"))));
        assertThat(Site.sha256(Files.readAllBytes(echo))).as("SHA-256 of the echo").isEqualTo(Site.sha256(sent));
    }

    private void trailers(Transport transport) throws Exception {
        Path head = work.resolve("trailers-head-" + transport);
        Path body = work.resolve("trailers-body-" + transport);
        assertOne(transport, curl(transport, List.of("-D", head.toString(), "-o", body.toString(),
                url(transport, "/trailers"))));
        assertThat(body).hasContent(InteropServer.TRAILERS_BODY);
        // curl writes the header section, an empty line, then the trailer section (RFC 9113 §8.1).
        String dump = Files.readString(head, StandardCharsets.ISO_8859_1);
        int end = dump.indexOf("\r\n\r\n");
        assertThat(end).as("end of the header section in %s", dump).isPositive();
        assertThat(dump.substring(0, end)).doesNotContain(InteropServer.TRAILER.name());
        assertThat(dump.substring(end + 4).lines().toList()).as("trailer section")
                .contains(InteropServer.TRAILER.name() + ": " + InteropServer.TRAILER.value());
    }

    private void largeHeader(Transport transport) throws Exception {
        String cookie = "big=" + "c".repeat(ClientScenarios.COOKIE_LENGTH - 4);
        Path body = work.resolve("large-header-" + transport);
        assertOne(transport, curl(transport, List.of("-H", "cookie: " + cookie, "-o", body.toString(),
                url(transport, "/headers"))));
        assertThat(body).hasContent("x-h=0 cookie=" + ClientScenarios.COOKIE_LENGTH);
    }

    private void manyHeaders(Transport transport) throws Exception {
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < ClientScenarios.EXTRA_FIELDS; i++) {
            arguments.addAll(List.of("-H", String.format("x-h-%02d: value-%d", i, i)));
        }
        Path body = work.resolve("many-headers-" + transport);
        arguments.addAll(List.of("-o", body.toString(), url(transport, "/headers")));
        assertOne(transport, curl(transport, arguments));
        assertThat(body).hasContent("x-h=" + ClientScenarios.EXTRA_FIELDS + " cookie=0");
    }

    /** One transfer, over HTTP/2, answered 200, and curl ended without an error. */
    private static void assertOne(Transport transport, Tool.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(transfers(run)).as(run.describe()).hasSize(1).allMatch(line -> line.endsWith(" 2 200 0"));
    }

    private static String url(Transport transport, String path) {
        return transport.origin(server).resolve(path).toString();
    }

    /** Runs curl over {@code transport}, quiet but for errors, printing {@link #PER_TRANSFER} per transfer. */
    private static Tool.Result curl(Transport transport, List<String> arguments) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--no-progress-meter", "--max-time", "30",
                "-w", PER_TRANSFER));
        command.addAll(transport.options());
        command.addAll(arguments);
        return Tool.run(command, 45);
    }

    /** The per-transfer lines curl printed. */
    private static List<String> transfers(Tool.Result run) {
        return run.out().lines().toList();
    }
}
