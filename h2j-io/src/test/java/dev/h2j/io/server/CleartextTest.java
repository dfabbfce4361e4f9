package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Limits;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingsFrame;
import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cleartext port: prior knowledge (RFC 9113 §3.3), octets that are no preface, HTTP/1.1 without upgrade. */
@Timeout(20)
class CleartextTest {
    H2Server server;
    InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        server = Servers.cleartext(Servers.HELLO);
        address = server.cleartextAddresses().get(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void priorKnowledgeRequestIsAnswered() throws Exception {
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("GET", "/index.html", true);
            RawClient.Exchange exchange = client.await(id);
            assertThat(exchange.status()).isEqualTo(200);
            assertThat(exchange.header("content-type")).isEqualTo("text/plain");
            assertThat(exchange.text()).isEqualTo("hello from /index.html");
        }
    }

    @Test
    void octetsThatAreNoPrefaceGetGoAwayProtocolErrorAndTheServerServesOthers() throws Exception {
        // A client that forgot the magic and starts with its SETTINGS frame (RFC 9113 §3.4).
        FrameBuffer settings = new FrameBuffer();
        new FrameWriter().writeSettings(List.of(new Setting(dev.h2j.frame.SettingId.ENABLE_PUSH, 0)), settings);
        try (RawClient client = RawClient.connect(address, Limits.defaults())) {
            client.writeRaw(settings.toByteArray());
            // Our own client expects the server's SETTINGS first: it is the server preface.
            client.conn.initiateConnection();
            client.conn.dataToSend();
            List<ConnectionTerminated> goAways = client.readToEnd();
            assertThat(goAways).extracting(ConnectionTerminated::errorCode).containsExactly(ErrorCode.PROTOCOL_ERROR);
        }
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("GET", "/after", true);
            assertThat(client.await(id).text()).isEqualTo("hello from /after");
        }
    }

    @Test
    void aPrefaceThatGoesWrongAfterItsMethodIsAProtocolErrorNotAnHttp11Request() throws Exception {
        // "PRI * HTTP/2.0" parses as an HTTP/1.x request line, but PRI is the preface's method alone.
        try (RawClient client = RawClient.connect(address, Limits.defaults())) {
            client.writeRaw("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.conn.initiateConnection();
            client.conn.dataToSend();
            List<ConnectionTerminated> goAways = client.readToEnd();
            assertThat(goAways).extracting(ConnectionTerminated::errorCode).containsExactly(ErrorCode.PROTOCOL_ERROR);
            assertThat(StandardCharsets.UTF_8.decode(goAways.get(0).additionalData()).toString())
                    .isEqualTo("RFC 9113 §3.4: the client preface must start with PRI * HTTP/2.0 (octet 18)");
        }
    }

    @Test
    void http11RequestWithoutUpgradeGets505WithAHint() throws Exception {
        String answer = http1(address, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n");
        assertThat(answer).contains("Connection: close\r\n");
        assertThat(answer).contains("This server speaks HTTP/2 only").contains("--http2-prior-knowledge")
                .contains("Upgrade: h2c");
        int length = Integer.parseInt(answer.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8)).hasSize(length);
    }

    @Test
    void http11HeadRequestGets505WithoutBody() throws Exception {
        String answer = http1(address, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 505 ");
        assertThat(answer).endsWith("\r\n\r\n");
    }

    @Test
    void malformedHttp11HeadGets400() throws Exception {
        String answer = http1(address, "GET / HTTP/1.1\r\nHost : localhost\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("RFC 9112 §5");
    }

    @Test
    void upgradeWithAChunkedBodyIsNotUpgraded() throws Exception {
        String answer = http1(address, "POST / HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 505 ").contains("chunked body is not upgraded");
    }

    @Test
    void upgradeWithoutHttp2SettingsIsNotUpgraded() throws Exception {
        String answer = http1(address, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\n"
                + "Upgrade: h2c\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 505 ").contains("exactly one HTTP2-Settings");
    }

    @Test
    void upgradeWithBadHttp2SettingsGets400() throws Exception {
        String answer = http1(address, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: !!not-base64!!\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("RFC 7540 §3.2.1");
    }

    @Test
    void upgradeAnswers101ThenHttp2OnStream1() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address, RawClient.TIMEOUT_MILLIS);
            socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
            dev.h2j.H2Connection client = new dev.h2j.H2Connection(dev.h2j.H2Configuration.client());
            String settings = client.initiateUpgradeConnection();
            OutputStream out = socket.getOutputStream();
            out.write(("GET /up HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: " + settings + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.nio.ByteBuffer preface = client.dataToSend();
            out.write(preface.array(), preface.position(), preface.remaining());
            InputStream in = socket.getInputStream();
            String expected = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
            assertThat(new String(in.readNBytes(expected.length()), StandardCharsets.US_ASCII)).isEqualTo(expected);
            StringBuilder body = new StringBuilder();
            boolean ended = false;
            byte[] buffer = new byte[16_384];
            while (!ended) {
                int n = in.read(buffer);
                assertThat(n).isPositive();
                for (dev.h2j.event.Event event : client.receiveData(java.nio.ByteBuffer.wrap(buffer, 0, n))) {
                    if (event instanceof dev.h2j.event.DataReceived) {
                        assertThat(((dev.h2j.event.DataReceived) event).streamId()).isEqualTo(1);
                        body.append(StandardCharsets.UTF_8.decode(((dev.h2j.event.DataReceived) event).data()));
                    }
                    ended |= event instanceof dev.h2j.event.StreamEnded;
                }
                java.nio.ByteBuffer answer = client.dataToSend();
                out.write(answer.array(), answer.position(), answer.remaining());
            }
            assertThat(body.toString()).isEqualTo("hello from /up");
        }
    }

    /** Sends an HTTP/1.1 request and reads until the server closes. */
    static String http1(InetSocketAddress address, String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address, RawClient.TIMEOUT_MILLIS);
            socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
