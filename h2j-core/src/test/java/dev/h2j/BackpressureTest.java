package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.Event;
import dev.h2j.event.PingReceived;
import dev.h2j.frame.ErrorCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outbound buffer is bounded: headers and data are refused at its soft limit until the caller
 * drains it, and a peer that makes the connection queue answers it never reads is cut off.
 */
class BackpressureTest {

    private static H2Connection server(Limits limits) {
        H2Connection server = new H2Connection(H2Configuration.server().withLimits(limits));
        server.initiateConnection();
        server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings(),
                Frames.headers(1).request("GET", "https", "example.com", "/").endStream()));
        return server;
    }

    @Test
    void dataIsRefusedAtTheSoftLimitUntilTheBufferIsDrained() {
        H2Connection server = server(Limits.defaults().withOutboundBufferSize(200));
        server.sendHeaders(1, Headers.response(200).build(), false);
        server.sendData(1, ByteBuffer.allocate(300), false);
        assertThat(server.isWritable()).isFalse();
        int queued = server.outboundSize();
        long window = server.localFlowControlWindow(1);

        assertThatThrownBy(() -> server.sendData(1, ByteBuffer.allocate(10), true))
                .isInstanceOfSatisfying(OutboundBufferFullException.class, e -> {
                    assertThat(e.outboundSize()).isEqualTo(queued);
                    assertThat(e.limit()).isEqualTo(200);
                });
        assertThat(server.outboundSize()).as("the refused call queued nothing").isEqualTo(queued);
        assertThat(server.localFlowControlWindow(1)).isEqualTo(window);

        server.dataToSend();
        assertThat(server.isWritable()).isTrue();
        server.sendData(1, ByteBuffer.allocate(10), true);
        assertThat(Peer.readingFromServer().read(server.dataToSend()))
                .containsExactly(Frames.dataOfLength(1, 10).endStream());
    }

    @Test
    void headersAreRefusedAtTheSoftLimitToo() {
        H2Connection server = server(Limits.defaults().withOutboundBufferSize(1));
        assertThatThrownBy(() -> server.sendHeaders(1, Headers.response(200).build(), true))
                .isInstanceOf(OutboundBufferFullException.class);
        server.dataToSend();
        server.sendHeaders(1, Headers.response(200).build(), true);
        assertThat(server.openInboundStreams()).isZero();
    }

    @Test
    void pingFloodWhileOutputIsNotDrainedIsEnhanceYourCalm() {
        H2Connection server = server(Limits.defaults().withMaxQueuedControlFrames(10));
        server.dataToSend();
        List<TestFrame.Ping> pings = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            pings.add(Frames.ping(i));
        }
        ByteBuffer flood = Frames.concat(pings.toArray(new Wire[0]));

        assertThatThrownBy(() -> server.receiveData(flood))
                .isInstanceOfSatisfying(DenialOfServiceException.class, e -> {
                    assertThat(e.scope()).isEqualTo(ErrorScope.CONNECTION);
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
                    assertThat(e.getMessage()).contains("RFC 9113 §10.5");
                    assertThat(e.events()).hasSize(10).allMatch(ev -> ev instanceof PingReceived);
                });
        List<TestFrame> sent = Peer.readingFromServer().read(server.dataToSend());
        assertThat(sent).hasSize(11);
        assertThat(TestFrame.withoutDebugData(sent).get(10)).isEqualTo(Frames.goAway(1, ErrorCode.ENHANCE_YOUR_CALM));
    }

    @Test
    void pushPromisesRefusedBeforeOurEnablePushZeroIsAcknowledgedCountAsQueuedAnswers() {
        H2Connection client = new H2Connection(H2Configuration.client()
                .withLimits(Limits.defaults().withMaxQueuedControlFrames(10)));
        client.initiateConnection();
        client.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), false);
        client.receiveData(Frames.concat(Frames.settings()));
        Peer server = Peer.readingFromClient();
        server.read(client.dataToSend());
        List<TestFrame.PushPromise> promises = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            promises.add(Frames.pushPromise(1, 2 * i).request("GET", "/pushed/" + i));
        }
        ByteBuffer flood = Frames.concat(promises.toArray(new Wire[0]));

        // RFC 9113 §8.4.2: each promise that crossed our ENABLE_PUSH 0 is refused with RST_STREAM, an answer
        // the connection queues by itself; a server that never acknowledges our SETTINGS and never reads must
        // not make those pile up (RFC 9113 §10.5, CVE-2019-9514).
        assertThatThrownBy(() -> client.receiveData(flood))
                .isInstanceOfSatisfying(DenialOfServiceException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
                    assertThat(e.getMessage()).contains("RFC 9113 §10.5");
                });
        List<TestFrame> sent = TestFrame.withoutDebugData(server.read(client.dataToSend()));
        assertThat(sent).hasSize(11).startsWith(Frames.rstStream(2, ErrorCode.REFUSED_STREAM))
                .endsWith(Frames.goAway(0, ErrorCode.ENHANCE_YOUR_CALM));
    }

    @Test
    void pingsAnsweredAndDrainedInTimeAreFine() {
        H2Connection server = server(Limits.defaults().withMaxQueuedControlFrames(10));
        for (int round = 0; round < 5; round++) {
            List<Event> events = server.receiveData(Frames.concat(Frames.ping(1), Frames.ping(2), Frames.ping(3),
                    Frames.ping(4), Frames.ping(5), Frames.ping(6), Frames.ping(7), Frames.ping(8)));
            assertThat(events).hasSize(8);
            server.dataToSend();
        }
    }

    @Test
    void dataToSendTakesAtMostMaxAndTheRestWaits() {
        H2Connection server = server(Limits.defaults());
        int queued = server.outboundSize();
        assertThat(server.dataToSend(5).remaining()).isEqualTo(5);
        assertThat(server.outboundSize()).isEqualTo(queued - 5);
        assertThatThrownBy(() -> server.dataToSend(-1)).isInstanceOf(IllegalArgumentException.class);
        ByteBuffer dst = ByteBuffer.allocate(3);
        assertThat(server.dataToSend(dst)).isEqualTo(3);
        assertThat(dst.hasRemaining()).isFalse();
        assertThat(server.outboundSize()).isEqualTo(queued - 8);
        server.clearOutboundDataBuffer();
        assertThat(server.outboundSize()).isZero();
        assertThat(server.dataToSend().hasRemaining()).isFalse();
    }
}
