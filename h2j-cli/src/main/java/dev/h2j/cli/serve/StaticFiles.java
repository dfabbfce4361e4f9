package dev.h2j.cli.serve;

import dev.h2j.Headers;
import dev.h2j.hpack.HeaderField;
import dev.h2j.io.server.Handler;
import dev.h2j.io.server.Request;
import dev.h2j.io.server.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code h2j serve} handler: static files over HTTP/2, as RFC 9110 describes GET and HEAD for them.
 *
 * <ul>
 *   <li>Content types from the file name ({@link ContentTypes}); {@code Content-Length},
 *       {@code Last-Modified}, a strong {@code ETag} made of size and modification time, and
 *       {@code Accept-Ranges: bytes}.</li>
 *   <li>Conditional requests (RFC 9110 §13): {@code If-None-Match} (weak comparison, {@code *}) and,
 *       only without it, {@code If-Modified-Since} answer 304 Not Modified.</li>
 *   <li>Ranges (RFC 9110 §14), GET only: one byte range ({@code a-b}, {@code a-}, {@code -n}) answers 206
 *       with {@code Content-Range}; an unsatisfiable one 416 with {@code Content-Range: bytes *}/size.
 *       A request for several ranges gets the whole file (200), as §14.2 allows; so does a range whose
 *       {@code If-Range} no longer matches, or one that does not parse.</li>
 *   <li>A directory answers its {@code index.html}, or else a listing; without a trailing slash it
 *       redirects (301) to the path with one, so that relative links work.</li>
 *   <li>{@code OPTIONS *} (the server as a whole, RFC 9110 §9.3.7) gets 204 with
 *       {@code Allow: GET, HEAD, OPTIONS}.</li>
 *   <li>Methods other than GET and HEAD get 405 with {@code Allow: GET, HEAD}; a path that names nothing,
 *       or contains a {@code ..} segment, or leads out of the root through a symbolic link, gets 404; a
 *       path whose percent-encoding is broken gets 400.</li>
 * </ul>
 *
 * <p>It runs on the server's event loops: it only looks files up and opens them; their content is pulled
 * by the server as the client reads. Small files it answered are kept in a {@link FileCache} by request
 * path, with their content, and used while each file is unchanged.
 */
public final class StaticFiles implements Handler {
    private final Site site;
    private final FileCache cache = new FileCache();

    private StaticFiles(Site site) {
        this.site = site;
    }

    /**
     * Serves a directory on disk.
     *
     * @param directory the root
     * @return the handler
     * @throws IOException if the directory does not exist or is not one
     */
    public static StaticFiles directory(java.nio.file.Path directory) throws IOException {
        return new StaticFiles(new DirectorySite(directory));
    }

    /**
     * Serves the built-in demo: an index page, a style sheet, a script and an SVG image.
     *
     * @return the handler
     */
    public static StaticFiles demo() {
        return new StaticFiles(new DemoSite());
    }

    /**
     * Says what is served.
     *
     * @return the root directory, or a name for the demo
     */
    public String describe() {
        return site.describe();
    }

