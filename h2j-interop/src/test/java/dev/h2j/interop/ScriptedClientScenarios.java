package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.h2j.frame.ErrorCode;
import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The scenarios with h2j serving ({@link InteropServer}) and a scripted client peer: a script that runs
 * one scenario per process against the server and prints what it saw ({@link ScriptReport}), Node's
 * {@code h2-client.js} or python3-h2's {@code h2_client.py}. Each method runs its scenario and checks
 * both sides: what the script reports and what the server recorded.
 */
final class ScriptedClientScenarios {
    private static final long SCRIPT_SECONDS = 90;
    /** The script cancels /drip once this much of its body arrived. */
    private static final int CANCEL_AFTER = 256 << 10;

    private final InteropServer server;
    private final BiFunction<Scenario, InteropServer, List<String>> command;

    /**
     * Scenarios against one server, shared by the cells of a test class.
     *
     * @param server the server the script connects to
     * @param command the script's command line for a scenario and a server (the origin, and the CA file
     *     for TLS)
     */
    ScriptedClientScenarios(InteropServer server, BiFunction<Scenario, InteropServer, List<String>> command) {
        this.server = server;
        this.command = command;
    }

    /** {@link Scenario#SMALL_GET}: /small.txt byte for byte. */
    void smallGet() throws IOException {
        assertThat(run(Scenario.SMALL_GET).ok("small").get("text").asText()).isEqualTo(Site.SMALL);
    }

    /** {@link Scenario#LARGE_GET}: /big.bin, its 16 MiB and SHA-256. */
    void largeGet() throws IOException {
        JsonNode big = run(Scenario.LARGE_GET).ok("big");
        assertThat(big.get("bytes").asLong()).isEqualTo(Site.BIG_SIZE);
        assertThat(big.get("sha256").asText()).as("SHA-256 of /big.bin").isEqualTo(Site.get().bigSha256());
    }

    /** {@link Scenario#POST_ECHO}: 1 MiB of random octets to /echo come back equal. */
    void postEcho() throws IOException {
        ScriptReport report = run(Scenario.POST_ECHO);
        JsonNode sent = report.only("sent");
        JsonNode echo = report.ok("echo");
        assertThat(sent.get("bytes").asInt()).isEqualTo(ClientScenarios.POST_SIZE);
        assertThat(echo.get("bytes").asInt()).isEqualTo(ClientScenarios.POST_SIZE);
        assertThat(echo.get("sha256").asText()).as("SHA-256 of the echo").isEqualTo(sent.get("sha256").asText());
    }

    /** {@link Scenario#TRAILERS}: the body of /trailers, then {@code x-interop-trailer: ok} (RFC 9113 §8.1). */
    void trailers() throws IOException {
        JsonNode response = run(Scenario.TRAILERS).ok("trailers");
        assertThat(response.get("text").asText()).isEqualTo(InteropServer.TRAILERS_BODY);
        assertThat(response.path("trailers").path(InteropServer.TRAILER.name()).asText())
                .as("trailer fields %s", response.get("trailers")).isEqualTo(InteropServer.TRAILER.value());
    }

    /**
     * {@link Scenario#CONCURRENT_STREAMS}: 100 requests open at once, all answered, and the server saw
     * them on one connection on the streams the script reports.
     */
    void concurrentStreams() throws IOException {
        ScriptReport report = run(Scenario.CONCURRENT_STREAMS);
        Set<Integer> streams = new HashSet<>();
        for (int i = 0; i < ClientScenarios.CONCURRENT; i++) {
            JsonNode response = report.ok("n" + i);
            assertThat(response.get("text").asText()).isEqualTo(Site.SMALL);
            streams.add(response.get("stream").asInt());
        }
        assertThat(report.only("done").get("maxOpen").asInt()).as("streams open at once in the client")
                .isEqualTo(ClientScenarios.CONCURRENT);
        List<InteropServer.Seen> seen = server.requests().stream()
                .filter(request -> request.path().startsWith("/small.txt?n=")).toList();
        assertThat(seen).hasSize(ClientScenarios.CONCURRENT);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
        // RFC 9113 §5.1.1: on one connection, 100 distinct odd stream ids.
        assertThat(seen.stream().map(InteropServer.Seen::streamId)).containsExactlyInAnyOrderElementsOf(streams)
                .allMatch(id -> id % 2 == 1);
    }

