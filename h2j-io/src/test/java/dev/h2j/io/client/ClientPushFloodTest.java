package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Frame;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.GoAwayFrame;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.frame.RstStreamFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SECURITY.md #25 against the client, end to end: a server that floods PUSH_PROMISE frames and never
 * acknowledges the client's SETTINGS_ENABLE_PUSH 0, so that each promise must be refused (RFC 9113
 * §8.4.2) rather than be a connection error (§6.5.2). Each refusal is a reset the server provoked; past
 * {@code Limits.maxProvokedResetRate} the client ends the connection with ENHANCE_YOUR_CALM.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientPushFloodTest {
    private static final int PROMISES = 10_000;

    @Test
    void aServerFloodingPromisesItWasToldNotToSendGetsEnhanceYourCalm() throws Exception {
        List<Frame> received = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> floodingServer(listener, received), "push-flooder");
            peer.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
            try (ClientConnection connection = H2Client.connect(uri,
                    ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
                CompletableFuture<Response> response = connection.send(Request.get(uri));

                ClientErrorsTest.failure(response).isInstanceOf(GoAwayException.class)
                        .withMessageStartingWith("connection closed by h2j: GOAWAY ENHANCE_YOUR_CALM (0xb): ")
                        .withMessageContaining("Limits.maxProvokedResetRate");
                assertThat(connection.isOpen()).isFalse();
            }
            peer.join(10_000);
        }
        List<RstStreamFrame> refusals = received.stream().filter(RstStreamFrame.class::isInstance)
                .map(RstStreamFrame.class::cast).toList();
        assertThat(refusals).as("pushes refused before the client gave up").isNotEmpty()
                .allMatch(r -> r.errorCode() == ErrorCode.REFUSED_STREAM && r.streamId() % 2 == 0)
                .hasSizeLessThan(PROMISES / 10);
        assertThat(received.get(received.size() - 1)).isInstanceOfSatisfying(GoAwayFrame.class,
                g -> assertThat(g.errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM));
    }

    /** Reads the client's request, then promises stream after stream on it, reading what comes back. */
    private static void floodingServer(ServerSocket listener, List<Frame> received) {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.readNBytes(24);
            // Our SETTINGS, empty; the client's SETTINGS is never acknowledged.
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            FrameParser parser = new FrameParser();
            byte[] buffer = new byte[16384];
            boolean request = false;
            while (!request) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                ByteBuffer octets = ByteBuffer.wrap(buffer, 0, n);
                for (Frame frame = parser.next(octets); frame != null; frame = parser.next(octets)) {
                    request |= frame instanceof HeadersFrame;
                }
            }
            Thread flood = new Thread(() -> promise(out), "push-promises");
            flood.start();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                ByteBuffer octets = ByteBuffer.wrap(buffer, 0, n);
                for (Frame frame = parser.next(octets); frame != null; frame = parser.next(octets)) {
                    received.add(frame);
                }
            }
            flood.join(10_000);
        } catch (IOException e) {
            // The client closed the connection: what the test expects.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** PUSH_PROMISE frames on stream 1 promising 2, 4, 6, ...: GET http://127.0.0.1/ each. */
    private static void promise(OutputStream out) {
        // HPACK (RFC 7541): :method GET (static 2), :scheme http (6), :path / (4), :authority literal (name 1).
        byte[] authority = "127.0.0.1".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x01, (byte) authority.length});
        block.writeBytes(authority);
        byte[] fields = block.toByteArray();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        try {
            for (int i = 0; i < PROMISES; i++) {
                int length = 4 + fields.length;
                int promised = 2 + 2 * i;
                // Frame header: length, type PUSH_PROMISE (0x5), flags END_HEADERS (0x4), stream 1.
                frames.writeBytes(new byte[] {0, 0, (byte) length, 5, 4, 0, 0, 0, 1,
                        (byte) (promised >>> 24), (byte) (promised >>> 16), (byte) (promised >>> 8), (byte) promised});
                frames.writeBytes(fields);
                if (frames.size() > 8192) {
                    out.write(frames.toByteArray());
                    frames.reset();
                }
            }
            out.write(frames.toByteArray());
        } catch (IOException e) {
            // The client stopped reading: it gave up on the connection, as it should.
        }
    }
}
