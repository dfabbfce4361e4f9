package dev.h2j.cli.serve;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Optional;

/** What {@link StaticFiles} serves: a directory on disk, or the built-in demo. */
interface Site {

    /** What a path names. */
    sealed interface Resource permits File, Directory {
    }

    /**
     * A file.
     *
     * @param name its last path segment
     * @param size its length in octets
     * @param lastModified when it last changed, milliseconds since the epoch
     * @param content opens its octets from an offset, for a length
     * @param validity says whether the path still names this very file, unchanged
     */
    record File(String name, long size, long lastModified, Content content, Validity validity) implements Resource {
    }

    /**
     * A directory.
     *
     * @param entries the names in it, sorted, directories with a trailing slash
     */
    record Directory(List<String> entries) implements Resource {
    }

    /** Opens part of a file. */
    @FunctionalInterface
    interface Content {
        /**
         * Opens {@code length} octets from {@code offset}.
         *
         * @throws IOException if the file cannot be read
         */
        ReadableByteChannel open(long offset, long length) throws IOException;
    }

    /** Whether what a site found earlier still holds, for {@link FileCache}. */
    @FunctionalInterface
    interface Validity {
        /**
         * Checks, now, that the path the file was found at still names the same file with the same size
         * and modification time: what the file's validators (ETag, Last-Modified) are made of.
         *
         * @return false if the file changed, was replaced, or is gone
         */
        boolean holds();
    }

    /**
     * Finds what a path names.
     *
     * @param segments the decoded path segments below the root, none of them empty, "." or ".."
     * @return the resource, or empty if there is none (or it lies outside the root)
     * @throws IOException if the site cannot be read
     */
    Optional<Resource> find(List<String> segments) throws IOException;

    /** Says what is served, for the startup line. */
    String describe();
}
