package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.ResponseStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h2j get} ↔ {@code h2j serve} with a 1 GiB file, over cleartext HTTP/2 with prior knowledge
 * (the fastest way on loopback; TLS adds only encryption): the SHA-256 of what arrives is the file's,
 * and a client that reads slowly through a 64 KiB window costs the server a fixed few hundred KiB, not
 * the file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GetServeLargeFileTest {
    static final long SIZE = 1L << 30;
    /** RFC 9113 §6.9.2: the smallest windows there are, 65,535 octets, for both the stream and the connection. */
    static final int WINDOW = 65_535;
    /**
     * What one connection of the server may hold waiting for its client (H2Server#peakConnectionOutput): the
     * 64 KiB the core may have ready, one 16 KiB DATA frame over that, the 32 KiB write buffer, and room for
     * a TLS record and header blocks. A server that buffered ahead of its client would pass it at once.
     */
    static final long OUTPUT_BOUND = 256 << 10;
    /** How much the heap of this JVM (server and client both) may grow while the gigabyte goes through. */
    static final long HEAP_GROWTH_BOUND = 32 << 20;

    @TempDir
    static Path dir;
    static String expectedSha256;
    static Serving serving;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Path file = root.resolve("big.bin");
        // Sparse: setLength makes holes that read as zeros; random 4 KiB blocks at the start, every
        // 64 MiB at an odd offset, and at the very end make the digest depend on every part's place.
        Random random = new Random(2024);
        byte[] block = new byte[4096];
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength(SIZE);
            for (long at = 0; at < SIZE; at += 64 << 20) {
                random.nextBytes(block);
                out.seek(at == 0 ? 0 : at + 12_345);
                out.write(block);
            }
            random.nextBytes(block);
            out.seek(SIZE - block.length);
            out.write(block);
        }
        expectedSha256 = sha256(file);
        serving = Serving.start("--state-dir", dir.resolve("state").toString(), root.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void getFetchesTheGigabyteAndItsSha256IsTheFiles() throws Exception {
        DigestSink stdout = new DigestSink();
        long started = System.nanoTime();

        Cli.Run run = Cli.runGet(stdout, new byte[0], "get", "--prior-knowledge", "-s",
                serving.http("/big.bin").toString());

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(stdout.count).isEqualTo(SIZE);
        assertThat(stdout.hex()).isEqualTo(expectedSha256);
        assertThat(serving.awaitLog("GET /big.bin")).contains(" h2c #1 GET /big.bin 200 1073741824 B ");
        assertThat(serving.server().peakConnectionOutput()).isPositive().isLessThan(OUTPUT_BOUND);
        System.out.println("GetServeLargeFileTest: h2j get fetched 1 GiB over h2c in " + millis + " ms");
    }

    @Test
    void aSlowReaderWithA64KiBWindowCostsTheServerABoundedBufferAndThenGetsEveryOctet() throws Exception {
        H2Configuration configuration = H2Configuration.client()
                .withLimits(H2Configuration.client().limits().withInitialWindowSize(WINDOW));
        ClientOptions options = ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE)
                .withConfiguration(configuration).withConnectionWindowSize(WINDOW);
        long heapBefore = usedHeapAfterGc();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[16_384];
        long read = 0;

        try (ClientConnection connection = H2Client.connect(serving.http("/"), options);
                ResponseStream response = connection.stream(Request.get(serving.http("/big.bin")))
                        .get(20, TimeUnit.SECONDS)) {
            assertThat(response.status()).isEqualTo(200);
            InputStream body = response.body();

            // Slowly: 16 KiB every 20 ms for two seconds, a few MiB in all.
            long slowUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < slowUntil) {
                int n = body.read(buffer);
                sha256.update(buffer, 0, n);
                read += n;
                // RFC 9113 §6.9: the server never has more in flight than the window the client opened.
                assertThat(body.available()).isLessThanOrEqualTo(WINDOW);
                Thread.sleep(20);
            }
            assertThat(read).isLessThan(SIZE / 64);
            assertThat(serving.server().peakConnectionOutput()).isLessThan(OUTPUT_BOUND);
            assertThat(usedHeapAfterGc() - heapBefore).isLessThan(HEAP_GROWTH_BOUND);

            // Then as fast as it comes.
            long started = System.nanoTime();
            int n;
            while ((n = body.read(buffer)) >= 0) {
                sha256.update(buffer, 0, n);
                read += n;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println("GetServeLargeFileTest: the rest through 64 KiB windows in " + millis + " ms");
        }

        assertThat(read).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(expectedSha256);
        assertThat(serving.server().peakConnectionOutput()).isLessThan(OUTPUT_BOUND);
        assertThat(usedHeapAfterGc() - heapBefore).isLessThan(HEAP_GROWTH_BOUND);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel in = FileChannel.open(file)) {
            while (in.read(buffer.clear()) >= 0) {
                sha256.update(buffer.flip());
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The heap in use after a full collection; the least of three, as a collection may run late. */
    static long usedHeapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** Standard output that keeps only the SHA-256 and the length of what went through it. */
    static final class DigestSink extends OutputStream {
        final MessageDigest sha256;
        long count;

        DigestSink() throws Exception {
            sha256 = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            sha256.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha256.update(b, off, len);
            count += len;
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
