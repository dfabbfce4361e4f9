package dev.h2j.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What the file cache keeps, for how long, and within which bounds. */
class FileCacheTest {

    /** A file of {@code content}, valid while {@code valid} is true. */
    static Site.File file(byte[] content, AtomicBoolean valid) {
        return new Site.File("f.txt", content.length, 0, (offset, length) ->
                Channels.newChannel(new ByteArrayInputStream(content, (int) offset, (int) length)), valid::get);
    }

    static FileCache.Entry entry(int contentSize) {
        Site.File file = file(new byte[contentSize], new AtomicBoolean(true));
        return new FileCache.Entry(file, "\"e\"", "date", List.of(), List.of(),
                contentSize == 0 ? null : ByteBuffer.allocate(contentSize).asReadOnlyBuffer());
    }

    @Test
    void anEntryIsUsedWhileItsFileIsUnchangedAndDroppedAfter() {
        AtomicBoolean valid = new AtomicBoolean(true);
        FileCache cache = new FileCache();
        FileCache.Entry entry = new FileCache.Entry(file(new byte[3], valid), "\"e\"", "date", List.of(), List.of(),
                ByteBuffer.allocate(3));
        cache.put("/f.txt", entry);

        assertThat(cache.get("/f.txt")).isSameAs(entry);
        valid.set(false);

        assertThat(cache.get("/f.txt")).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
        assertThat(cache.get("/other.txt")).isNull();
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
        assertThat(cache.get("/" + (files - 1))).isNotNull();
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

        assertThat(cache.get("/f.txt")).isSameAs(second);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(40);
    }

    @Test
    void readKeepsASmallUnchangedFileWhole() throws Exception {
        byte[] content = "kept whole".getBytes(StandardCharsets.US_ASCII);

        ByteBuffer read = FileCache.read(file(content, new AtomicBoolean(true)));

        assertThat(read.isReadOnly()).isTrue();
        byte[] octets = new byte[read.remaining()];
        read.get(octets);
        assertThat(octets).isEqualTo(content);
    }

    @Test
    void readKeepsNoLargeFileNoFileThatChangedAndNoShortFile() throws Exception {
        assertThat(FileCache.read(file(new byte[FileCache.MAX_FILE_SIZE + 1], new AtomicBoolean(true)))).isNull();
        assertThat(FileCache.read(file(new byte[FileCache.MAX_FILE_SIZE], new AtomicBoolean(true)))).isNotNull();
        assertThat(FileCache.read(file(new byte[10], new AtomicBoolean(false)))).isNull();
        Site.File shrunk = new Site.File("f.txt", 10, 0, (offset, length) ->
                Channels.newChannel(new ByteArrayInputStream(new byte[4])), () -> true);
        assertThat(FileCache.read(shrunk)).isNull();
    }
}
