package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.testing.Certificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code h2j get} against nghttpd, nghttp2's server: cleartext with prior knowledge and TLS, big and small. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GetNghttpdTest {
    static final int LARGE = 16 << 20;

    @TempDir
    static Path root;
    @TempDir
    Path out;

    static Nghttpd cleartext;
    static Nghttpd tls;
    static String largeSha256;

    @BeforeAll
    static void start() throws Exception {
        Nghttpd.require();
        Files.writeString(root.resolve("hello.txt"), "hello from nghttpd\n");
        Files.writeString(root.resolve("one.txt"), "one\n");
        Files.writeString(root.resolve("two.txt"), "two\n");
        byte[] large = new byte[LARGE];
        new Random(6).nextBytes(large);
        Files.write(root.resolve("large.bin"), large);
        largeSha256 = sha256(large);
        Certificates certificates = Certificates.selfSigned();
        cleartext = Nghttpd.start(root, null, null, "--trailer", "x-served-by: nghttpd");
        tls = Nghttpd.start(root, certificates.keyPem(), certificates.certificatePem(), "--echo-upload");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cleartext != null) {
            cleartext.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void priorKnowledgeFetchesASmallFile() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", cleartext.url("/hello.txt"));

        assertThat(run.exitCode()).as(run.err() + cleartext.output()).isZero();
        assertThat(run.stdoutText()).isEqualTo("hello from nghttpd\n");
    }

    @Test
    void sixteenMebibytesArriveIntactOverTls() throws Exception {
        Path file = out.resolve("large.bin");

        Cli.BinaryRun run = Cli.runBinary("get", "-k", "-o", file.toString(), tls.url("/large.bin"));

        assertThat(run.exitCode()).as(run.err() + tls.output()).isZero();
        assertThat(Files.size(file)).isEqualTo(LARGE);
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(largeSha256);
    }

    @Test
    void severalFilesComeOverOneConnection() throws Exception {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-v", "-O", "--output-dir", out.toString(),
                cleartext.url("/one.txt"), cleartext.url("/two.txt"), cleartext.url("/hello.txt"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve("one.txt"))).isEqualTo("one\n");
        assertThat(Files.readString(out.resolve("two.txt"))).isEqualTo("two\n");
        assertThat(Files.readString(out.resolve("hello.txt"))).isEqualTo("hello from nghttpd\n");
        // One connection: one client preface SETTINGS, three streams.
        assertThat(run.err().split("send SETTINGS frame <length=18", -1)).hasSize(2);
        assertThat(run.err()).contains("stream_id=1>", "stream_id=3>", "stream_id=5>");
    }

    @Test
    void theServersTrailersFollowTheBodyWithInclude() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-i", cleartext.url("/one.txt"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).startsWith("HTTP/2 200\n").contains("\ncontent-length: 4\n")
                .endsWith("\n\none\nx-served-by: nghttpd\n");
    }

    @Test
    void aOneMebibyteUploadIsEchoedBack() throws Exception {
        byte[] upload = new byte[1 << 20];
        new Random(7).nextBytes(upload);
        Path file = out.resolve("upload.bin");
        Files.write(file, upload);

        Cli.BinaryRun run = Cli.runBinary("get", "-k", "-d", "@" + file, tls.url("/echo"));

        assertThat(run.exitCode()).as(run.err() + tls.output()).isZero();
        assertThat(sha256(run.stdout())).isEqualTo(sha256(upload));
    }

    @Test
    void theDefaultTrustRefusesTheSelfSignedCertificate() {
        Cli.BinaryRun run = Cli.runBinary("get", tls.url("/hello.txt"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("h2j get: " + tls.url("/hello.txt") + ": TLS handshake with ")
                .contains("(-k accepts any certificate, insecurely)");
    }

    @Test
    void theH2cUpgradeFailsClearlyOnAServerThatOnlyTakesPriorKnowledge() {
        Cli.BinaryRun run = Cli.runBinary("get", cleartext.url("/hello.txt"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("an HTTP/2 SETTINGS frame: it expects prior knowledge (RFC 9113 §3.3)");
    }

    @Test
    void aMissingFileIsAFailureOnlyWithFail() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "--fail", cleartext.url("/absent"));

        assertThat(run.exitCode()).isEqualTo(GetCommand.HTTP_ERROR);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.err()).contains("the server answered 404 (--fail)");
    }

    static String sha256(byte[] octets) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(octets));
    }
}
