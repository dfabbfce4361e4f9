package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * nghttp, nghttp2's client, against h2j's server over cleartext with prior knowledge (nghttp's way for
 * {@code http://} URIs). Bodies come from its standard output; the multi-request scenarios read its
 * statistics ({@code -s}: a row per request with its status and body size) and its frame log ({@code -v}).
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NghttpTest {
    /** A row of {@code nghttp -s}: id, responseEnd, requestStart, process, code, size, path. */
    private static final Pattern STAT = Pattern.compile("\\s*\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+(\\S+) (\\S+)");

    private static InteropServer server;

    @TempDir
    static Path work;

    /**
     * One answered request of {@code nghttp -s}.
     *
     * @param path the request's path
     * @param status the response's status
     * @param size the body's size as nghttp prints it (1024 and more with a K, M or G unit)
     */
    private record Stat(String path, int status, String size) {}

    @BeforeAll
    static void start() throws Exception {
        Peers.require("nghttp");
        server = InteropServer.start();
        // "nghttp nghttp2/1.52.0"
        Matrix.version(Peer.NGHTTP, Tool.run(List.of("nghttp", "--version"), 10).out());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        assertThat(body(nghttp(url("/small.txt")))).isEqualTo(Site.SMALL);
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        Tool.Result run = nghttp(url("/big.bin"));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).hasSize(Site.BIG_SIZE);
        assertThat(Site.sha256(run.stdout())).as("SHA-256 of /big.bin").isEqualTo(Site.get().bigSha256());
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        byte[] sent = new byte[ClientScenarios.POST_SIZE];
        new Random(7).nextBytes(sent);
        Path request = Files.write(work.resolve("post"), sent);
        Tool.Result run = nghttp("-d", request.toString(), "-H", "content-type: application/octet-stream",
                url("/echo"));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(Site.sha256(run.stdout())).as("SHA-256 of the echo").isEqualTo(Site.sha256(sent));
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.TRAILERS)
    void trailers() throws Exception {
        Tool.Result run = nghttp("-nv", url("/trailers"));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<String> log = run.out().lines().toList();
        // nghttp -v prints a HEADERS frame's fields, then the frame. RFC 9113 §8.1: the trailer section is
        // a HEADERS frame after the DATA, ending the stream.
        int data = indexOf(log, "recv DATA frame <length=" + InteropServer.TRAILERS_BODY.length() + ",", 0);
        int trailer = indexOf(log, "x-interop-trailer: ok", data);
        int headers = indexOf(log, "recv HEADERS frame", trailer);
        assertThat(List.of(data, trailer, headers)).as("lines of DATA, trailer field, HEADERS frame in nghttp -v: %s",
                        run.out().replace('\n', ' '))
                .allMatch(index -> index >= 0);
        assertThat(log.get(headers + 1)).contains("END_STREAM");
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        String path = "/small.txt?nghttp=concurrent";
        // -m: the URI 100 times, all on nghttp's one connection, sent without waiting for answers.
        Tool.Result run = nghttp("-ns", "-m", Integer.toString(ClientScenarios.CONCURRENT), url(path));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Stat small = new Stat(path, 200, size(Site.SMALL.getBytes(StandardCharsets.UTF_8).length));
        assertThat(stats(run)).as("nghttp -s rows").hasSize(ClientScenarios.CONCURRENT).allMatch(small::equals);
        List<InteropServer.Seen> seen = server.requests().stream().filter(request -> request.path().equals(path))
                .toList();
        assertThat(seen).hasSize(ClientScenarios.CONCURRENT);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        try (InteropServer closing = InteropServer.start()) {
            List<String> command = new ArrayList<>(List.of("nghttp", "-ns"));
            for (int i = 0; i < ClientScenarios.GOAWAY_LOAD; i++) {
                command.add(closing.cleartextUri().resolve("/delay?ms=300&id=" + i).toString());
            }
            Map<String, Stat> answered = new HashMap<>();
            try (PeerProcess nghttp = PeerProcess.start(command, null, Map.of())) {
                Awaits.until("the server took the requests", Duration.ofSeconds(10),
                        () -> closing.processedIds().size() == ClientScenarios.GOAWAY_LOAD);
                Thread closer = new Thread(closing::close, "interop-close");
                closer.start();
                assertThat(nghttp.process().waitFor(30, TimeUnit.SECONDS)).as("nghttp ended").isTrue();
                closer.join(30_000);
                for (Stat stat : stats(nghttp.log())) {
                    String id = stat.path().replaceAll(".*id=", "");
                    if (stat.status() == 200) {
                        // The body is the id: its size is the id's length.
                        assertThat(stat.size()).isEqualTo(size(id.length()));
                        assertThat(answered.put(id, stat)).as("answers to %s", id).isNull();
                    }
                }
            }
            // RFC 9113 §6.8: each request the server took was answered, once; any other it never saw.
            assertThat(answered).isNotEmpty();
            assertThat(closing.processedIds()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(answered.keySet());
        }
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        String cookie = "big=" + "c".repeat(ClientScenarios.COOKIE_LENGTH - 4);
        assertThat(body(nghttp("-H", "cookie: " + cookie, url("/headers"))))
                .isEqualTo("x-h=0 cookie=" + ClientScenarios.COOKIE_LENGTH);
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < ClientScenarios.EXTRA_FIELDS; i++) {
            arguments.addAll(List.of("-H", String.format("x-h-%02d: value-%d", i, i)));
        }
        arguments.add(url("/headers"));
        assertThat(body(nghttp(arguments.toArray(String[]::new))))
                .isEqualTo("x-h=" + ClientScenarios.EXTRA_FIELDS + " cookie=0");
    }

    @Test
    @Cell(peer = Peer.NGHTTP, scenario = Scenario.PAGE_ASSETS)
    void pageAssets() throws Exception {
        // -a: nghttp parses the page and fetches the stylesheets and scripts it links, on the same connection.
        Tool.Result run = nghttp("-ans", url("/page.html"));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<Stat> expected = new ArrayList<>();
        expected.add(new Stat("/page.html", 200, size(Files.size(Site.get().root().resolve("page.html")))));
        for (String asset : Site.assetPaths()) {
            expected.add(new Stat(asset, 200, size(Site.assetContent(asset).getBytes(StandardCharsets.UTF_8).length)));
        }
        assertThat(stats(run)).as("nghttp -s rows").containsExactlyInAnyOrderElementsOf(expected);
        List<InteropServer.Seen> seen = server.requests().stream()
                .filter(request -> Site.assetPaths().contains(request.path())).toList();
        assertThat(seen).hasSize(Site.ASSETS);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
    }

    private static String url(String path) {
        return server.cleartextUri().resolve(path).toString();
    }

    private static Tool.Result nghttp(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("nghttp", "--timeout=30s"));
        command.addAll(List.of(arguments));
        return Tool.run(command, 45);
    }

    /** The body nghttp printed, after checking it ended well. */
    private static String body(Tool.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.out();
    }

    private static List<Stat> stats(Tool.Result run) {
        return stats(run.out());
    }

    /** The rows of {@code nghttp -s}'s request table. */
    private static List<Stat> stats(String output) {
        List<Stat> stats = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher row = STAT.matcher(line);
            if (row.matches()) {
                stats.add(new Stat(row.group(3), Integer.parseInt(row.group(1)), row.group(2)));
            }
        }
        return stats;
    }

    /** A size as {@code nghttp -s} prints it: octets below 1024, else whole K, M or G (1024-based, rounded down). */
    private static String size(long octets) {
        String[] units = {"", "K", "M", "G"};
        int unit = 0;
        while (octets >= 1024 && unit < units.length - 1) {
            octets /= 1024;
            unit++;
        }
        return octets + units[unit];
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = Math.max(from, 0); i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
