package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** External programs the interop tests run (as h2j-cli's Peers): skipped when missing, failed under CI=true. */
final class Peers {
    private Peers() {
    }

    static void require(String program) {
        boolean present = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
        if (present) {
            return;
        }
        String message = program + " is missing (.ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** What a finished process left: its exit status and its merged output. */
    record Result(int exitCode, String output) {
    }

    /** Runs a command with merged output and a time limit in seconds. */
    static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("h2j-peer", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + seconds + " s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), output);
    }
}
