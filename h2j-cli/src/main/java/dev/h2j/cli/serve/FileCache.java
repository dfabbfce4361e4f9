package dev.h2j.cli.serve;

import dev.h2j.hpack.HeaderField;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The small files {@link StaticFiles} answered lately, by request path: each with its content and the
 * header fields of its answers. A hit costs at most one {@link Site.Validity} check (for a
 * directory on disk, one stat) where a lookup walks the path to its real path (a readlink per segment),
 * stats, opens, seeks, reads and closes the file, and formats its validators: on the bench/servers 1 KiB
 * file that was over 40 % of the event loops' time.
 *
 * <p>An entry is used for a request only if its file was found unchanged after the request arrived
 * ({@link dev.h2j.io.server.Request#receivedNanos()}): by a check made for it, or by one made for another
 * request that arrived no earlier. Requests that arrive together, such as those one socket read brings,
 * share a check (made for each, it took a fifth of the event loops' time). So a request sent after a file
 * changed, was replaced or was deleted never gets the old one; one that raced the change may get either,
 * as without a cache. The check compares what the file's validators (ETag, Last-Modified) are made of,
 * and the file's identity.
 * Memory stays bounded: files of up to {@value #MAX_FILE_SIZE} octets, at most {@value #MAX_ENTRIES} of
 * them and {@value #MAX_BYTES} octets in all; past a bound, entries leave in no particular order.
 *
 * <p>Thread-safe: every event loop of the server shares it; lookups take no lock.
 */
final class FileCache {
    /** Files up to this size are kept in memory. */
    static final int MAX_FILE_SIZE = 65_536;
    /** The content kept in all. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    /** The files kept (empty ones weigh nothing). */
    static final int MAX_ENTRIES = 4_096;

    /** A file as answered, and when it was last found unchanged. */
    static final class Entry {
        private final Site.File file;
        private final String etag;
        private final String lastModified;
        private final List<HeaderField> ok;
        private final List<HeaderField> notModified;
        private final ByteBuffer content;
        /** A System.nanoTime() no later than the last check that found the file unchanged. */
        private volatile long checked;

        /**
         * @param file what the site found
         * @param etag its strong entity tag, quoted
         * @param lastModified its modification time as an HTTP-date
         * @param ok the fields of the whole file's 200 answer
         * @param notModified the fields of its 304 answer
         * @param content its octets, read-only, or null when they are not kept (too large, or changed while read)
         * @param found a System.nanoTime() taken before the site found the file
         */
        Entry(Site.File file, String etag, String lastModified, List<HeaderField> ok, List<HeaderField> notModified,
                ByteBuffer content, long found) {
            this.file = file;
            this.etag = etag;
            this.lastModified = lastModified;
            this.ok = ok;
            this.notModified = notModified;
            this.content = content;
            this.checked = found;
        }

        Site.File file() {
            return file;
        }

        String etag() {
            return etag;
        }

        String lastModified() {
            return lastModified;
        }

        List<HeaderField> ok() {
            return ok;
        }

        List<HeaderField> notModified() {
            return notModified;
        }

        ByteBuffer content() {
            return content;
        }

        /** The octets the entry holds in memory. */
        long weight() {
            return content == null ? 0 : content.capacity();
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The content octets of {@link #entries}; changed only while holding this cache's lock. */
    private long bytes;

    /**
     * Returns the entry for {@code path} if there is one and its file was found unchanged after
     * {@code received}, checking it now if need be; an entry whose file changed is dropped.
     *
     * @param received a System.nanoTime() no earlier than the request's arrival
     */
    Entry get(String path, long received) {
        Entry entry = entries.get(path);
        if (entry == null) {
            return null;
        }
        if (entry.checked - received >= 0) {
            return entry;
        }
        // Taken before the check, so that it is no later than the moment the check saw the file.
        long now = System.nanoTime();
        if (!entry.file().validity().holds()) {
            remove(path, entry);
            return null;
        }
        entry.checked = now;
        return entry;
    }

    /** Keeps {@code entry} for {@code path}, making room for it. */
    synchronized void put(String path, Entry entry) {
        long weight = entry.weight();
        Entry before = entries.remove(path);
        if (before != null) {
            bytes -= before.weight();
        }
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while ((bytes + weight > MAX_BYTES || entries.size() >= MAX_ENTRIES) && it.hasNext()) {
            bytes -= it.next().getValue().weight();
            it.remove();
        }
        entries.put(path, entry);
        bytes += weight;
    }

    /** How many entries are kept. */
    int size() {
        return entries.size();
    }

    /** How many content octets are kept. */
    synchronized long bytes() {
        return bytes;
    }

    private synchronized void remove(String path, Entry entry) {
        if (entries.remove(path, entry)) {
            bytes -= entry.weight();
        }
    }

    /**
     * Reads a small file whole, for an entry: null when it is larger than {@value #MAX_FILE_SIZE} octets,
     * or changed while it was read (then it is served from the file, as before).
     *
     * @throws IOException if the file cannot be read
     */
    static ByteBuffer read(Site.File file) throws IOException {
        if (file.size() > MAX_FILE_SIZE) {
            return null;
        }
        ByteBuffer content = ByteBuffer.allocate((int) file.size());
        try (ReadableByteChannel channel = file.content().open(0, file.size())) {
            while (content.hasRemaining()) {
                if (channel.read(content) < 0) {
                    // Shorter than found: it changed underway.
                    return null;
                }
            }
        }
        // What was read is the file the size and modification time describe only if they still hold.
        return file.validity().holds() ? content.flip().asReadOnlyBuffer() : null;
    }
}
