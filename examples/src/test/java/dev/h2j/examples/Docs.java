package dev.h2j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The checkout's Markdown files, for the tests that hold the docs to the code. */
final class Docs {

    /** The checkout's root: Surefire passes it; from the module's folder it is the parent. */
    static final Path ROOT = Path.of(System.getProperty("h2j.root", "..")).toAbsolutePath().normalize();

    private Docs() {
    }

    /** Every Markdown file under docs/, sorted. */
    static List<Path> docs() {
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The README and every Markdown file under docs/. */
    static List<Path> markdown() {
        List<Path> all = new ArrayList<>();
        all.add(ROOT.resolve("README.md"));
        all.addAll(docs());
        return all;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of {@code file} from the root, for messages. */
    static String name(Path file) {
        return ROOT.relativize(file).toString();
    }
}
