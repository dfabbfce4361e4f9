package dev.h2j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The files every server of the matrix serves, made once per test JVM in a temporary directory:
 * {@code small.txt}, {@code big.bin} (16 MiB), and {@code page.html} with its 20 assets under
 * {@code assets/}.
 */
public final class Site {
    /** The content of {@code /small.txt}. */
    public static final String SMALL = """
            h2j interop: a small file.
            It is served by every server of the matrix, and every client fetches it
            byte for byte, over one HTTP/2 stream (RFC 9113 §8.1).
            """;
    /** The size of {@code /big.bin}. */
    public static final int BIG_SIZE = 16 << 20;
    /** How many assets {@code /page.html} links. */
    public static final int ASSETS = 20;

    private static Site made;

    private final Path root;
    private final String bigSha256;

    private Site(Path root, String bigSha256) {
        this.root = root;
        this.bigSha256 = bigSha256;
    }

    /** The site, made on first use and deleted when the JVM exits. */
    public static synchronized Site get() {
        if (made == null) {
            try {
                made = make();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return made;
    }

    /** The directory to serve. */
    public Path root() {
        return root;
    }

    /** The SHA-256 of {@code /big.bin}, in lower-case hex. */
    public String bigSha256() {
        return bigSha256;
    }

    /** The paths of the page's assets: {@code /assets/a01.css} to {@code /assets/a10.css}, then {@code .js}. */
    public static List<String> assetPaths() {
        List<String> paths = new ArrayList<>();
        for (int i = 1; i <= ASSETS; i++) {
            paths.add(String.format("/assets/a%02d.%s", i, i <= ASSETS / 2 ? "css" : "js"));
        }
        return paths;
    }

    /** The content of an asset, by its path: each names itself, so a mixed-up answer is caught. */
    public static String assetContent(String path) {
        return path.endsWith(".css")
                ? "/* " + path + " */\nbody { margin: 0; }\n"
                : "// " + path + "\nwindow.loaded = (window.loaded || 0) + 1;\n";
    }

    /** The SHA-256 of some octets, in lower-case hex. */
    public static String sha256(byte[] octets) {
        return HexFormat.of().formatHex(digest().digest(octets));
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Site make() throws IOException {
        Path root = Files.createTempDirectory("h2j-interop-site");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
        Files.writeString(root.resolve("small.txt"), SMALL, StandardCharsets.UTF_8);
        byte[] big = new byte[BIG_SIZE];
        new Random(16).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.createDirectories(root.resolve("assets"));
        StringBuilder page = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>h2j interop</title>\n");
        for (String path : assetPaths()) {
            Files.writeString(root.resolve(path.substring(1)), assetContent(path), StandardCharsets.UTF_8);
            page.append(path.endsWith(".css")
                    ? "<link rel=\"stylesheet\" href=\"" + path + "\">\n"
                    : "<script src=\"" + path + "\"></script>\n");
        }
        page.append("</head><body><p>A page with ").append(ASSETS).append(" assets.</p></body></html>\n");
        Files.writeString(root.resolve("page.html"), page, StandardCharsets.UTF_8);
        return new Site(root, sha256(big));
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort at exit: the directory is a temporary one.
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
