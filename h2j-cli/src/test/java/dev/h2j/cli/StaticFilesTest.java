package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.cli.serve.Certificates;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h2j serve DIR} as RFC 9110 has GET and HEAD of files: validators, 304, ranges, 404/405, indexes,
 * OPTIONS *.
 */
@Timeout(60)
class StaticFilesTest {
    static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09Z");
    static final String HELLO = "hello, static world\n";
    static final byte[] BIG = new byte[200_000];

    @TempDir
    static Path dir;
    static Path root;
    static Serving serving;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MODIFIED));
        new Random(5).nextBytes(BIG);
        Files.write(root.resolve("big.bin"), BIG);
        Files.write(root.resolve("empty.css"), new byte[0]);
        Files.writeString(root.resolve("a b ü.json"), "{}");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/readme.md"), "# docs\n");
        Files.createDirectories(root.resolve("docs/more"));
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/index.html"), "<!doctype html><title>app</title>");
        Files.writeString(dir.resolve("secret.txt"), "outside the root");
        Files.createSymbolicLink(root.resolve("leak.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("up"), dir);
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));
        Path state = dir.resolve("state");
        serving = Serving.start("--state-dir", state.toString(), root.toString());
        client = Serving.client(state.resolve(Certificates.CERT_FILE));
    }

    @AfterAll
    static void stop() throws Exception {
        serving.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return serving.get(client, path, headers);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static String header(HttpResponse<byte[]> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void fileWithValidatorsAndType() throws Exception {
        HttpResponse<byte[]> response = get("/hello.txt");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).isEqualTo(HELLO);
        assertThat(header(response, "content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(header(response, "content-length")).isEqualTo(Integer.toString(HELLO.length()));
        assertThat(header(response, "last-modified")).isEqualTo("Mon, 06 May 2024 07:08:09 GMT");
        assertThat(header(response, "etag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(header(response, "accept-ranges")).isEqualTo("bytes");
        assertThat(serving.awaitLog("GET /hello.txt")).contains(" 200 " + HELLO.length() + " B ");
    }

    @Test
    void headHasTheHeadersAndNoContent() throws Exception {
        HttpResponse<byte[]> response = Serving.send(client, HttpRequest.newBuilder(serving.https("/big.bin"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "content-length")).isEqualTo("200000");
        assertThat(header(response, "content-type")).isEqualTo("application/octet-stream");
    }

    @Test
    void largeFileArrivesWhole() throws Exception {
        assertThat(get("/big.bin").body()).isEqualTo(BIG);
    }

    @Test
    void emptyFileAndEncodedName() throws Exception {
        HttpResponse<byte[]> empty = get("/empty.css");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
        assertThat(header(empty, "content-type")).isEqualTo("text/css; charset=utf-8");
        HttpResponse<byte[]> json = get("/a%20b%20%C3%BC.json");
        assertThat(text(json)).isEqualTo("{}");
        assertThat(header(json, "content-type")).isEqualTo("application/json");
    }

    @Test
    void singleRangeGets206() throws Exception {
        HttpResponse<byte[]> response = get("/big.bin", "range", "bytes=100-199");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(header(response, "content-range")).isEqualTo("bytes 100-199/200000");
        assertThat(header(response, "content-length")).isEqualTo("100");
        assertThat(response.body()).isEqualTo(java.util.Arrays.copyOfRange(BIG, 100, 200));
    }

    @Test
    void suffixAndOpenRanges() throws Exception {
        HttpResponse<byte[]> suffix = get("/big.bin", "range", "bytes=-10");
        assertThat(header(suffix, "content-range")).isEqualTo("bytes 199990-199999/200000");
        assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(BIG, 199_990, 200_000));
        HttpResponse<byte[]> open = get("/big.bin", "range", "bytes=199000-");
        assertThat(header(open, "content-range")).isEqualTo("bytes 199000-199999/200000");
        HttpResponse<byte[]> beyond = get("/big.bin", "range", "bytes=199000-300000");
        assertThat(header(beyond, "content-range")).isEqualTo("bytes 199000-199999/200000");
    }

    @Test
    void unsatisfiableRangeGets416() throws Exception {
        HttpResponse<byte[]> response = get("/big.bin", "range", "bytes=200000-");
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "content-range")).isEqualTo("bytes */200000");
    }

    @Test
    void severalRangesOrStaleIfRangeGetTheWholeFile() throws Exception {
        HttpResponse<byte[]> several = get("/big.bin", "range", "bytes=0-9,20-29");
        assertThat(several.statusCode()).isEqualTo(200);
        assertThat(several.body()).isEqualTo(BIG);
        HttpResponse<byte[]> stale = get("/big.bin", "range", "bytes=0-9", "if-range", "\"0-0\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        String etag = header(stale, "etag");
        assertThat(get("/big.bin", "range", "bytes=0-9", "if-range", etag).statusCode()).isEqualTo(206);
    }

    @Test
    void ifNoneMatchGets304() throws Exception {
        String etag = header(get("/hello.txt"), "etag");
        HttpResponse<byte[]> same = get("/hello.txt", "if-none-match", etag);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(header(same, "etag")).isEqualTo(etag);
        assertThat(get("/hello.txt", "if-none-match", "\"other\", W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get("/hello.txt", "if-none-match", "*").statusCode()).isEqualTo(304);
        assertThat(get("/hello.txt", "if-none-match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void ifModifiedSinceGets304UnlessIfNoneMatchDisagrees() throws Exception {
        assertThat(get("/hello.txt", "if-modified-since", "Mon, 06 May 2024 07:08:09 GMT").statusCode()).isEqualTo(304);
        assertThat(get("/hello.txt", "if-modified-since", "Monday, 06-May-24 07:08:10 GMT").statusCode())
                .isEqualTo(304);
        assertThat(get("/hello.txt", "if-modified-since", "Mon May  6 07:08:08 2024").statusCode()).isEqualTo(200);
        assertThat(get("/hello.txt", "if-modified-since", "yesterday").statusCode()).isEqualTo(200);
        // RFC 9110 §13.2.2: If-None-Match decides when present.
        assertThat(get("/hello.txt", "if-modified-since", "Mon, 06 May 2024 07:08:09 GMT", "if-none-match",
                "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void missingFileGets404AndOtherMethods405() throws Exception {
        HttpResponse<byte[]> missing = get("/nothing-here.txt");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(header(missing, "content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(text(missing)).contains("404 Not Found");
        HttpResponse<byte[]> post = Serving.send(client, HttpRequest.newBuilder(serving.https("/hello.txt"))
                .POST(HttpRequest.BodyPublishers.ofString("data")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(header(post, "allow")).isEqualTo("GET, HEAD");
        assertThat(serving.awaitLog("POST /hello.txt")).contains(" 405 ");
    }

    @Test
    void optionsAsteriskGets204ListingTheMethods() throws Exception {
        // h2j get -I sends HEAD, which cannot carry the h2c upgrade: OPTIONS * carries it.
        Cli.BinaryRun run = Cli.runBinary("get", "-I", serving.http("/hello.txt?options").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.stdoutText()).startsWith("HTTP/2 200\n");
        String options = serving.awaitLog(" OPTIONS * ");
        assertThat(options).contains(" h2c #1 OPTIONS * 204 0 B ");
        assertThat(serving.awaitLog(" HEAD /hello.txt?options ")).contains(" h2c #3 HEAD /hello.txt?options 200 ");
    }

    @Test
    void directoryIndexListingAndRedirect() throws Exception {
        HttpResponse<byte[]> listing = get("/docs/");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(text(listing)).contains("Index of /docs/", "<a href=\"readme.md\">readme.md</a>",
                "<a href=\"more/\">more/</a>", "<a href=\"../\">../</a>");
        assertThat(text(get("/"))).contains("<a href=\"a%20b%20%C3%BC.json\">a b ü.json</a>");
        HttpResponse<byte[]> index = get("/app/");
        assertThat(text(index)).isEqualTo("<!doctype html><title>app</title>");
        assertThat(header(index, "content-type")).isEqualTo("text/html; charset=utf-8");
        HttpClient noRedirects = client;
        HttpResponse<byte[]> redirect = Serving.send(noRedirects, HttpRequest.newBuilder(serving.https("/docs?x=1")));
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(header(redirect, "location")).isEqualTo("/docs/?x=1");
    }

    @Test
    void symbolicLinksOutOfTheRootAreNotFound() throws Exception {
        assertThat(get("/leak.txt").statusCode()).isEqualTo(404);
        assertThat(get("/up/secret.txt").statusCode()).isEqualTo(404);
        assertThat(text(get("/alias.txt"))).isEqualTo(HELLO);
    }
}
