package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.testing.Certificates;
import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code h2j get} against the in-test server: options, output, exit status and the -v trace. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GetCommandTest {
    static final byte[] BINARY = new byte[300_000];
    static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        new Random(5).nextBytes(BINARY);
        server = TestServer.cleartext(GetCommandTest::answer);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Reply answer(TestServer.Request request) {
        String path = request.path();
        if (path.equals("/binary")) {
            return Reply.ok(BINARY);
        }
        if (path.equals("/echo")) {
            StringBuilder text = new StringBuilder();
            for (HeaderField field : request.headers()) {
                text.append(field.name()).append(": ").append(field.value()).append('\n');
            }
            text.append('\n').append(new String(request.body(), StandardCharsets.UTF_8));
            return Reply.ok(text.toString());
        }
        if (path.equals("/missing")) {
            return new Reply.Respond(404, List.of(), "no such thing".getBytes(StandardCharsets.UTF_8), List.of());
        }
        if (path.equals("/trailers")) {
            return new Reply.Respond(200, List.of(HeaderField.of("content-type", "text/plain")),
                    "body".getBytes(StandardCharsets.UTF_8), List.of(HeaderField.of("x-checksum", "42")));
        }
        if (path.equals("/refused")) {
            return new Reply.Reset(ErrorCode.REFUSED_STREAM);
        }
        if (path.equals("/goaway")) {
            return new Reply.GoAway(ErrorCode.ENHANCE_YOUR_CALM, "calm down");
        }
        return Reply.ok("text of " + path + "\n");
    }

    static String url(String path) {
        return server.uri(path).toString();
    }

    @Test
    void theBodyGoesToStandardOutputOctetForOctet() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", url("/binary"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEqualTo(BINARY);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void urlsOfOneOriginShareAConnectionAndPrintInTheirOrder() {
        int before = server.connections();

        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", url("/a"), url("/b"), url("/c"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).isEqualTo("text of /a\ntext of /b\ntext of /c\n");
        assertThat(server.connections() - before).isEqualTo(1);
    }

    @Test
    void eachOriginGetsAConnectionOfItsOwn() throws Exception {
        try (TestServer other = TestServer.cleartext(request -> Reply.ok("other " + request.path() + "\n"))) {
            Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", url("/first"),
                    other.uri("/second").toString(), url("/third"));

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.stdoutText()).isEqualTo("text of /first\nother /second\ntext of /third\n");
        }
    }

    @Test
    void theH2cUpgradeIsTheDefaultForHttp() {
        Cli.BinaryRun run = Cli.runBinary("get", url("/up"), url("/graded"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).isEqualTo("text of /up\ntext of /graded\n");
    }

    @Test
    void aServerThatOnlySpeaksHttp11IsAClearFailure() throws Exception {
        try (TestServer http1 = TestServer.http1Only()) {
            Cli.BinaryRun run = Cli.runBinary("get", http1.uri("/").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("h2j get: " + http1.uri("/") + ": h2c upgrade refused: the server answered"
                    + " \"HTTP/1.1 200 OK\" instead of 101 Switching Protocols (RFC 7540 §3.2); it does not speak"
                    + " HTTP/2 by upgrade: try prior knowledge or https" + System.lineSeparator());
        }
    }

    @Test
    void dashOWritesEachUrlToItsFile() throws Exception {
        Path first = dir.resolve("first.txt");

        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-o", first.toString(), "-o",
                dir.resolve("second.bin").toString(), url("/x"), url("/binary"), url("/stdout"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(first)).isEqualTo("text of /x\n");
        assertThat(Files.readAllBytes(dir.resolve("second.bin"))).isEqualTo(BINARY);
        assertThat(run.stdoutText()).isEqualTo("text of /stdout\n");
    }

    @Test
    void dashCapitalONamesFilesAfterTheUrl() throws Exception {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-O", "--output-dir", dir.toString(),
                url("/files/one.txt"), url("/files/two.txt?v=1"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(Files.readString(dir.resolve("one.txt"))).isEqualTo("text of /files/one.txt\n");
        assertThat(Files.readString(dir.resolve("two.txt"))).isEqualTo("text of /files/two.txt?v=1\n");
    }

    @Test
    void dashHAddsHeaderFieldsAndTheDefaultsCanBeReplaced() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-H", "X-Test: yes", "-H",
                "user-agent: mine", url("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).contains(":method: GET\n", "x-test: yes\n", "user-agent: mine\n", "accept: */*\n")
                .doesNotContain("h2j/");
    }

    @Test
    void dashDPostsTextFilesAndStandardInput() throws Exception {
        Path file = dir.resolve("upload.txt");
        Files.writeString(file, "from a file");

        Cli.BinaryRun text = Cli.runBinary("get", "--prior-knowledge", "-d", "a=1&b=2", url("/echo"));
        Cli.BinaryRun fromFile = Cli.runBinary("get", "--prior-knowledge", "-d", "@" + file, url("/echo"));
        Cli.BinaryRun fromStdin = Cli.runBinary("piped in".getBytes(StandardCharsets.UTF_8), "get", "--prior-knowledge",
                "-d", "@-", "-H", "content-type: text/plain", url("/echo"));

        assertThat(text.stdoutText()).as(text.err()).contains(":method: POST\n", "content-type: application/x-www-form-urlencoded\n",
                "content-length: 7\n").endsWith("\n\na=1&b=2");
        assertThat(fromFile.stdoutText()).as(fromFile.err()).contains(":method: POST\n").endsWith("\n\nfrom a file");
        assertThat(fromStdin.stdoutText()).as(fromStdin.err()).contains("content-type: text/plain\n").endsWith("\n\npiped in");
    }

    @Test
    void dashISendsHeadAndPrintsTheHeaderFields() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-I", url("/echo"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        // The in-test server answers HEAD like GET, minus the body: its content-length stays.
        assertThat(run.stdoutText()).matches("HTTP/2 200\ncontent-length: \\d+\n\n");
    }

    @Test
    void dashLowercaseIPrintsHeaderFieldsBodyAndTrailers() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-i", url("/trailers"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).isEqualTo("HTTP/2 200\ncontent-type: text/plain\n\nbodyx-checksum: 42\n");
    }

    @Test
    void failTurnsAwayHttpErrorsWithStatus22() {
        Cli.BinaryRun plain = Cli.runBinary("get", "--prior-knowledge", url("/missing"));
        Cli.BinaryRun failing = Cli.runBinary("get", "--prior-knowledge", "--fail", url("/missing"), url("/ok"));

        assertThat(plain.exitCode()).isZero();
        assertThat(plain.stdoutText()).isEqualTo("no such thing");
        assertThat(failing.exitCode()).isEqualTo(GetCommand.HTTP_ERROR);
        assertThat(failing.stdoutText()).isEqualTo("text of /ok\n");
        assertThat(failing.err()).isEqualTo("h2j get: " + url("/missing") + ": the server answered 404 (--fail)"
                + System.lineSeparator());
    }

    @Test
    void aResetStreamFailsItsUrlNamingTheCodeAndTheOthersArriveAnyway() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "--fail", url("/before"), url("/refused"),
                url("/missing"), url("/after"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdoutText()).isEqualTo("text of /before\ntext of /after\n");
        assertThat(run.err()).startsWith("h2j get: " + url("/refused")
                + ": stream 3 reset by the server: RST_STREAM REFUSED_STREAM (0x7)");
    }

    @Test
    void aStandardOutputThatFailsStopsEveryFetchAndCancelsTheStreams() throws Exception {
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        try (TestServer large = TestServer.cleartext(request -> Reply.ok(BINARY))) {
            String first = large.uri("/first").toString();

            Cli.Run run = Cli.runGet(closedPipe, new byte[0], "get", "--prior-knowledge", first,
                    large.uri("/second").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("h2j get: " + first + ": cannot write to standard output: Broken pipe"
                    + System.lineSeparator());
            // Neither body fits its 65,535-octet window: both streams were cut short, not read to the end.
            large.awaitResets(2);
            assertThat(large.resetsReceived()).containsExactly(ErrorCode.CANCEL, ErrorCode.CANCEL);
            assertThat(large.dataSent()).isLessThan(2L * BINARY.length);
        }
    }

    @Test
    void aGoAwayWithAnErrorIsExitStatusOneNamingTheCode() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", url("/goaway"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("h2j get: " + url("/goaway") + ": connection closed by the server: GOAWAY"
                + " ENHANCE_YOUR_CALM (0xb), last stream 1, debug data \"calm down\"" + System.lineSeparator());
    }

    @Test
    void verbosePrintsEveryFrameBothWaysWithTheDecodedFields() {
        Cli.BinaryRun run = Cli.runBinary("get", "--prior-knowledge", "-v", url("/traced"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).isEqualTo("text of /traced\n");
        String stamp = "\\[ *\\d+\\.\\d{3}\\] ";
        String indent = " {10}";
        assertThat(run.err()).containsPattern(Pattern.compile("(?m)^" + stamp + "Connecting to http://127\\.0\\.0\\.1:\\d+$"))
                .containsPattern(Pattern.compile("(?m)^" + stamp
                        + "send SETTINGS frame <length=18, flags=0x00, stream_id=0>\\n" + indent + "\\(niv=3\\)\\n"
                        + indent + "\\[SETTINGS_ENABLE_PUSH\\(0x02\\):0\\]$"))
                .containsPattern(Pattern.compile("(?m)^" + stamp
                        + "send HEADERS frame <length=\\d+, flags=0x05, stream_id=1>\\n" + indent
                        + "; END_STREAM \\| END_HEADERS\\n" + indent + "\\(padlen=0\\)\\n" + indent + ":method: GET\\n"
                        + indent + ":scheme: http\\n" + indent + ":authority: 127\\.0\\.0\\.1:\\d+\\n" + indent
                        + ":path: /traced\\n"))
                .containsPattern(Pattern.compile("(?m)^" + stamp
                        + "recv HEADERS frame <length=\\d+, flags=0x04, stream_id=1>\\n" + indent + "; END_HEADERS\\n"
                        + indent + "\\(padlen=0\\)\\n" + indent + ":status: 200$"))
                .containsPattern(Pattern.compile("(?m)^" + stamp
                        + "recv DATA frame <length=16, flags=0x01, stream_id=1>\\n" + indent + "; END_STREAM$"))
                .containsPattern(Pattern.compile("(?m)^" + stamp
                        + "send GOAWAY frame <length=8, flags=0x00, stream_id=0>\\n" + indent
                        + "\\(last_stream_id=0, error_code=NO_ERROR\\(0x00\\), opaque_data\\(0\\)=\\[\\]\\)$"));
    }

    @Test
    void verboseShowsTheUpgradeHeads() {
        Cli.BinaryRun run = Cli.runBinary("get", "-v", url("/upgraded"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern(Pattern.compile("(?m)^\\[ *\\d+\\.\\d{3}\\] HTTP Upgrade request\\n"
                + " {10}GET /upgraded HTTP/1\\.1\\n {10}Host: 127\\.0\\.0\\.1:\\d+\\n {10}Connection: Upgrade,"
                + " HTTP2-Settings\\n {10}Upgrade: h2c\\n {10}HTTP2-Settings: [A-Za-z0-9_-]+\\n"))
                .containsPattern(Pattern.compile("(?m)^\\[ *\\d+\\.\\d{3}\\] HTTP Upgrade response\\n {10}HTTP/1\\.1"
                        + " 101 Switching Protocols$"));
    }

    @Test
    void insecureReachesASelfSignedServerThatTheDefaultTrustRefuses() throws Exception {
        try (TestServer secure = TestServer.tls(Certificates.selfSigned().serverContext(), request -> Reply.ok("tls"))) {
            Cli.BinaryRun trusted = Cli.runBinary("get", "-k", secure.uri("/").toString());
            Cli.BinaryRun refused = Cli.runBinary("get", secure.uri("/").toString());

            assertThat(trusted.exitCode()).as(trusted.err()).isZero();
            assertThat(trusted.stdoutText()).isEqualTo("tls");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).startsWith("h2j get: " + secure.uri("/") + ": TLS handshake with https://127.0.0.1:"
                    + secure.port() + " failed: ").contains("(-k accepts any certificate, insecurely)");
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(Cli.runBinary("get", "ftp://example.com/").exitCode()).isEqualTo(2);
        assertThat(Cli.runBinary("get", "-I", "-d", "x", url("/")).exitCode()).isEqualTo(2);
        assertThat(Cli.runBinary("get", "-o", "a", "-o", "b", url("/")).exitCode()).isEqualTo(2);
        assertThat(Cli.runBinary("get", "-O", url("/")).err()).contains("-O: " + url("/") + " has no file name");
        assertThat(Cli.runBinary("get", "-H", "no colon", url("/")).exitCode()).isEqualTo(2);
        assertThat(Cli.runBinary("get", "-d", "@" + dir.resolve("absent"), url("/")).exitCode()).isEqualTo(2);
        assertThat(Cli.runBinary("get", "-X", "NOT A TOKEN", url("/")).err()).contains("-X: RFC 9110 §9.1");
        assertThat(Cli.runBinary("get", "--connect-timeout", "0", url("/")).exitCode()).isEqualTo(2);
    }

    @Test
    void helpDescribesTheOptionsAndTheExitStatus() {
        Cli.Run run = Cli.run("get", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: h2j get", "--prior-knowledge", "--insecure", "--remote-name",
                "--output-dir", "--include", "--head", "--fail", "--verbose", "Exit status:", "22");
    }
}
