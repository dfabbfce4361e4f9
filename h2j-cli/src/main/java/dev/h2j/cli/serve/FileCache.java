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
 * The files {@link StaticFiles} answered lately, by request path: each with the header fields of its
 * answers and, when it is small, its content. A hit costs one {@link Site.Validity} check (for a directory
 * on disk, one stat) where a lookup walks the path to its real path (a readlink per segment), stats,
 * opens, seeks, reads and closes the file, and formats its validators: on the bench/servers 1 KiB file
 * that was over 40 % of the event loops' time.
 *
 * <p>An entry is used only while its validity holds, so a changed, replaced or deleted file is looked up
 * again by the request that finds it changed: the cache is as fresh as the file's own validators (ETag
 * and Last-Modified are made of the same size and modification time). Memory stays bounded: at most
 * {@value #MAX_ENTRIES} entries, content only for files of up to {@value #MAX_FILE_SIZE} octets, and at
 * most {@value #MAX_BYTES} octets of content in all; past a bound, entries leave in no particular order.
 *
 * <p>Thread-safe: every event loop of the server shares it; lookups take no lock.
 */
final class FileCache {
    /** Files up to this size are kept in memory. */
    static final int MAX_FILE_SIZE = 65_536;
    /** The content kept in all. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    /** The files kept, with or without their content. */
    static final int MAX_ENTRIES = 4_096;

    /**
     * A file as answered.
     *
     * @param file what the site found
     * @param etag its strong entity tag, quoted
     * @param lastModified its modification time as an HTTP-date
     * @param ok the fields of the whole file's 200 answer
     * @param notModified the fields of its 304 answer
     * @param content its octets, read-only, or null when it is not kept in memory
     */
    record Entry(Site.File file, String etag, String lastModified, List<HeaderField> ok,
            List<HeaderField> notModified, ByteBuffer content) {

        /** The octets the entry holds in memory. */
        long weight() {
            return content == null ? 0 : content.capacity();
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The content octets of {@link #entries}; changed only while holding this cache's lock. */
    private long bytes;

    /**
     * Returns the entry for {@code path} if there is one and its file is unchanged; an entry whose file
     * changed is dropped.
     */
    Entry get(String path) {
        Entry entry = entries.get(path);
        if (entry == null) {
            return null;
        }
        if (!entry.file().validity().holds()) {
            remove(path, entry);
            return null;
        }
        return entry;
    }

    /** Keeps {@code entry} for {@code path}, making room for it. */
    synchronized void put(String path, Entry entry) {
        long weight = entry.weight();
        if (weight > MAX_BYTES) {
            return;
        }
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
