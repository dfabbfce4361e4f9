package dev.h2j.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line client to its end with a time limit, keeping its standard output (a body, a
 * report) apart from its standard error (progress, warnings), which {@code Peers.run} merges.
 */
final class Tool {
    private Tool() {}

    /**
     * What a finished run left.
     *
     * @param command the command, for messages
     * @param exitCode the exit status
     * @param stdout the standard output, as octets
     * @param stderr the standard error, as text
     */
    record Result(String command, int exitCode, byte[] stdout, String stderr) {
        /** The standard output as UTF-8 text. */
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /**
         * The run on one line, for an assertion's description (the matrix keeps a failure's first line):
         * the command (cut at 160 characters), its status and its standard error.
         */
        String describe() {
            String shown = command.length() > 160 ? command.substring(0, 160) + "..." : command;
            return shown + " exited " + exitCode + ": " + stderr.strip().replace('\n', ' ');
        }
    }

    /** Runs {@code command}; fails the test if it is still running after {@code seconds}. */
    static Result run(List<String> command, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("h2j-tool", ".out");
        Path err = Files.createTempFile("h2j-tool", ".err");
        try {
            // Files, not pipes: a chatty tool never blocks on a full pipe while we wait.
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + seconds + " s:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(String.join(" ", command), process.exitValue(), Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
