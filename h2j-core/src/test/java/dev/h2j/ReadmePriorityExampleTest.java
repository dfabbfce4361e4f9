package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamReset;
import dev.h2j.priority.Scheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Priority-aware sending" example runs against a client's frames, and the README shows
 * exactly the code that runs here.
 */
class ReadmePriorityExampleTest {

    // README:priority:start
    static void receive(H2Connection conn, ConnectionScheduler scheduler, Map<Integer, ByteBuffer> bodies,
            ByteBuffer input) {
        for (Event event : conn.receiveData(input)) {
            scheduler.onEvent(event);                       // streams open and close, signals apply
            if (event instanceof RequestReceived request) {
                String path = Headers.first(request.headers(), ":path").orElse("/");
                byte[] body = ("hello from " + path + "\n").repeat(2000).getBytes(StandardCharsets.UTF_8);
                conn.sendHeaders(request.streamId(), Headers.response(200).build(), false);
                bodies.put(request.streamId(), ByteBuffer.wrap(body));
                scheduler.ready(request.streamId());        // it has data to send
            } else if (event instanceof StreamReset reset) {
                bodies.remove(reset.streamId());
            }
        }
    }

    static void send(H2Connection conn, ConnectionScheduler scheduler, Map<Integer, ByteBuffer> bodies) {
        int id;
        while (conn.isWritable() && (id = scheduler.next()) != Scheduler.NONE) {
            ByteBuffer body = bodies.get(id);
            int length = (int) Math.min(body.remaining(),
                    Math.min(conn.localFlowControlWindow(id), conn.maxOutboundFrameSize()));
            boolean last = length == body.remaining();
            conn.sendData(id, body.slice(body.position(), length), last);
            body.position(body.position() + length);
            if (last) {
                bodies.remove(id);
                scheduler.close(id);                        // END_STREAM sent: no more turns
            }
        }
    }
    // README:priority:end

    @Test
    void responsesGoOutInTheOrderTheClientsPrioritiesAsk() {
        // README:priority-setup:start
        H2Connection conn = new H2Connection(H2Configuration.server().withNoRfc7540Priorities(true));
        ConnectionScheduler scheduler = new ConnectionScheduler(conn);
        Map<Integer, ByteBuffer> bodies = new HashMap<>();
        conn.initiateConnection();
        // then, for each read from the socket: receive(...), send(...), and write conn.dataToSend()
        // README:priority-setup:end
        Peer client = Peer.readingFromServer();
        client.read(conn.dataToSend());

        // Stream 1 is background work (u=5), stream 3 urgent (u=1), stream 5 has no priority header (u=3)
        // until a PRIORITY_UPDATE makes it the most urgent (u=0).
        receive(conn, scheduler, bodies, Frames.concat(Frames.clientPreface(), Frames.settings(),
                Frames.headers(1).request("GET", "/1").field("priority", "u=5").endStream(),
                Frames.headers(3).request("GET", "/3").field("priority", "u=1").endStream(),
                Frames.headers(5).request("GET", "/5").endStream(),
                Frames.priorityUpdate(5, "u=0")));
        send(conn, scheduler, bodies);

        // 28,000 octets a body: 5 and 3 in full, then 1 until the connection window (65,535) is shut.
        assertThat(data(client.read(conn.dataToSend()))).containsExactly("5:16384", "5:11616 END_STREAM", "3:16384",
                "3:11616 END_STREAM", "1:9535");

        receive(conn, scheduler, bodies, Frames.concat(Frames.windowUpdate(0, 65_535)));
        send(conn, scheduler, bodies);

        assertThat(data(client.read(conn.dataToSend()))).containsExactly("1:16384", "1:2081 END_STREAM");
        assertThat(bodies).isEmpty();
        assertThat(scheduler.isOpen(1)).isFalse();
    }

    /** The DATA frames among {@code frames}, as {@code stream:length}. */
    private static List<String> data(List<TestFrame> frames) {
        List<String> data = new ArrayList<>();
        for (TestFrame frame : frames) {
            if (frame instanceof TestFrame.Data d) {
                data.add(d.streamId() + ":" + d.data().length() + (d.endsStream() ? " END_STREAM" : ""));
            }
        }
        return data;
    }

    @Test
    void readmeShowsTheExampleAsItRuns() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/h2j/ReadmePriorityExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        // Each block, and the indentation it has here but not in the README.
        for (String[] block : new String[][] {{"priority", "4"}, {"priority-setup", "8"}}) {
            Matcher body = Pattern.compile("// README:" + block[0] + ":start\\n(.*?)\\n\\s*// README:" + block[0]
                    + ":end", Pattern.DOTALL).matcher(test);
            assertThat(body.find()).as(block[0]).isTrue();
            String example = body.group(1).replaceAll("(?m)^ {" + block[1] + "}", "");

            assertThat(readme).as("README shows the %s example as it runs", block[0])
                    .contains("```java\n" + example + "\n```");
        }
    }
}