    /**
     * {@link Scenario#RESET_MID_BODY}: the script cancels /drip after 256 KiB (RST_STREAM CANCEL, RFC 9113
     * §8.7) while three other requests on the connection finish whole; the server records the CANCEL, and
     * the connection serves one more request after it.
     */
    void resetMidBody() throws IOException {
        ScriptReport report = run(Scenario.RESET_MID_BODY);
        JsonNode drip = report.outcome("drip");
        assertThat(drip.get("event").asText()).as("how /drip ended: %s", drip).isEqualTo("reset");
        assertThat(drip.get("bytes").asInt()).isGreaterThanOrEqualTo(CANCEL_AFTER);
        assertThat(report.ok("other1").get("text").asText()).isEqualTo(Site.SMALL);
        assertThat(report.ok("other2").get("sha256").asText()).isEqualTo(Site.get().bigSha256());
        JsonNode trailers = report.ok("other3");
        assertThat(trailers.path("trailers").path(InteropServer.TRAILER.name()).asText()).isEqualTo("ok");
        assertThat(report.ok("after").get("text").asText()).isEqualTo(Site.SMALL);
        Awaits.until("the server saw the CANCEL of /drip", Duration.ofSeconds(10),
                () -> server.resets().contains(new InteropServer.Reset("/drip", ErrorCode.CANCEL)));
        List<InteropServer.Seen> seen = server.requests().stream()
                .filter(request -> request.path().equals("/drip") || request.path().contains("other=")
                        || request.path().contains("after=reset"))
                .toList();
        assertThat(seen).hasSize(5);
        assertThat(seen.stream().map(InteropServer.Seen::client).distinct()).as("connections").hasSize(1);
    }

    /**
     * {@link Scenario#GOAWAY_UNDER_LOAD}, on a server of its own: the script has 20 requests to /delay in
     * flight (and sends one more every 10 ms until the GOAWAY), then the server closes gracefully (the
     * two-phase GOAWAY of RFC 9113 §6.8). Every request the server took was answered, once; every request
     * that failed is one the server never took; and the script saw the GOAWAY with NO_ERROR.
     */
    void goawayUnderLoad() throws IOException, InterruptedException {
        try (InteropServer closing = InteropServer.start();
                PeerProcess client = PeerProcess.start(command.apply(Scenario.GOAWAY_UNDER_LOAD, closing), null,
                        Map.of())) {
            Awaits.until("the server took 20 requests", Duration.ofSeconds(20),
                    () -> closing.processedIds().size() >= ClientScenarios.GOAWAY_LOAD);
            Thread closer = new Thread(closing::close, "interop-close");
            closer.start();
            if (!client.process().waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS)) {
                fail("the client did not finish within " + SCRIPT_SECONDS + " s:\n" + client.log());
            }
            closer.join(TimeUnit.SECONDS.toMillis(30));
            ScriptReport report = ScriptReport.parse(client.log());
            assertThat(client.process().exitValue()).as("exit status; output:\n%s", report.output()).isZero();
            assertThat(report.all("goaway")).as("GOAWAYs the client saw").isNotEmpty()
                    .allMatch(goaway -> goaway.get("errorCode").asInt() == 0);
            Set<String> answered = new HashSet<>();
            for (JsonNode response : report.all("response")) {
                String id = response.get("tag").asText().substring(1);
                assertThat(response.get("status").asInt()).isEqualTo(200);
                assertThat(response.get("text").asText()).as("body of request %s", id).isEqualTo(id);
                answered.add(id);
            }
            Set<String> failed = new HashSet<>();
            report.all("failed").forEach(failure -> failed.add(failure.get("tag").asText().substring(1)));
            assertThat(report.all("reset")).isEmpty();
            List<String> processed = closing.processedIds();
            assertThat(processed).as("ids the server took").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(answered);
            assertThat(failed).as("failed requests the server took").doesNotContainAnyElementsOf(processed);
            assertThat(answered.size()).isGreaterThanOrEqualTo(ClientScenarios.GOAWAY_LOAD);
        }
    }

    /** {@link Scenario#LARGE_HEADER}: an 8,192-octet cookie reaches /headers whole. */
    void largeHeader() throws IOException {
        assertThat(run(Scenario.LARGE_HEADER).ok("cookie").get("text").asText())
                .contains("cookie=" + ClientScenarios.COOKIE_LENGTH);
    }

    /** {@link Scenario#MANY_HEADERS}: 100 fields x-h-00 to x-h-99 reach /headers. */
    void manyHeaders() throws IOException {
        assertThat(run(Scenario.MANY_HEADERS).ok("fields").get("text").asText())
                .contains("x-h=" + ClientScenarios.EXTRA_FIELDS);
        List<InteropServer.Seen> seen = server.requests("/headers");
        assertThat(seen.get(seen.size() - 1).fields())
                .as("fields of the last /headers request, pseudo-header fields included")
                .isGreaterThanOrEqualTo(4 + ClientScenarios.EXTRA_FIELDS);
    }

    /** Runs the script for one scenario to its end; it must exit 0 after its "done" line. */
    private ScriptReport run(Scenario scenario) throws IOException {
        Peers.Result result = Peers.run(command.apply(scenario, server), SCRIPT_SECONDS);
        ScriptReport report = ScriptReport.parse(result.output());
        assertThat(result.exitCode()).as("exit status; output:\n%s", result.output()).isZero();
        report.only("done");
        return report;
    }
}
