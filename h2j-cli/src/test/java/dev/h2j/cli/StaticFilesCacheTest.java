package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.cli.serve.Certificates;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h2j serve DIR} keeps the files it answered (small ones with their content) and answers the next
 * request from memory, but never a file that changed since: every request after a change sees the change.
 */
@Timeout(60)
class StaticFilesCacheTest {
    static final Instant MODIFIED = Instant.parse("2024-05-06T07:08:09Z");

    @TempDir
    static Path dir;
    static Path root;
    static Serving serving;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("site"));
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

    static Path write(String name, String content, Instant modified) throws Exception {
        Path file = Files.writeString(root.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void aFileRewrittenInPlaceIsServedAnew() throws Exception {
        write("page.html", "<p>one</p>", MODIFIED);
        HttpResponse<byte[]> before = get("/page.html");
        assertThat(text(before)).isEqualTo("<p>one</p>");
        assertThat(text(get("/page.html"))).isEqualTo("<p>one</p>");

        write("page.html", "<p>two</p>", MODIFIED.plusSeconds(1));

        HttpResponse<byte[]> after = get("/page.html");
        assertThat(text(after)).isEqualTo("<p>two</p>");
        assertThat(after.headers().firstValue("etag")).isNotEqualTo(before.headers().firstValue("etag"));
        assertThat(after.headers().firstValue("last-modified")).hasValue("Mon, 06 May 2024 07:08:10 GMT");
    }

    @Test
    void aFileReplacedByOneOfTheSameSizeAndTimeIsServedAnew() throws Exception {
        // Same size, same modification time: only the file itself (another inode) tells them apart.
        write("swap.txt", "aaaa", MODIFIED);
        assertThat(text(get("/swap.txt"))).isEqualTo("aaaa");
        Path next = write("swap.next", "bbbb", MODIFIED);

        Files.move(next, root.resolve("swap.txt"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);

        assertThat(text(get("/swap.txt"))).isEqualTo("bbbb");
    }

    @Test
    void aFileThatGrewPastTheKeptSizeArrivesWhole() throws Exception {
        write("grow.bin", "small", MODIFIED);
        assertThat(text(get("/grow.bin"))).isEqualTo("small");
        byte[] big = new byte[300_000];
        new Random(9).nextBytes(big);
        Files.write(root.resolve("grow.bin"), big);

        HttpResponse<byte[]> response = get("/grow.bin");

        assertThat(response.headers().firstValue("content-length")).hasValue("300000");
        assertThat(response.body()).isEqualTo(big);
        assertThat(get("/grow.bin").body()).isEqualTo(big);
    }

    @Test
    void aDeletedFileIsNotFound() throws Exception {
        Path file = write("gone.txt", "here", MODIFIED);
        assertThat(get("/gone.txt").statusCode()).isEqualTo(200);

        Files.delete(file);

        assertThat(get("/gone.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aLinkTurnedOutOfTheRootIsNotFound() throws Exception {
        write("inside.txt", "inside", MODIFIED);
        Path outside = Files.writeString(dir.resolve("outside.txt"), "outside");
        Path link = Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("inside.txt"));
        assertThat(text(get("/link.txt"))).isEqualTo("inside");

        Files.delete(link);
        Files.createSymbolicLink(link, outside);

        assertThat(get("/link.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aKeptFileAnswersRangesAndConditionsLikeOneReadFromDisk() throws Exception {
        write("digits.txt", "0123456789", MODIFIED);
        String etag = get("/digits.txt").headers().firstValue("etag").orElseThrow();

        HttpResponse<byte[]> range = get("/digits.txt", "range", "bytes=2-5");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("content-range")).hasValue("bytes 2-5/10");
        assertThat(text(range)).isEqualTo("2345");
        assertThat(text(get("/digits.txt", "range", "bytes=-3"))).isEqualTo("789");
        assertThat(get("/digits.txt", "if-none-match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/digits.txt", "if-modified-since", "Mon, 06 May 2024 07:08:09 GMT").statusCode())
                .isEqualTo(304);
        assertThat(text(get("/digits.txt?v=2"))).isEqualTo("0123456789");
        HttpResponse<byte[]> head = Serving.send(client, HttpRequest.newBuilder(serving.https("/digits.txt"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).hasValue("10");
        assertThat(serving.awaitLog("HEAD /digits.txt")).contains(" 200 ");
    }
}
