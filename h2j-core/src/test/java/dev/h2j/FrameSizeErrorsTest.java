package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * RFC 9113 §4.2: frame length errors are FRAME_SIZE_ERROR; h2's two exception types tell an oversize
 * frame from one whose length its type does not allow.
 */
class FrameSizeErrorsTest {

    private static H2Connection server() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();
        server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings()));
        server.dataToSend();
        return server;
    }

    @Test
    void headersLongerThanMaxFrameSizeIsFrameTooLarge() {
        H2Connection server = server();
        assertThatThrownBy(() -> server.receiveData(Frames.concat(Frames.frameHeader(16_385, 0x1, 0x4, 1))))
                .isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
                    assertThat(e.scope()).isEqualTo(ErrorScope.CONNECTION);
                    assertThat(e.getMessage()).contains("RFC 9113 §4.2");
                });
        assertThat(TestFrame.withoutDebugData(Peer.readingFromServer().read(server.dataToSend())))
                .containsExactly(Frames.goAway(0, ErrorCode.FRAME_SIZE_ERROR));
    }

    @Test
    void inputAfterAConnectionErrorIsConsumedAndDiscarded() {
        H2Connection server = server();
        ByteBuffer input = Frames.concat(Frames.raw(FrameType.PING, 0, 0, new byte[7]), Frames.ping(1));
        assertThatThrownBy(() -> server.receiveData(input)).isInstanceOf(FrameDataMissingException.class);
        assertThat(input.hasRemaining()).as("receiveData consumes its input to the limit").isFalse();
    }

    @Test
    void pingOfSevenOctetsIsFrameDataMissing() {
        H2Connection server = server();
        assertThatThrownBy(() -> server.receiveData(Frames.concat(Frames.raw(FrameType.PING, 0, 0, new byte[7]))))
                .isInstanceOfSatisfying(FrameDataMissingException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
                    assertThat(e.scope()).isEqualTo(ErrorScope.CONNECTION);
                    assertThat(e.getMessage()).contains("RFC 9113 §6.7");
                });
    }
}
