package dev.h2j.cli.serve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in demo: a page and a few assets, from the class path, served when no directory is given. */
final class DemoSite implements Site {
    /** The demo's files, in the order its listing shows them. */
    static final List<String> FILES = List.of("index.html", "style.css", "app.js", "h2j.svg");

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final long lastModified;

    DemoSite() {
        for (String name : FILES) {
            try (InputStream in = DemoSite.class.getResourceAsStream("demo/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("h2j-cli is missing its resource demo/" + name);
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // HTTP dates have whole seconds (RFC 9110 §5.6.7): the demo changed when this server started.
        this.lastModified = System.currentTimeMillis() / 1000 * 1000;
    }

    @Override
    public String describe() {
        return "the built-in demo page";
    }

    @Override
    public Optional<Resource> find(List<String> segments) {
        if (segments.isEmpty()) {
            return Optional.of(new Directory(FILES));
        }
        byte[] content = segments.size() == 1 ? files.get(segments.get(0)) : null;
        if (content == null) {
            return Optional.empty();
        }
        return Optional.of(new File(segments.get(0), content.length, lastModified, (offset, length) ->
                Channels.newChannel(new ByteArrayInputStream(content, (int) offset, (int) length)),
                // The demo is built in: it never changes while the server runs.
                () -> true));
    }
}
