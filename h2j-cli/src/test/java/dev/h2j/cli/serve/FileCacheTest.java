package dev.h2j.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the file cache keeps, when it checks a file again, and within which bounds. */
class FileCacheTest {

    /** A file of {@code content}, valid while {@code valid} is true; {@code checks} counts the checks. */
    static Site.File file(byte[] content, AtomicBoolean valid, AtomicInteger checks) {
        return new Site.File("f.txt", content.length, 0, (offset, length) ->
                Channels.newChannel(new ByteArrayInputStream(content, (int) offset, (int) length)), () -> {
                    checks.incrementAndGet();
                    return valid.get();
                });
    }

    static FileCache.Entry entry(int size, AtomicBoolean valid, AtomicInteger checks, long found) {
        return new FileCache.Entry(file(new byte[size], valid, checks), "\"e\"", "date", List.of(), List.of(),
                ByteBuffer.allocate(size).asReadOnlyBuffer(), found);
    }

    static FileCache.Entry entry(int size) {
        return entry(size, new AtomicBoolean(true), new AtomicInteger(), System.nanoTime());
    }

    @Test
    void aRequestThatArrivedBeforeTheLastCheckSharesIt() {
        AtomicInteger checks = new AtomicInteger();
        long arrived = System.nanoTime();
        FileCache cache = new FileCache();
        FileCache.Entry entry = entry(3, new AtomicBoolean(true), checks, System.nanoTime());
        cache.put("/f.txt", entry);

        assertThat(cache.get("/f.txt", arrived)).isSameAs(entry);
        assertThat(cache.get("/f.txt", arrived)).isSameAs(entry);

        assertThat(checks).hasValue(0);
    }

    @Test
    void aRequestThatArrivedAfterTheLastCheckChecksAgainOnce() {
        AtomicInteger checks = new AtomicInteger();
        FileCache cache = new FileCache();
        FileCache.Entry entry = entry(3, new AtomicBoolean(true), checks, System.nanoTime());
        cache.put("/f.txt", entry);
        long arrived = System.nanoTime();

        assertThat(cache.get("/f.txt", arrived)).isSameAs(entry);
        assertThat(checks).hasValue(1);
        // The check was made after this arrival: a request that arrived as early shares it.
        assertThat(cache.get("/f.txt", arrived)).isSameAs(entry);
        assertThat(checks).hasValue(1);
    }

    @Test
    void anEntryWhoseFileChangedIsDropped() {
        AtomicBoolean valid = new AtomicBoolean(true);
        FileCache cache = new FileCache();
        cache.put("/f.txt", entry(3, valid, new AtomicInteger(), System.nanoTime()));
        valid.set(false);

        assertThat(cache.get("/f.txt", System.nanoTime())).isNull();

        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
        assertThat(cache.get("/other.txt", System.nanoTime())).isNull();
    }

    @Test
    void contentStaysWithinItsBound() {
        FileCache cache = new FileCache();
        int files = (int) (FileCache.MAX_BYTES / FileCache.MAX_FILE_SIZE) + 10;
        for (int i = 0; i < files; i++) {
            cache.put("/" + i, entry(FileCache.MAX_FILE_SIZE));
        }

        assertThat(cache.bytes()).isLessThanOrEqualTo(FileCache.MAX_BYTES);
        assertThat(cache.bytes()).isEqualTo((long) cache.size() * FileCache.MAX_FILE_SIZE);
        assertThat(cache.get("/" + (files - 1), 0)).isNotNull();
    }

    @Test
    void entriesStayWithinTheirBound() {
        FileCache cache = new FileCache();
        for (int i = 0; i < FileCache.MAX_ENTRIES + 10; i++) {
            cache.put("/" + i, entry(0));
        }

        assertThat(cache.size()).isEqualTo(FileCache.MAX_ENTRIES);
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void aPathPutAgainReplacesItsEntryAndItsWeight() {
        FileCache cache = new FileCache();
        cache.put("/f.txt", entry(100));
        FileCache.Entry second = entry(40);

        cache.put("/f.txt", second);

        assertThat(cache.get("/f.txt", 0)).isSameAs(second);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(40);
    }

    @Test
    void readKeepsASmallUnchangedFileWhole() throws Exception {
        byte[] content = "kept whole".getBytes(StandardCharsets.US_ASCII);

        ByteBuffer read = FileCache.read(file(content, new AtomicBoolean(true), new AtomicInteger()));

        assertThat(read.isReadOnly()).isTrue();
        byte[] octets = new byte[read.remaining()];
        read.get(octets);
        assertThat(octets).isEqualTo(content);
    }

    @Test
    void readKeepsNoLargeFileNoFileThatChangedAndNoShortFile() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        assertThat(FileCache.read(file(new byte[FileCache.MAX_FILE_SIZE + 1], new AtomicBoolean(true), checks)))
                .isNull();
        assertThat(FileCache.read(file(new byte[FileCache.MAX_FILE_SIZE], new AtomicBoolean(true), checks)))
                .isNotNull();
        assertThat(FileCache.read(file(new byte[10], new AtomicBoolean(false), checks))).isNull();
        Site.File shrunk = new Site.File("f.txt", 10, 0, (offset, length) ->
                Channels.newChannel(new ByteArrayInputStream(new byte[4])), () -> true);
        assertThat(FileCache.read(shrunk)).isNull();
    }
}
