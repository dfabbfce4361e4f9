package dev.h2j.cli.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory on disk. Nothing outside it is ever served: every path is resolved to its real path
 * (symbolic links followed) and must lie under the root's real path, or it is not found.
 */
final class DirectorySite implements Site {
    private final Path root;

    /**
     * Serves {@code directory}.
     *
     * @throws IOException if it does not exist or is not a directory
     */
    DirectorySite(Path directory) throws IOException {
        Path real = directory.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IOException(directory + " is not a directory");
        }
        this.root = real;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public Optional<Resource> find(List<String> segments) throws IOException {
        Path path = root;
        try {
            for (String segment : segments) {
                path = path.resolve(segment);
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!real.startsWith(root)) {
            // A symbolic link that leads out of the root.
            return Optional.empty();
        }
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            List<String> entries = new ArrayList<>();
            try (Stream<Path> list = Files.list(real)) {
                list.forEach(p -> entries.add(p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
            }
            entries.sort(null);
            return Optional.of(new Directory(entries));
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        Path file = real;
        Path asRequested = path;
        return Optional.of(new File(real.getFileName().toString(), attributes.size(),
                attributes.lastModifiedTime().toMillis(), (offset, length) -> {
                    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                    channel.position(offset);
                    return new Limited(channel, length);
                }, () -> unchanged(asRequested, attributes)));
    }

    /**
     * Whether {@code path}, followed through any symbolic links as a request would, still leads to the file
     * {@code found} describes: the same file (its file key: device and inode here), neither longer nor
     * shorter, not modified since. One stat instead of the real-path walk (a readlink per path segment),
     * the stat and the open that finding and reading it take. A link changed to lead elsewhere, even out
     * of the root, leads to another file key, so the next request looks the path up again.
     */
    private static boolean unchanged(Path path, BasicFileAttributes found) {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            // Gone, or no longer readable: the request finds out what it is now.
            return false;
        }
        return now.isRegularFile() && found.fileKey() != null && found.fileKey().equals(now.fileKey())
                && now.size() == found.size() && now.lastModifiedTime().equals(found.lastModifiedTime());
    }

    /** The first {@code remaining} octets of a channel. */
    private static final class Limited implements ReadableByteChannel {
        private final FileChannel channel;
        private long remaining;

        Limited(FileChannel channel, long remaining) {
            this.channel = channel;
            this.remaining = remaining;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            ByteBuffer window = dst.slice();
            if (window.remaining() > remaining) {
                window.limit((int) remaining);
            }
            int n = channel.read(window);
            if (n < 0) {
                // The file shrank while it was being served: end here, shorter than announced.
                return -1;
            }
            dst.position(dst.position() + n);
            remaining -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
