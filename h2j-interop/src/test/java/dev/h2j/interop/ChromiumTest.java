package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.io.testing.Peers;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium as the client of h2j's server over TLS (h2 by ALPN, the self-signed test
 * certificate accepted by flag). The browser loads the harness page from the server and each cell runs
 * one of the harness's functions in it with fetch(), over the DevTools protocol; the page reports what
 * it saw, Resource Timing's {@code nextHopProtocol} included, and the server what it saw.
 */
@Interop
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChromiumTest {
    private static final Duration NAVIGATION = Duration.ofSeconds(20);
    private static final Duration SCRIPT = Duration.ofSeconds(30);
    /** Chromium keeps a cookie's name and value to 4,096 octets, so the 8 KiB cookie takes several. */
    private static final int COOKIE_CRUMBS = 3;
    /** How many octets of {@code /drip} the page reads before it aborts. */
    private static final int DRIP_READ = 64 << 10;

    private static InteropServer server;
    private static Chromium chromium;

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    static void start() throws Exception {
        Peers.require(Chromium.PROGRAM);
        Matrix.version(Peer.CHROMIUM, Chromium.version());
        Chromium.installHarness(Site.get().root());
        server = InteropServer.start();
        chromium = Chromium.start();
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Every cell starts in a fresh load of the harness, from the class's server. */
    @BeforeEach
    void loadHarness() throws Exception {
        chromium.navigate(server.tlsUri().resolve(Chromium.HARNESS), NAVIGATION);
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.PAGE_ASSETS)
    void pageAssets() throws Exception {
        URI page = server.tlsUri().resolve("/page.html");
        chromium.navigate(page, NAVIGATION);

        Map<String, Object> report = object(Chromium.await(chromium.evaluate("""
                ({ entries: performance.getEntriesByType('navigation')
                       .concat(performance.getEntriesByType('resource'))
                       .map(entry => ({ name: entry.name, type: entry.entryType, protocol: entry.nextHopProtocol })),
                   scripts: window.loaded,
                   styleSheets: document.styleSheets.length })
                """), "report", SCRIPT));

        List<Map<String, Object>> entries = objects(report.get("entries"));
        List<String> loaded = entries.stream().map(entry -> entry.get("type") + " " + entry.get("name")).toList();
        assertThat(loaded).as("the navigation entry").contains("navigation " + page);
        for (String asset : Site.assetPaths()) {
            assertThat(loaded).as("the resource entry of " + asset)
                    .contains("resource " + server.tlsUri().resolve(asset));
        }
        assertThat(entries).as("every entry's nextHopProtocol").allSatisfy(entry ->
                assertThat(entry).containsEntry("protocol", "h2"));
        // The page ran its scripts and applied its style sheets: the assets were whole.
        assertThat(report).containsEntry("scripts", (long) Site.ASSETS / 2)
                .containsEntry("styleSheets", (long) Site.ASSETS / 2);
        List<InteropServer.Seen> assets = server.requests().stream()
                .filter(seen -> Site.assetPaths().contains(seen.path())).toList();
        assertThat(assets.stream().map(InteropServer.Seen::path)).as("the assets the server served")
                .containsExactlyInAnyOrderElementsOf(Site.assetPaths());
        assertThat(assets.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.SMALL_GET)
    void smallGet() throws Exception {
        Map<String, Object> report = call("smallGet", "/small.txt?chromium=small");

        assertThat(report).containsEntry("status", 200L).containsEntry("body", Site.SMALL)
                .containsEntry("protocol", "h2");
        assertThat(server.requests()).anyMatch(seen -> seen.path().equals("/small.txt?chromium=small"));
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.LARGE_GET)
    void largeGet() throws Exception {
        Map<String, Object> report = call("largeGet", "/big.bin");

        assertThat(report).containsEntry("status", 200L).containsEntry("length", (long) Site.BIG_SIZE)
                .containsEntry("sha256", Site.get().bigSha256()).containsEntry("protocol", "h2");
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.POST_ECHO)
    void postEcho() throws Exception {
        Map<String, Object> report = call("postEcho", "/echo", ClientScenarios.POST_SIZE);

        assertThat((String) report.get("sent")).as("the SHA-256 of what the page sent").matches("[0-9a-f]{64}");
        assertThat(report).containsEntry("status", 200L).containsEntry("protocol", "h2")
                .containsEntry("receivedLength", (long) ClientScenarios.POST_SIZE)
                .containsEntry("received", report.get("sent"));
        assertThat(server.requests("/echo")).singleElement()
                .satisfies(seen -> assertThat(seen.method()).isEqualTo("POST"));
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.CONCURRENT_STREAMS)
    void concurrentStreams() throws Exception {
        String prefix = "/small.txt?chromium-concurrent=";

        List<Map<String, Object>> responses = objects(chromium.call(SCRIPT, "concurrent", prefix,
                ClientScenarios.CONCURRENT));

        assertThat(responses).hasSize(ClientScenarios.CONCURRENT).allSatisfy(response -> assertThat(response)
                .containsEntry("status", 200L).containsEntry("body", Site.SMALL).containsEntry("protocol", "h2"));
        List<InteropServer.Seen> seen = server.requests().stream()
                .filter(request -> request.path().startsWith(prefix)).toList();
        assertThat(seen).hasSize(ClientScenarios.CONCURRENT);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
        assertThat(seen.stream().map(InteropServer.Seen::streamId).distinct()).as("streams")
                .hasSize(ClientScenarios.CONCURRENT);
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.RESET_MID_BODY)
    void resetMidBody() throws Exception {
        String drip = "/drip?chromium";
        List<String> others = List.of("/small.txt?chromium-beside-reset=1", "/small.txt?chromium-beside-reset=2",
                "/small.txt?chromium-beside-reset=3");

        Map<String, Object> report = call("resetMidBody", drip, DRIP_READ, others);

        assertThat(report).containsEntry("status", 200L).containsEntry("ended", "AbortError");
        assertThat((Long) report.get("received")).isGreaterThanOrEqualTo(DRIP_READ);
        assertThat(objects(report.get("others"))).hasSize(others.size()).allSatisfy(response -> assertThat(response)
                .containsEntry("status", 200L).containsEntry("body", Site.SMALL).containsEntry("protocol", "h2"));
        Awaits.until("the server saw the drip's RST_STREAM CANCEL", Duration.ofSeconds(10),
                () -> server.resets().contains(new InteropServer.Reset(drip, ErrorCode.CANCEL)));
        // The reset ended one stream, not the connection: a request after it comes on the same one.
        String after = "/small.txt?chromium-after-reset";
        assertThat(call("smallGet", after)).containsEntry("status", 200L).containsEntry("body", Site.SMALL);
        List<String> sameConnection = new ArrayList<>(others);
        sameConnection.add(after);
        InteropServer.Seen dripSeen = seen(drip);
        for (String path : sameConnection) {
            assertThat(seen(path).client()).as("the connection of " + path).isEqualTo(dripSeen.client());
        }
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.GOAWAY_UNDER_LOAD)
    void goawayUnderLoad() throws Exception {
        InteropServer closing = InteropServer.start();
        try {
            chromium.navigate(closing.tlsUri().resolve(Chromium.HARNESS), NAVIGATION);

            CompletableFuture<Object> load = chromium.start("underLoad", "/delay?ms=300&id=",
                    ClientScenarios.GOAWAY_LOAD);
            Awaits.until("the server took the requests", Duration.ofSeconds(10),
                    () -> closing.processedIds().size() == ClientScenarios.GOAWAY_LOAD);
            // RFC 9113 §6.8: the graceful two-phase GOAWAY, with every request in flight; it returns drained.
            closing.close();
            List<Map<String, Object>> outcomes = objects(Chromium.await(load, "underLoad", SCRIPT));

            List<String> answered = new ArrayList<>();
            for (Map<String, Object> outcome : outcomes) {
                if (outcome.containsKey("status")) {
                    assertThat(outcome).containsEntry("status", 200L)
                            .containsEntry("body", String.valueOf(outcome.get("id")));
                    answered.add(String.valueOf(outcome.get("id")));
                }
            }
            // Each request the server took was answered, once; any that failed, it never ran. The server
            // took all of them before the GOAWAY, so all were answered.
            assertThat(closing.processedIds()).as("the ids the server processed; the page saw %s", outcomes)
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(answered);
            assertThat(outcomes).hasSize(ClientScenarios.GOAWAY_LOAD);
        } finally {
            closing.close();
        }
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.LARGE_HEADER)
    void largeHeader() throws Exception {
        Map<String, Object> report = call("largeHeader", "/headers", ClientScenarios.COOKIE_LENGTH, COOKIE_CRUMBS);

        assertThat(report).as("document.cookie holds the crumbs").containsEntry("cookie",
                (long) ClientScenarios.COOKIE_LENGTH);
        // RFC 9113 §8.2.3: however the browser splits the cookie, joined with "; " it is whole.
        assertThat(report).containsEntry("status", 200L).containsEntry("protocol", "h2")
                .containsEntry("body", "x-h=0 cookie=" + ClientScenarios.COOKIE_LENGTH);
    }

    @Test
    @Cell(peer = Peer.CHROMIUM, scenario = Scenario.MANY_HEADERS)
    void manyHeaders() throws Exception {
        Map<String, Object> report = call("manyHeaders", "/headers", ClientScenarios.EXTRA_FIELDS);

        assertThat(report).containsEntry("status", 200L).containsEntry("protocol", "h2")
                .containsEntry("body", "x-h=" + ClientScenarios.EXTRA_FIELDS + " cookie=0");
    }

    /** Runs a harness function and returns its report. */
    private static Map<String, Object> call(String function, Object... arguments) throws Exception {
        return object(chromium.call(SCRIPT, function, arguments));
    }

    /** The one request the server saw for a path with its query. */
    private static InteropServer.Seen seen(String path) {
        List<InteropServer.Seen> seen = server.requests().stream().filter(request -> request.path().equals(path))
                .toList();
        assertThat(seen).as("the server's requests for " + path).hasSize(1);
        return seen.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).as("the page's report").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object value) {
        assertThat(value).as("the page's report").isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
