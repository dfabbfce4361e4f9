package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a peer can make a connection keep is visible: {@link H2Connection#activeStreams()} counts the
 * streams that hold state, {@link H2Connection#bufferedInboundSize()} the received octets held until more
 * arrive. The flood tests use both to show that an attack leaves nothing behind.
 */
class RetainedStateTest {

    private static TestFrame.Headers request(int streamId) {
        return Frames.headers(streamId).request("GET", "https", "example.com", "/");
    }

    @Test
    void openStreamsHoldStateAndClosedOnesDoNot() {
        Scenario server = Scenario.server();
        assertThat(server.conn.activeStreams()).isZero();
        server.receive(request(1), request(3), request(5).endStream());
        assertThat(server.conn.activeStreams()).isEqualTo(3);

        server.receive(Frames.rstStream(1, ErrorCode.CANCEL));
        server.conn.sendHeaders(5, Headers.response(204).build(), true);
        assertThat(server.conn.activeStreams()).as("stream 3 is still open").isEqualTo(1);
    }

    @Test
    void reservedStreamsHoldStateToo() {
        Scenario server = Scenario.server(Frames.settings(new Setting(SettingId.ENABLE_PUSH, 1)));
        server.receive(request(1));
        server.conn.pushStream(1, 2, Headers.request("GET", "https", "example.com", "/style.css").build());
        assertThat(server.conn.activeStreams()).isEqualTo(2);
        assertThat(server.conn.openOutboundStreams()).as("reserved is not open").isZero();
    }

    @Test
    void aFrameSplitAcrossCallsIsHeldUntilItCompletes() {
        Scenario server = Scenario.server();
        byte[] ping = Frames.ping(7).bytes();

        server.conn.receiveData(ByteBuffer.wrap(Arrays.copyOfRange(ping, 0, 5)));
        assertThat(server.conn.bufferedInboundSize()).as("part of the frame header").isEqualTo(5);
        server.conn.receiveData(ByteBuffer.wrap(Arrays.copyOfRange(ping, 5, 13)));
        assertThat(server.conn.bufferedInboundSize()).as("four payload octets").isEqualTo(4);
        assertThat(server.conn.receiveData(ByteBuffer.wrap(Arrays.copyOfRange(ping, 13, ping.length))))
                .hasSize(1);
        assertThat(server.conn.bufferedInboundSize()).isZero();
    }

    @Test
    void aFieldBlockAwaitingContinuationIsHeldUntilEndHeaders() {
        Scenario server = Scenario.server();
        TestFrame.Continuation rest = Frames.continuation(1).field("x-a", "1");
        server.receive(Frames.raw(Frames.frame(FrameType.HEADERS.code(), 0, 1,
                Frames.headerBlock(request(1).fields()))));
        int first = Frames.headerBlock(request(1).fields()).length;
        assertThat(server.conn.bufferedInboundSize()).isEqualTo(first);

        server.receive(rest);
        assertThat(server.conn.bufferedInboundSize()).isEqualTo(first + rest.fragment().length());

        assertThat(server.receive(Frames.continuation(1).endHeaders())).hasSize(1);
        assertThat(server.conn.bufferedInboundSize()).isZero();
        assertThat(server.conn.activeStreams()).isEqualTo(1);
    }
}
