package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server peer driven by a script ({@code h2-server.js}, {@code h2_server.py}) that keeps the endpoint
 * contract, picks its own port and prints JSON lines ({@link ScriptReport}): {@code listening} with the
 * port once bound, then {@code request}, {@code reset} and, for /delay, {@code processed} as they happen.
 */
final class ScriptedServer implements AutoCloseable {
    private final PeerProcess process;
    private final int port;

    private ScriptedServer(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the script and waits (10 s at most) until it listens. */
    static ScriptedServer start(List<String> command) {
        PeerProcess process = PeerProcess.start(command, null, Map.of()).awaitLog("\"listening\"", Duration.ofSeconds(10));
        int port = ScriptReport.parse(process.log()).only("listening").get("port").asInt();
        return new ScriptedServer(process.awaitPort(port, Duration.ofSeconds(10)), port);
    }

    /** The port it listens on, on 127.0.0.1. */
    int port() {
        return port;
    }

    /** What it printed so far. */
    ScriptReport report() {
        return ScriptReport.parse(process.log());
    }

    /** The requests it saw whose {@code :path} starts with {@code prefix}. */
    List<JsonNode> requests(String prefix) {
        return report().all("request").stream().filter(request -> request.get("path").asText().startsWith(prefix))
                .toList();
    }

    /** Waits until it reports a reset of a {@code path} stream with {@code code}. */
    void awaitReset(String path, long code) {
        Awaits.until("the server saw RST_STREAM " + code + " on " + path, Duration.ofSeconds(10),
                () -> report().all("reset").stream().anyMatch(reset -> reset.get("path").asText().equals(path)
                        && reset.get("code").asLong() == code));
        assertThat(process.process().isAlive()).as("server still running; log:\n%s", process.log()).isTrue();
    }

    /** The process, to signal. */
    PeerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
