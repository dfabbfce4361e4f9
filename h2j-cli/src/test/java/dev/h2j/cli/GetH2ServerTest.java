package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.Headers;
import dev.h2j.cli.serve.Certificates;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.server.BodyListener;
import dev.h2j.io.server.H2Server;
import dev.h2j.io.server.Request;
import dev.h2j.io.server.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h2j get} against an {@link H2Server} whose handler echoes request bodies, which the static
 * {@code h2j serve} does not: uploads with {@code -d @FILE} over every way in, and trailers printed by
 * {@code -i}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GetH2ServerTest {
    /** Larger than every window on the way, so the upload and the echo both wait for credit. */
    static final byte[] UPLOAD = new byte[1_000_000];

    @TempDir
    static Path dir;
    static Path upload;
    static H2Server server;

    @BeforeAll
    static void start() throws Exception {
        new Random(9).nextBytes(UPLOAD);
        upload = Files.write(dir.resolve("upload.bin"), UPLOAD);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = H2Server.builder(GetH2ServerTest::answer)
                .cleartext(new InetSocketAddress(loopback, 0))
                .tls(new InetSocketAddress(loopback, 0), Certificates.generate().sslContext())
                .shutdownTimeout(Duration.ofSeconds(5))
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * POST and PUT: the body comes back as it arrives, each piece released (credited to the client) once it
     * went out, then trailers with its length and SHA-256. Anything else: 204.
     */
    static void answer(Request request, Response response) {
        if (!request.method().equals("POST") && !request.method().equals("PUT")) {
            response.send(Headers.response(204).build());
            return;
        }
        response.sendHeaders(Headers.response(200)
                .add("content-type", request.header("content-type").orElse("application/octet-stream")).build());
        MessageDigest sha256 = sha256();
        long[] octets = {0};
        request.onBody(new BodyListener() {
            @Override
            public void onData(ByteBuffer data, Runnable release) {
                sha256.update(data.duplicate());
                octets[0] += data.remaining();
                response.write(data, release);
            }

            @Override
            public void onEnd(List<HeaderField> trailers) {
                // RFC 9113 §8.1: trailers in a HEADERS frame that ends the stream.
                response.end(List.of(HeaderField.of("x-octets", Long.toString(octets[0])),
                        HeaderField.of("x-sha256", HexFormat.of().formatHex(sha256.digest()))));
            }
        });
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String http(String path) {
        return "http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + path;
    }

    static String https(String path) {
        return "https://127.0.0.1:" + server.tlsAddresses().get(0).getPort() + path;
    }

    @Test
    void anUploadComesBackOctetForOctetOverPriorKnowledge() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-d", "@" + upload, http("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(UPLOAD);
    }

    @Test
    void anUploadComesBackOverTls() {
        Cli.BinaryRun run = Cli.runBinary("get", "-k", "-d", "@" + upload, https("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(UPLOAD);
    }

    @Test
    void anUploadAfterTheH2cUpgradeCarriedByOptions() {
        Cli.BinaryRun run = Cli.runBinary("get", "-v", "-d", "@" + upload, http("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(UPLOAD);
        // RFC 7540 §3.2: a request with a body cannot carry the upgrade; OPTIONS * does, and the POST follows.
        assertThat(run.err()).contains("HTTP Upgrade request\n          OPTIONS * HTTP/1.1\n")
                .containsPattern("send HEADERS frame <length=\\d+, flags=0x04, stream_id=3>");
    }

    @Test
    void standardInputGoesUpAndComesBack() {
        byte[] piped = Arrays.copyOf(UPLOAD, 100_000);

        Cli.BinaryRun run = Cli.runBinary(piped, "get", "--prior-knowledge", "-d", "@-", http("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(piped);
    }

    @Test
    void includePrintsTheTrailersAfterTheBody() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-i", "-H", "content-type: text/plain",
                "-d", "trailers, please", http("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        String sha256 = HexFormat.of().formatHex(sha256().digest("trailers, please".getBytes(StandardCharsets.UTF_8)));
        assertThat(run.stdoutText()).isEqualTo("HTTP/2 200\ncontent-type: text/plain\n\ntrailers, please"
                + "x-octets: 16\nx-sha256: " + sha256 + "\n");
    }

    @Test
    void theTrailersOfALargeUploadCountEveryOctet() {
        Cli.BinaryRun run = Cli.runBinary("get", "-k", "-i", "-d", "@" + upload, https("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        String text = new String(run.stdout(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("HTTP/2 200\ncontent-type: application/x-www-form-urlencoded\n\n")
                .endsWith("x-octets: " + UPLOAD.length + "\nx-sha256: "
                        + HexFormat.of().formatHex(sha256().digest(UPLOAD)) + "\n");
    }
}
