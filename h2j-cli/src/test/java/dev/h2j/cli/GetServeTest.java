package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.cli.serve.Certificates;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.Response;
import dev.h2j.io.client.ResponseStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h2j get} ↔ {@code h2j serve}, both in this JVM on loopback: every way in (TLS with ALPN, prior
 * knowledge, the h2c upgrade), many streams on one connection, Range, 304, a bad preface, the -v trace
 * and --fail. The server serves a directory of files this test wrote, so every octet is checked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GetServeTest {
    static final String HELLO = "hello from h2j serve\n";
    static final byte[] DATA = random(200_000, 1);
    /** Each of the hundred files is larger than the client's 65,535-octet stream window. */
    static final int MANY = 100;
    static final int MANY_SIZE = 80_000;

    @TempDir
    static Path dir;
    static Path certificate;
    static Serving serving;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.write(root.resolve("data.bin"), DATA);
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < MANY; i++) {
            Files.write(many.resolve(manyName(i)), manyContent(i));
        }
        Path state = dir.resolve("state");
        certificate = state.resolve(Certificates.CERT_FILE);
        serving = Serving.start("--state-dir", state.toString(), root.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] octets = new byte[size];
        new Random(seed).nextBytes(octets);
        return octets;
    }

    static String manyName(int i) {
        return String.format("f%03d.bin", i);
    }

    static byte[] manyContent(int i) {
        return random(MANY_SIZE, 1000 + i);
    }

    static String http(String path) {
        return serving.http(path).toString();
    }

    static String https(String path) {
        return serving.https(path).toString();
    }

    // ------------------------------------------------------------------ the ways in

    @Test
    void tlsWithAlpnH2AndDashK() throws Exception {
        Cli.BinaryRun run = Cli.runBinary("get", "-k", https("/hello.txt?tls"), https("/data.bin?tls"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(concat(HELLO.getBytes(StandardCharsets.UTF_8), DATA));
        assertThat(serving.awaitLog("GET /hello.txt?tls")).contains(" h2 #1 GET /hello.txt?tls 200 21 B ");
        assertThat(serving.awaitLog("GET /data.bin?tls")).contains(" h2 #3 GET /data.bin?tls 200 200000 B ");
    }

    @Test
    void withoutDashKTheSelfSignedCertificateIsRefusedWithAHint() {
        Cli.BinaryRun run = Cli.runBinary("get", https("/hello.txt"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.err()).startsWith("h2j get: " + https("/hello.txt") + ": TLS handshake with https://127.0.0.1:"
                + serving.httpsPort + " failed: ").contains("(-k accepts any certificate, insecurely)");
    }

    @Test
    void theClientTrustsTheGeneratedCertificateFromItsPemFileWithHostNameChecks() throws Exception {
        SSLContext trust = Serving.trusting(certificate);
        try (ClientConnection connection = H2Client.connect(serving.https("/"),
                ClientOptions.defaults().withSslContext(trust))) {
            Response response = connection.execute(Request.get(serving.https("/hello.txt?trusted")));

            assertThat(connection.tlsSession()).hasValueSatisfying(
                    session -> assertThat(session.getProtocol()).isIn("TLSv1.2", "TLSv1.3"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("content-type")).contains("text/plain; charset=utf-8");
            assertThat(response.bodyText()).isEqualTo(HELLO);
            assertThat(serving.awaitLog("GET /hello.txt?trusted")).contains(" h2 #1 GET /hello.txt?trusted 200 ");
        }
        // RFC 9113 §3.2: offered both, the server picks h2.
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", serving.httpsPort)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1", "h2"});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
        }
    }

    @Test
    void priorKnowledgeOnTheH2cPort() throws Exception {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-v", http("/data.bin?prior"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(DATA);
        // RFC 9113 §3.3: the preface and SETTINGS at once, no HTTP/1.1 first.
        assertThat(run.err()).doesNotContain("HTTP Upgrade");
        assertThat(serving.awaitLog("GET /data.bin?prior")).contains(" h2c #1 GET /data.bin?prior 200 200000 B ");
    }

    @Test
    void theH2cUpgradeIsTheDefaultForHttp() throws Exception {
        Cli.BinaryRun run = Cli.runBinary("get", "-v", http("/data.bin?upgrade"), http("/hello.txt?upgrade"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(concat(DATA, HELLO.getBytes(StandardCharsets.UTF_8)));
        // RFC 7540 §3.2: the first request goes out as HTTP/1.1 and its response comes on stream 1.
        assertThat(run.err()).contains("HTTP Upgrade request\n          GET /data.bin?upgrade HTTP/1.1\n")
                .contains("HTTP Upgrade response\n          HTTP/1.1 101 Switching Protocols\n");
        assertThat(serving.awaitLog("GET /data.bin?upgrade")).contains(" h2c #1 GET /data.bin?upgrade 200 200000 B ");
        assertThat(serving.awaitLog("GET /hello.txt?upgrade")).contains(" h2c #3 GET /hello.txt?upgrade 200 21 B ");
    }

    // ------------------------------------------------------------------ many streams

    @Test
    void aHundredUrlsGoAsAHundredStreamsOfOneConnection() throws Exception {
        List<String> args = new ArrayList<>(List.of("get", "--prior-knowledge"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < MANY; i++) {
            args.add(http("/many/" + manyName(i) + "?get"));
            expected.writeBytes(manyContent(i));
        }

        Cli.BinaryRun run = Cli.runBinary(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(expected.toByteArray());
        // One client address and port, streams 1, 3, ... 199.
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            String line = serving.awaitLog("GET /many/" + manyName(i) + "?get ");
            Matcher m = Pattern.compile(" (127\\.0\\.0\\.1:\\d+) h2c #(\\d+) ").matcher(line);
            assertThat(m.find()).as(line).isTrue();
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(2 * i + 1);
            clients.add(m.group(1));
        }
        assertThat(clients).containsOnly(clients.get(0));
    }

    @Test
    void aHundredStreamsAreOpenAtOnceAndCanBeReadLastFirst() throws Exception {
        try (ClientConnection connection = H2Client.connect(serving.http("/"),
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
            List<CompletableFuture<ResponseStream>> responses = new ArrayList<>();
            for (int i = 0; i < MANY; i++) {
                responses.add(connection.stream(Request.get(serving.http("/many/" + manyName(i) + "?api"))));
            }
            // Each file is larger than a stream window, so every response waits for its reader: reading
            // the last first only finishes if all hundred streams are open at once on both sides.
            for (int i = MANY - 1; i >= 0; i--) {
                try (ResponseStream response = responses.get(i).get(20, TimeUnit.SECONDS)) {
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.streamId()).isEqualTo(2 * i + 1);
                    assertThat(response.body().readAllBytes()).isEqualTo(manyContent(i));
                }
            }
        }
    }

    // ------------------------------------------------------------------ RFC 9110 on files

    @Test
    void aRangeAnswers206WithExactlyThoseOctets() {
        Cli.BinaryRun middle = Cli.runBinary("get", "--prior-knowledge", "-i", "-H", "range: bytes=1000-1999",
                http("/data.bin"));
        Cli.BinaryRun suffix = Cli.runBinary("get", "--prior-knowledge", "-H", "Range: bytes=-100", http("/data.bin"));

        assertThat(middle.exitCode()).as(middle.err()).isZero();
        String head = "HTTP/2 206\ncontent-range: bytes 1000-1999/200000\ncontent-type: application/octet-stream\n"
                + "content-length: 1000\n";
        assertThat(new String(middle.stdout(), StandardCharsets.ISO_8859_1)).startsWith(head);
        assertThat(afterHead(middle.stdout())).isEqualTo(Arrays.copyOfRange(DATA, 1000, 2000));
        assertThat(suffix.exitCode()).as(suffix.err()).isZero();
        assertThat(suffix.stdout()).isEqualTo(Arrays.copyOfRange(DATA, DATA.length - 100, DATA.length));
    }

    @Test
    void theEtagOfAHeadRequestInIfNoneMatchAnswers304() {
        Cli.BinaryRun head = Cli.runBinary("get", "-k", "-I", https("/hello.txt"));
        Matcher etag = Pattern.compile("(?m)^etag: (\"[^\"]+\")$").matcher(head.stdoutText());
        assertThat(etag.find()).as(head.stdoutText()).isTrue();

        Cli.BinaryRun conditional = Cli.runBinary("get", "-k", "-i", "-H", "if-none-match: " + etag.group(1),
                https("/hello.txt"));

        assertThat(head.stdoutText()).startsWith("HTTP/2 200\n").contains("content-length: 21\n")
                .endsWith("accept-ranges: bytes\n\n");
        assertThat(conditional.exitCode()).as(conditional.err()).isZero();
        // RFC 9110 §15.4.5: no content, and the validators a 200 would carry.
        assertThat(conditional.stdoutText()).startsWith("HTTP/2 304\netag: " + etag.group(1) + "\nlast-modified: ")
                .endsWith(" GMT\n\n");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void octetsThatAreNoPrefaceGetGoAwayProtocolErrorAndTheServerServesOthers() throws Exception {
        try (ClientConnection before = H2Client.connect(serving.http("/"),
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
            assertThat(before.execute(Request.get(serving.http("/hello.txt?before"))).bodyText()).isEqualTo(HELLO);

            // A client speaking TLS to the cleartext port, and one whose preface is wrong in its last line.
            Goaway tls = sendGarbage(clientHello());
            Goaway wrong = sendGarbage("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            // RFC 9113 §3.4: a connection error of type PROTOCOL_ERROR, no stream processed.
            assertThat(tls.errorCode()).isEqualTo(0x1);
            assertThat(tls.lastStreamId()).isZero();
            assertThat(tls.debugData()).contains("RFC 9113 §3.4");
            assertThat(wrong.errorCode()).isEqualTo(0x1);
            assertThat(wrong.lastStreamId()).isZero();
            // The connection that was open before goes on, and a new one is served.
            assertThat(before.execute(Request.get(serving.http("/hello.txt?after"))).bodyText()).isEqualTo(HELLO);
        }
        Cli.BinaryRun after = Cli.runBinary("get", "--prior-knowledge", http("/hello.txt?new"));
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.stdoutText()).isEqualTo(HELLO);
    }

    @Test
    void verboseTracesTheFramesOfAFetchFromServe() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-v", http("/hello.txt?traced"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).isEqualTo(HELLO);
        String stamp = "(?m)^\\[ *\\d+\\.\\d{3}\\] ";
        String indent = "\\n {10}";
        assertThat(run.err())
                .containsPattern(stamp + "send SETTINGS frame <length=\\d+, flags=0x00, stream_id=0>")
                .containsPattern(stamp + "recv SETTINGS frame <length=\\d+, flags=0x00, stream_id=0>" + indent
                        + "\\(niv=\\d\\)")
                .containsPattern(stamp + "recv SETTINGS frame <length=0, flags=0x01, stream_id=0>" + indent + "; ACK")
                .containsPattern(stamp + "send HEADERS frame <length=\\d+, flags=0x05, stream_id=1>" + indent
                        + "; END_STREAM \\| END_HEADERS" + indent + "\\(padlen=0\\)" + indent + ":method: GET"
                        + indent + ":scheme: http" + indent + ":authority: 127\\.0\\.0\\.1:" + serving.h2cPort
                        + indent + ":path: /hello\\.txt\\?traced")
                .containsPattern(stamp + "recv HEADERS frame <length=\\d+, flags=0x04, stream_id=1>" + indent
                        + "; END_HEADERS" + indent + "\\(padlen=0\\)" + indent + ":status: 200" + indent
                        + "content-type: text/plain; charset=utf-8" + indent + "content-length: 21")
                .containsPattern(stamp + "recv DATA frame <length=21, flags=0x0[01], stream_id=1>")
                .containsPattern(stamp + "recv DATA frame <length=\\d+, flags=0x01, stream_id=1>" + indent
                        + "; END_STREAM")
                .containsPattern(stamp + "send GOAWAY frame <length=8, flags=0x00, stream_id=0>");
    }

    @Test
    void failOnA404ExitsWith22AndWritesNothing() {
        Cli.BinaryRun failing = Cli.runBinary("get", "-k", "--fail", https("/absent.txt"));
        Cli.BinaryRun plain = Cli.runBinary("get", "-k", "-i", https("/absent.txt"));

        assertThat(failing.exitCode()).isEqualTo(22);
        assertThat(failing.stdout()).isEmpty();
        assertThat(failing.err()).isEqualTo("h2j get: " + https("/absent.txt") + ": the server answered 404 (--fail)"
                + System.lineSeparator());
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.stdoutText()).startsWith("HTTP/2 404\n").contains("/absent.txt");
    }

    @Test
    void aPostToTheStaticServerIs405NamingTheMethodsItAllows() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-i", "-d", "x=1", http("/hello.txt"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).startsWith("HTTP/2 405\n").contains("\nallow: GET, HEAD\n");
    }

    // ------------------------------------------------------------------ helpers

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** What follows the blank line that ends the head -i prints. */
    static byte[] afterHead(byte[] output) {
        String text = new String(output, StandardCharsets.ISO_8859_1);
        return Arrays.copyOfRange(output, text.indexOf("\n\n") + 2, output.length);
    }

    /** A TLS ClientHello, as a client that took the h2c port for the https one sends first. */
    static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", serving.h2cPort);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** The GOAWAY frame a connection ended with (RFC 9113 §6.8). */
    record Goaway(int lastStreamId, int errorCode, String debugData) {}

    /** Sends {@code octets} on a new cleartext connection, then reads frames until the GOAWAY and the close. */
    static Goaway sendGarbage(byte[] octets) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), serving.h2cPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(octets);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Goaway goaway = null;
            while (true) {
                byte[] header = new byte[9];
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                // RFC 9113 §6.8: GOAWAY is type 0x7: last stream ID, error code, debug data.
                if (header[3] == 0x7) {
                    ByteBuffer p = ByteBuffer.wrap(payload);
                    int last = p.getInt() & 0x7fff_ffff;
                    int code = p.getInt();
                    goaway = new Goaway(last, code, StandardCharsets.UTF_8.decode(p).toString());
                }
            }
            assertThat(goaway).as("a GOAWAY before the server closed").isNotNull();
            // Nothing follows the close.
            InputStream rest = socket.getInputStream();
            assertThat(rest.read()).isEqualTo(-1);
            return goaway;
        }
    }
}
