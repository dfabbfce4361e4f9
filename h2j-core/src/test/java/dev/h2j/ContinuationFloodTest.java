package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.event.PingReceived;
import dev.h2j.event.RequestReceived;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CONTINUATION flood (VU#421644, CVE-2024-27316, CVE-2024-28182, CVE-2023-45288; SECURITY.md #12): a
 * field block that never ends, in frames of any size. {@link Limits#maxHeaderBlockSize()} bounds the
 * octets it collects and {@link Limits#maxContinuationFrames()} its frames, empty ones included; past
 * either, the connection error ENHANCE_YOUR_CALM comes before anything is decoded.
 */
class ContinuationFloodTest {

    private static final byte[] JUNK = new byte[300];

    private static TestFrame.Headers request(int streamId) {
        return Frames.headers(streamId).request("GET", "https", "example.com", "/");
    }

    /** HEADERS without END_HEADERS, holding a request's fields. */
    private static Wire openBlock(int streamId) {
        return Frames.raw(FrameType.HEADERS, 0, streamId, Frames.headerBlock(request(streamId).fields()));
    }

    private static Scenario server(Limits limits) {
        return Scenario.server(H2Configuration.server().withLimits(limits));
    }

    @Test
    void aBlockPastMaxHeaderBlockSizeIsEnhanceYourCalmBeforeItIsDecoded() {
        Scenario server = server(Limits.defaults().withMaxHeaderBlockSize(1_000));
        TestFrame.Continuation junk = Frames.continuation(3).fragment(JUNK);

        H2Exception e = server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits.maxHeaderBlockSize", request(1).endStream(), Frames.ping(1), openBlock(3), junk, junk, junk,
                junk);

        assertThat(e.events()).as("the frames before the block").hasSize(3);
        assertThat(e.events().get(0)).isInstanceOf(RequestReceived.class);
        assertThat(e.events().get(2)).isEqualTo(new PingReceived(1));
        assertThat(TestFrame.withoutDebugData(server.sent()))
                .containsExactly(Frames.pingAck(1), Frames.goAway(1, ErrorCode.ENHANCE_YOUR_CALM));
        assertThat(server.conn.bufferedInboundSize()).as("the octets kept never passed the limit")
                .isEqualTo(Frames.headerBlock(request(3).fields()).length + 3 * JUNK.length)
                .isLessThanOrEqualTo(1_000);
        assertThat(server.conn.activeStreams()).as("stream 1 only; the refused block opened none").isEqualTo(1);
    }

    @Test
    void oneHeadersFramePastMaxHeaderBlockSizeIsRefusedToo() {
        Scenario server = server(Limits.defaults().withMaxHeaderBlockSize(100));
        server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits.maxHeaderBlockSize", request(1).field("x-long", "v".repeat(100)).endStream());
        assertThat(TestFrame.withoutDebugData(server.sent()))
                .containsExactly(Frames.goAway(0, ErrorCode.ENHANCE_YOUR_CALM));
    }

    @Test
    void aPushPromisePastMaxHeaderBlockSizeIsRefused() {
        Scenario client = Scenario.client(H2Configuration.client().withEnablePush(true)
                .withLimits(Limits.defaults().withMaxHeaderBlockSize(100)), Frames.settings());
        client.conn.sendHeaders(1, Headers.request("GET", "https", "example.com", "/").build(), true);
        client.sent();
        client.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits.maxHeaderBlockSize", Frames.pushPromise(1, 2).request("GET", "https", "example.com",
                        "/" + "a".repeat(100)));
    }

    @Test
    void aBlockOfExactlyMaxHeaderBlockSizeIsAccepted() {
        TestFrame.Headers headers = request(1).endStream();
        Scenario server = server(Limits.defaults().withMaxHeaderBlockSize(Frames.headerBlock(headers.fields()).length));
        assertThat(server.receive(headers.continuations(3))).first().isInstanceOf(RequestReceived.class);
        assertThat(server.conn.bufferedInboundSize()).isZero();
    }

    @Test
    void emptyContinuationFloodIsEnhanceYourCalm() {
        Scenario server = Scenario.server();
        Wire[] flood = new Wire[11];
        flood[0] = Frames.ping(1);
        flood[1] = openBlock(1);
        for (int i = 2; i < flood.length; i++) {
            flood[i] = Frames.continuation(1);
        }

        H2Exception e = server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits.maxContinuationFrames", flood);

        assertThat(e.events()).containsExactly(new PingReceived(1));
        assertThat(TestFrame.withoutDebugData(server.sent()))
                .containsExactly(Frames.pingAck(1), Frames.goAway(0, ErrorCode.ENHANCE_YOUR_CALM));
        assertThat(server.conn.bufferedInboundSize()).as("empty frames added nothing")
                .isEqualTo(Frames.headerBlock(request(1).fields()).length);
    }

    @Test
    void theNinthContinuationIsRefusedHoweverTheInputIsSplit() {
        Scenario server = Scenario.server();
        Wire[] flood = new Wire[10];
        flood[0] = openBlock(1);
        for (int i = 1; i < flood.length; i++) {
            flood[i] = Frames.continuation(1);
        }
        byte[] input = Frames.concatBytes(flood);
        List<ByteBuffer> pieces = Splits.bytewise(input);
        int last = pieces.size() - 1;
        for (int i = 0; i < last; i++) {
            assertThat(server.conn.receiveData(pieces.get(i))).isEmpty();
        }
        server.failsConnection(DenialOfServiceException.class, ErrorCode.ENHANCE_YOUR_CALM,
                "Limits.maxContinuationFrames", Frames.raw(new byte[] {input[last]}));
    }

    @Test
    void eightContinuationsAreAccepted() {
        Scenario server = Scenario.server();
        assertThat(server.receive(request(1).field("x-a", "b".repeat(40)).endStream().continuations(8)))
                .first().isInstanceOf(RequestReceived.class);
    }

    @Test
    void theCountStartsAgainWithEachBlock() {
        Scenario server = Scenario.server(H2Configuration.server()
                .withLimits(Limits.defaults().withMaxContinuationFrames(2)));
        assertThat(server.receive(request(1).endStream().continuations(2), request(3).endStream().continuations(2)))
                .hasSize(4);
    }
}
