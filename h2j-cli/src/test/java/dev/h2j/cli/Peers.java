package dev.h2j.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds the external programs interop tests run, and runs them with a time limit. */
final class Peers {
    /** Debian's interpreter: Debian's python3-hpack installs into its path, not a pyenv one. */
    static final Path PYTHON3 = Path.of("/usr/bin/python3");

    private Peers() {}

    /**
     * Skips the calling test when a peer is missing, except under {@code CI=true}, where a missing
     * peer is a failure: CI installs every peer.
     */
    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " is missing (.ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** Whether a program is on the PATH. */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Whether Debian's python3 can import {@code module}. */
    static boolean pythonHas(String module) {
        if (!Files.isExecutable(PYTHON3)) {
            return false;
        }
        try {
            return run(List.of(PYTHON3.toString(), "-c", "import " + module), 60).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** What a finished process left: its exit status and its merged output. */
    record Result(int exitCode, String output) {}

    /** Runs a command with merged output and a time limit in seconds. */
    static Result run(List<String> command, long seconds) throws IOException {
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
