package dev.h2j.interop;

import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The peer scripts under {@code src/test/resources/interop/}, and the versions of what runs them. */
final class Scripts {
    private Scripts() {}

    /** The file of a script, by its path under {@code interop/} (the test classpath is a directory). */
    static Path of(String name) {
        URL url = Scripts.class.getResource("/interop/" + name);
        if (url == null) {
            throw new IllegalStateException("no script interop/" + name + " on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file", e);
        }
    }

    /** Node's version, as {@code node --version} prints it (v20.20.2). */
    static String nodeVersion() {
        return "Node " + firstLine(List.of("node", "--version"));
    }

    /** python-hyper h2's {@code h2.__version__}, as Debian's python3 imports it. */
    static String pythonH2Version() {
        return "python3-h2 " + firstLine(List.of(Peers.PYTHON3.toString(), "-c", "import h2; print(h2.__version__)"));
    }

    private static String firstLine(List<String> command) {
        try {
            Peers.Result result = Peers.run(command, 30);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
            }
            return result.output().strip().split("\n")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
