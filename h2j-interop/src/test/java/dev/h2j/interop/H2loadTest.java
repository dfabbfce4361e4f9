package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * h2load, nghttp2's load generator, against h2j's server over cleartext with prior knowledge. h2load
 * counts requests, statuses and octets but never shows a body, so each cell checks its summary (every
 * request succeeded with a 2xx, the body octets add up) and the server's record of what arrived.
 */
@Interop
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class H2loadTest {
    private static final Pattern REQUESTS = Pattern.compile(
            "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored,"
                    + " (\\d+) timeout");
    private static final Pattern STATUS = Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");
    private static final Pattern DATA = Pattern.compile("traffic: .*\\((\\d+)\\) data");
    private static final int SMALL_OCTETS = Site.SMALL.getBytes(StandardCharsets.UTF_8).length;

    private static InteropServer server;

    @BeforeAll
    static void start() throws Exception {
        Peers.require("h2load");
        server = InteropServer.start();
        // "h2load nghttp2/1.52.0"
        Matrix.version(Peer.H2LOAD, Tool.run(List.of("h2load", "--version"), 10).out());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Cell(peer = Peer.H2LOAD, scenario = Scenario.LOAD)
    void load() throws Exception {
        // 10 connections, each with 10 streams in flight, 20,000 requests in all.
        int requests = 20_000;
        Tool.Result run = h2load(List.of("-n", Integer.toString(requests), "-c", "10", "-m", "10",
                url("/small.txt?h2load=load")));
        assertSummary(run, requests, (long) requests * SMALL_OCTETS);
        assertThat(server.requests("/small.txt").stream().filter(seen -> seen.path().endsWith("h2load=load")))
                .hasSize(requests);
    }

    @Test
    @Cell(peer = Peer.H2LOAD, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        String path = "/small.txt?h2load=concurrent";
        // One connection (-c 1) with its 100 requests all in flight at once (-m 100).
        int streams = ClientScenarios.CONCURRENT;
        Tool.Result run = h2load(List.of("-n", Integer.toString(streams), "-c", "1", "-m", Integer.toString(streams),
                url(path)));
        assertSummary(run, streams, (long) streams * SMALL_OCTETS);
        List<InteropServer.Seen> seen = server.requests().stream().filter(request -> request.path().equals(path))
                .toList();
        assertThat(seen).hasSize(streams);
        // RFC 9113 §5.1.1: one connection, so 100 distinct stream ids from one client port.
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
        assertThat(seen.stream().map(InteropServer.Seen::streamId).distinct()).hasSize(streams);
    }

    @Test
    @Cell(peer = Peer.H2LOAD, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        String path = "/headers?h2load=large-header";
        String cookie = "big=" + "c".repeat(ClientScenarios.COOKIE_LENGTH - 4);
        Tool.Result run = h2load(List.of("-n", "1", "-c", "1", "-H", "cookie: " + cookie, url(path)));
        assertSummary(run, 1, ("x-h=0 cookie=" + ClientScenarios.COOKIE_LENGTH).length());
        // RFC 9113 §8.2.3: the cookie may arrive in crumbs; joined, it is the one h2load sent.
        assertThat(server.requests()).filteredOn(seen -> seen.path().equals(path)).singleElement()
                .extracting(seen -> String.join("; ", Headers.all(seen.headers(), "cookie")))
                .isEqualTo(cookie);
    }

    @Test
    @Cell(peer = Peer.H2LOAD, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        String path = "/headers?h2load=many-headers";
        List<String> arguments = new ArrayList<>(List.of("-n", "1", "-c", "1"));
        List<HeaderField> extra = new ArrayList<>();
        for (int i = 0; i < ClientScenarios.EXTRA_FIELDS; i++) {
            extra.add(HeaderField.of(String.format("x-h-%02d", i), "value-" + i));
            arguments.addAll(List.of("-H", extra.get(i).name() + ": " + extra.get(i).value()));
        }
        arguments.add(url(path));
        Tool.Result run = h2load(arguments);
        assertSummary(run, 1, ("x-h=" + ClientScenarios.EXTRA_FIELDS + " cookie=0").length());
        assertThat(server.requests()).filteredOn(seen -> seen.path().equals(path)).singleElement()
                .extracting(seen -> seen.headers().stream().filter(field -> field.name().startsWith("x-h-")).toList())
                .isEqualTo(extra);
    }

    private static String url(String path) {
        return server.cleartextUri().resolve(path).toString();
    }

    private static Tool.Result h2load(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("h2load", "--connection-inactivity-timeout=30"));
        command.addAll(arguments);
        return Tool.run(command, 60);
    }

    /** Every request done and succeeded with a 2xx, none failed, errored or timed out, and the body octets. */
    private static void assertSummary(Tool.Result run, int requests, long dataOctets) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        String out = run.out();
        Matcher counts = find(REQUESTS, out);
        List<Long> expected = List.of((long) requests, (long) requests, (long) requests, (long) requests, 0L, 0L, 0L);
        assertThat(groups(counts)).as("total, started, done, succeeded, failed, errored, timeout: %s",
                counts.group()).isEqualTo(expected);
        Matcher statuses = find(STATUS, out);
        assertThat(groups(statuses)).as(statuses.group()).isEqualTo(List.of((long) requests, 0L, 0L, 0L));
        Matcher data = find(DATA, out);
        assertThat(Long.parseLong(data.group(1))).as(data.group()).isEqualTo(dataOctets);
    }

    private static Matcher find(Pattern pattern, String out) {
        Matcher matcher = pattern.matcher(out);
        assertThat(matcher.find()).as("h2load's summary has %s: %s", pattern, out.replace('\n', ' ')).isTrue();
        return matcher;
    }

    private static List<Long> groups(Matcher matcher) {
        List<Long> values = new ArrayList<>();
        for (int i = 1; i <= matcher.groupCount(); i++) {
            values.add(Long.parseLong(matcher.group(i)));
        }
        return values;
    }
}
