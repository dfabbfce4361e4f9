package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.Headers;
import dev.h2j.StateMachines;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.frame.PrioritySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/guide/low-level-details.md, run. */
class LowLevelDetailsTest {

    @Test
    void theDiagramsAreTheTablesAsDot(@TempDir Path directory) throws IOException {
        // docs:state-machines-dot:start
        Files.writeString(directory.resolve("stream.dot"), StateMachines.streamDot());
        Files.writeString(directory.resolve("connection.dot"), StateMachines.connectionDot());
        // then: dot -Tsvg stream.dot > stream.svg
        // docs:state-machines-dot:end

        assertThat(Files.readString(directory.resolve("stream.dot")))
                .isEqualTo(Files.readString(Docs.ROOT.resolve("docs/fsm/stream.dot")));
        assertThat(Files.readString(directory.resolve("connection.dot")))
                .isEqualTo(Files.readString(Docs.ROOT.resolve("docs/fsm/connection.dot")));
    }

    @Test
    void priorityFramesNameStreamsWithoutCreatingThem() {
        Pair pair = new Pair();
        // docs:priority-bypass:start
        // PRIORITY frames for 500 streams the client never opened
        for (int id = 1; id < 1000; id += 2) {
            pair.client.prioritize(id, new PrioritySpec(0, false, 16));
        }
        pair.exchange();
        // the server reported 500 PriorityUpdated events and holds no stream: pair.server.activeStreams() is 0
        // docs:priority-bypass:end

        assertThat(pair.serverEvents).hasSize(500).allMatch(PriorityUpdated.class::isInstance);
        assertThat(pair.server.activeStreams()).isZero();
        assertThat(pair.server.openInboundStreams()).isZero();
        pair.client.sendHeaders(1001, Headers.request("GET", "https", "example.com", "/").build(), true);
        pair.exchange();
        assertThat(pair.server.activeStreams()).isEqualTo(1);
        assertThat(H2Configuration.server().limits().recentlyResetStreams()).isEqualTo(64);
    }
}
