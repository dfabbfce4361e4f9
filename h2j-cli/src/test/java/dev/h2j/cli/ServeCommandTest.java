package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.cli.serve.Certificates;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code h2j serve}: options, the certificate, the demo, errors. */
@Timeout(60)
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpNamesEveryOption() {
        Cli.Run run = Cli.run("serve", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: h2j serve", "[DIR]", "--port", "--h2c-port", "--bind", "--cert", "--key",
                "--state-dir", "--threads", "--shutdown-timeout", "--no-access-log", "built-in demo");
    }

    @Test
    void certWithoutKeyIsAUsageError() {
        Cli.Run run = Cli.run("serve", "--cert", dir.resolve("c.pem").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--cert and --key go together");
    }

    @Test
    void missingDirectoryIsAnError() {
        Cli.Run run = Cli.run("serve", "--state-dir", dir.toString(), dir.resolve("absent").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("h2j serve: ").contains("absent");
    }

    @Test
    void takenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Run run = Cli.run("serve", "--port", Integer.toString(taken.getLocalPort()), "--h2c-port", "0",
                    "--state-dir", dir.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("--port");
        }
    }

    @Test
    void demoWithACertificateMadeAtFirstStartAndReusedAfter() throws Exception {
        Path state = dir.resolve("state");
        Path cert = state.resolve(Certificates.CERT_FILE);
        try (Serving serving = Serving.start("--state-dir", state.toString())) {
            assertThat(serving.out.toString()).contains("serving the built-in demo page")
                    .contains("certificate " + cert + " (self-signed").contains("made now");
            HttpClient client = Serving.client(cert);
            HttpResponse<byte[]> index = Serving.send(client, HttpRequest.newBuilder(serving.https("/")));
            assertThat(index.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
            assertThat(new String(index.body(), StandardCharsets.UTF_8)).contains("<title>h2j serve</title>",
                    "style.css", "app.js", "h2j.svg");
            assertThat(Serving.send(client, HttpRequest.newBuilder(serving.https("/style.css"))).headers()
                    .firstValue("content-type")).contains("text/css; charset=utf-8");
            assertThat(Serving.send(client, HttpRequest.newBuilder(serving.https("/app.js"))).headers()
                    .firstValue("content-type")).contains("text/javascript; charset=utf-8");
            HttpResponse<byte[]> svg = Serving.send(client, HttpRequest.newBuilder(serving.https("/h2j.svg")));
            assertThat(svg.headers().firstValue("content-type")).contains("image/svg+xml");
            assertThat(new String(svg.body(), StandardCharsets.UTF_8)).startsWith("<svg");
        }
        byte[] first = Files.readAllBytes(cert);
        try (Serving again = Serving.start("--state-dir", state.toString())) {
            assertThat(again.out.toString()).contains("reused");
            HttpResponse<byte[]> index = Serving.send(Serving.client(cert), HttpRequest.newBuilder(again.https("/")));
            assertThat(index.statusCode()).isEqualTo(200);
        }
        assertThat(Files.readAllBytes(cert)).isEqualTo(first);
    }

    @Test
    void certAndKeyFromPemFiles() throws Exception {
        Path cert = dir.resolve("my-cert.pem");
        Path key = dir.resolve("my-key.pem");
        Certificates.generate().write(cert, key);
        try (Serving serving = Serving.start("--cert", cert.toString(), "--key", key.toString())) {
            assertThat(serving.out.toString()).contains("certificate " + cert + " (from --cert)");
            HttpResponse<byte[]> index = Serving.send(Serving.client(cert), HttpRequest.newBuilder(serving.https("/")));
            assertThat(index.statusCode()).isEqualTo(200);
            String line = serving.awaitLog(" GET / ");
            // time, client, protocol, stream, method, path, status, octets, milliseconds
            assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1:\\d+ h2 #\\d+ GET / 200 "
                    + index.body().length + " B \\d+ ms");
        }
    }

    @Test
    void noAccessLogServesWithoutALinePerRequest() throws Exception {
        Serving serving = Serving.start("--state-dir", dir.toString(), "--no-access-log");
        try {
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<byte[]> response = Serving.send(plain, HttpRequest.newBuilder(serving.http("/style.css")));
            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            // The close drains every stream first: a line the request caused would be out by then.
            serving.close();
        }
        assertThat(serving.accessLog()).isEmpty();
    }

    @Test
    void h2cUpgradeFromTheJdkClient() throws Exception {
        try (Serving serving = Serving.start("--state-dir", dir.toString())) {
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<byte[]> response = Serving.send(plain, HttpRequest.newBuilder(serving.http("/style.css")));
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(serving.awaitLog("GET /style.css")).contains(" h2c #1 ");
        }
    }
}
