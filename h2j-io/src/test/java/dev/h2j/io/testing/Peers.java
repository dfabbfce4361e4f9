package dev.h2j.io.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs interop tests run (curl, nghttp, python3-h2, ...), and runs them with a
 * time limit. A missing peer skips the calling test locally, and fails it under {@code CI=true}, where
 * {@code .ci/run} has installed every peer.
 */
public final class Peers {
    /** Debian's interpreter: Debian's python3-h2 and python3-hpack install into its path, not a pyenv one. */
    public static final Path PYTHON3 = Path.of("/usr/bin/python3");

    private Peers() {}

    /** Skips (locally) or fails (under CI) the calling test unless {@code program} is on the PATH. */
    public static void require(String program) {
        require(onPath(program), program);
    }

    /** Skips (locally) or fails (under CI) the calling test unless Debian's python3 can import {@code module}. */
    public static void requirePython(String module) {
        require(pythonHas(module), "python3 module " + module);
    }

    /**
     * Skips the calling test when a peer is missing, except under {@code CI=true}, where a missing
     * peer is a failure: CI installs every peer.
     */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is missing (.ci/run installs it)";
        if (underCi()) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** Whether this run is CI's, where every peer must be present. */
    public static boolean underCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Whether a program is on the PATH. */
    public static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Whether Debian's python3 can import {@code module}. */
    public static boolean pythonHas(String module) {
        if (!Files.isExecutable(PYTHON3)) {
            return false;
        }
        try {
            return run(List.of(PYTHON3.toString(), "-c", "import " + module), 60).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What a finished process left: its exit status and its merged output.
     *
     * @param exitCode the exit status
     * @param output standard output and standard error, interleaved
     */
    public record Result(int exitCode, String output) {}

    /** Runs a command with merged output and a time limit in seconds; fails the test if it runs longer. */
    public static Result run(List<String> command, long seconds) throws IOException {
        // Output goes to a file, so a chatty peer never blocks on a full pipe while we wait.
        Path log = Files.createTempFile("h2j-peer", ".log");
        Process process =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for " + command.get(0));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }
}