    @Override
    public void handle(Request request, Response response) {
        String method = request.method();
        if (method.equals("OPTIONS") && request.path().equals("*")) {
            // RFC 9110 §9.3.7: OPTIONS * asks about the server as a whole; an h2c upgrade (RFC 7540 §3.2)
            // rides on it when the first request cannot carry the upgrade (h2j get -I, -d).
            response.send(Headers.response(204).add("allow", "GET, HEAD, OPTIONS").build());
            return;
        }
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            // RFC 9110 §15.5.6: 405 lists the allowed methods.
            page(response, 405, "Method Not Allowed", method + " is not served here; use GET or HEAD.", head,
                    List.of(HeaderField.of("allow", "GET, HEAD")));
            return;
        }
        String target = request.path();
        int query = target.indexOf('?');
        String rawPath = query < 0 ? target : target.substring(0, query);
        FileCache.Entry cached = cache.get(rawPath, request.receivedNanos());
        if (cached != null) {
            try {
                answer(request, response, cached, head);
            } catch (IOException e) {
                unreadable(response, head);
            }
            return;
        }
        Optional<String> decoded = percentDecode(rawPath);
        if (decoded.isEmpty() || !decoded.get().startsWith("/")) {
            page(response, 400, "Bad Request", "The path is not a valid percent-encoded UTF-8 path.", head, List.of());
            return;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.get().split("/")) {
            if (segment.equals("..") || segment.indexOf('\0') >= 0 || segment.indexOf('\\') >= 0) {
                // Never leave the root: ".." is refused outright, not resolved.
                notFound(response, rawPath, head);
                return;
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        try {
            long found = System.nanoTime();
            Optional<Site.Resource> resource = site.find(segments);
            if (resource.isEmpty()) {
                notFound(response, rawPath, head);
            } else if (resource.get() instanceof Site.Directory) {
                directory(request, response, rawPath, segments, (Site.Directory) resource.get(), head, found);
            } else {
                file(request, response, rawPath, (Site.File) resource.get(), head, found);
            }
        } catch (IOException e) {
            unreadable(response, head);
        }
    }

    private void directory(Request request, Response response, String rawPath, List<String> segments,
            Site.Directory directory, boolean head, long found) throws IOException {
        if (!rawPath.endsWith("/")) {
            String query = request.path().substring(rawPath.length());
            response.send(Headers.response(301).add("location", rawPath + "/" + query).add("content-length", "0")
                    .build());
            return;
        }
        List<String> index = new ArrayList<>(segments);
        index.add("index.html");
        Optional<Site.Resource> indexFile = site.find(index);
        if (indexFile.isPresent() && indexFile.get() instanceof Site.File) {
            file(request, response, rawPath, (Site.File) indexFile.get(), head, found);
            return;
        }
        StringBuilder html = new StringBuilder("<!doctype html>\n<meta charset=\"utf-8\">\n<title>Index of ")
                .append(escape(rawPath)).append("</title>\n<h1>Index of ").append(escape(rawPath))
                .append("</h1>\n<ul>\n");
        if (!segments.isEmpty()) {
            html.append("<li><a href=\"../\">../</a></li>\n");
        }
        for (String entry : directory.entries()) {
            html.append("<li><a href=\"").append(escape(percentEncode(entry))).append("\">").append(escape(entry))
                    .append("</a></li>\n");
        }
        html.append("</ul>\n");
        byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
        List<HeaderField> headers = Headers.response(200).add("content-type", "text/html; charset=utf-8")
                .add("content-length", Integer.toString(body.length)).build();
        sendBody(response, headers, body, head);
    }

    /**
     * Answers a file found at {@code rawPath}, and keeps it in the cache for the next requests if it is small.
     *
     * @param found a System.nanoTime() taken before the site was asked for the file
     */
    private void file(Request request, Response response, String rawPath, Site.File file, boolean head, long found)
            throws IOException {
        String etag = "\"" + Long.toHexString(file.size()) + "-" + Long.toHexString(file.lastModified()) + "\"";
        String lastModified = HttpDates.format(file.lastModified());
        // List.copyOf: immutable lists, which Response.send takes as they are instead of copying them.
        List<HeaderField> ok = List.copyOf(Headers.response(200).add("content-type", ContentTypes.of(file.name()))
                .add("content-length", Long.toString(file.size()))
                .add("last-modified", lastModified)
                .add("etag", etag)
                .add("accept-ranges", "bytes")
                .build());
        // RFC 9110 §15.4.5: 304 repeats the validators a 200 would carry.
        List<HeaderField> notModified = List.copyOf(Headers.response(304).add("etag", etag)
                .add("last-modified", lastModified).build());
        FileCache.Entry entry = new FileCache.Entry(file, etag, lastModified, ok, notModified, FileCache.read(file),
                found);
        if (entry.content() != null) {
            // Larger files are looked up for each request: their content is read from the real path found,
            // which only a new lookup shows to be the file the request names.
            cache.put(rawPath, entry);
        }
        answer(request, response, entry, head);
    }

    private void answer(Request request, Response response, FileCache.Entry entry, boolean head) throws IOException {
        Site.File file = entry.file();
        String etag = entry.etag();
        Optional<String> ifNoneMatch = request.header("if-none-match");
        Optional<String> ifModifiedSince = request.header("if-modified-since");
        // RFC 9110 §13.2.2: If-None-Match is evaluated first; If-Modified-Since only without it.
        boolean notModified = ifNoneMatch.isPresent() ? matchesWeakly(ifNoneMatch.get(), etag)
                : ifModifiedSince.flatMap(HttpDates::parseSeconds)
                        .map(since -> file.lastModified() / 1000 <= since).orElse(false);
        if (notModified) {
            response.send(entry.notModified());
            return;
        }
        Optional<String> range = request.header("range");
        // RFC 9110 §14.2: Range applies to GET only, and only while If-Range still matches.
        if (range.isPresent() && !head && ifRangeMatches(request.header("if-range"), etag, entry.lastModified())) {
            Optional<long[]> span = parseRange(range.get(), file.size());
            if (span.isPresent()) {
                long[] bytes = span.get();
                if (bytes.length == 0) {
                    List<HeaderField> fields = Headers.response(416).add("content-range", "bytes */" + file.size())
                            .add("content-type", "text/plain; charset=utf-8").build();
                    sendBody(response, fields, ("The range " + range.get() + " is outside the " + file.size()
                            + " octets of this file.\n").getBytes(StandardCharsets.UTF_8), false);
                    return;
                }
                long length = bytes[1] - bytes[0] + 1;
                List<HeaderField> fields = Headers.response(206).add("content-range", "bytes " + bytes[0] + "-"
                        + bytes[1] + "/" + file.size())
                        .add("content-type", ContentTypes.of(file.name()))
                        .add("content-length", Long.toString(length))
                        .add("last-modified", entry.lastModified())
                        .add("etag", etag)
                        .add("accept-ranges", "bytes")
                        .build();
                send(response, fields, entry, bytes[0], length);
                return;
            }
        }
        if (head || file.size() == 0) {
            response.send(entry.ok());
        } else {
            send(response, entry.ok(), entry, 0, file.size());
        }
    }

    /** Sends {@code length} octets of the entry's file from {@code offset}: from memory when it is kept. */
    private static void send(Response response, List<HeaderField> fields, FileCache.Entry entry, long offset,
            long length) throws IOException {
        if (entry.content() != null) {
            response.send(fields, entry.content().slice((int) offset, (int) length));
        } else {
            response.send(fields, entry.file().content().open(offset, length));
        }
    }

    /**
     * RFC 9110 §14.1.2: one byte range of a file of {@code size} octets.
     *
     * @return empty to ignore the header (several ranges, other units, bad syntax); an empty array when the
     *     range is unsatisfiable; else {first, last}
     */
    static Optional<long[]> parseRange(String value, long size) {
        String spec = value.strip();
        if (!spec.regionMatches(true, 0, "bytes=", 0, 6) || spec.indexOf(',') >= 0) {
            return Optional.empty();
        }
        spec = spec.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        boolean valid = (first.isEmpty() || digits(first)) && (last.isEmpty() || digits(last))
                && !(first.isEmpty() && last.isEmpty());
        if (!valid) {
            return Optional.empty();
        }
        if (first.isEmpty()) {
            // suffix-range: the last n octets.
            long n = Long.parseLong(last);
            return Optional.of(n == 0 || size == 0 ? new long[0] : new long[] {Math.max(0, size - n), size - 1});
        }
        long start = Long.parseLong(first);
        if (!last.isEmpty() && Long.parseLong(last) < start) {
            // An invalid range-spec: the header is ignored.
            return Optional.empty();
        }
        if (start >= size) {
            return Optional.of(new long[0]);
        }
        long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
        return Optional.of(new long[] {start, end});
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** RFC 9110 §13.1.5: If-Range holds a strong entity tag or a date, compared exactly. */
    private static boolean ifRangeMatches(Optional<String> ifRange, String etag, String lastModified) {
        if (ifRange.isEmpty()) {
            return true;
        }
        String value = ifRange.get().strip();
        return value.startsWith("\"") ? value.equals(etag) : value.equals(lastModified);
    }

    /** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; {@code *} matches any current file. */
    static boolean matchesWeakly(String ifNoneMatch, String etag) {
        String opaque = etag.substring(etag.indexOf('"'));
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static void unreadable(Response response, boolean head) {
        page(response, 500, "Internal Server Error", "The file could not be read.", head, List.of());
    }

    private static void notFound(Response response, String rawPath, boolean head) {
        page(response, 404, "Not Found", "Nothing is served at " + rawPath + ".", head, List.of());
    }

    private static void page(Response response, int status, String reason, String text, boolean head,
            List<HeaderField> extra) {
        String html = "<!doctype html>\n<meta charset=\"utf-8\">\n<title>" + status + " " + reason + "</title>\n<h1>"
                + status + " " + reason + "</h1>\n<p>" + escape(text) + "</p>\n<hr><p>h2j serve</p>\n";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        Headers headers = Headers.response(status).add("content-type", "text/html; charset=utf-8")
                .add("content-length", Integer.toString(body.length));
        for (HeaderField field : extra) {
            headers.add(field.name(), field.value());
        }
        sendBody(response, headers.build(), body, head);
    }

    private static void sendBody(Response response, List<HeaderField> headers, byte[] body, boolean head) {
        if (head) {
            response.send(headers);
        } else {
            response.send(headers, ByteBuffer.wrap(body));
        }
    }

    /** RFC 3986 §2.1: percent-decoding to octets, then UTF-8; empty if either is malformed. */
    static Optional<String> percentDecode(String path) {
        ByteArrayOutputStream octets = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(path.charAt(i + 1), 16);
                int lo = Character.digit(path.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                octets.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return Optional.empty();
            } else {
                octets.write(c);
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(octets.toByteArray()));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** RFC 3986 §2.1: percent-encodes what is not unreserved in a path segment (a trailing slash stays). */
    static String percentEncode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
