package dev.h2j.differential;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a batch of compiled scripts on python-hyper h2 (Debian's python3-h2, for Debian's
 * {@code /usr/bin/python3}) through {@code src/test/python/h2_driver.py}: one interpreter per batch.
 */
final class PythonDriver {

    /** Debian's interpreter: Debian's python3-h2 installs into its path, not into a pyenv one. */
    static final Path PYTHON3 = Path.of("/usr/bin/python3");
    /** The driver: under the checkout's root (Surefire's h2j.root), else under the working directory. */
    static final Path DRIVER = Path.of(System.getProperty("h2j.root", ".."), "h2j-core", "src", "test", "python",
            "h2_driver.py");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PythonDriver() {
    }

    /**
     * Skips the calling test when python3-h2 is missing, except under {@code CI=true}, where a missing
     * peer is a failure: .ci/run installs it.
     */
    static void require() throws IOException, InterruptedException {
        boolean present = Files.isExecutable(PYTHON3) && run(List.of(PYTHON3.toString(), "-c", "import h2"), 60) == 0;
        if (present) {
            return;
        }
        String message = "Debian's python3-h2 (/usr/bin/python3 -c 'import h2') is missing (.ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** Runs every script in one interpreter; returns their transcripts in order. */
    static List<Transcript> run(List<ObjectNode> scripts, Path dir) throws IOException, InterruptedException {
        Path batch = dir.resolve("batch.json");
        ObjectNode root = MAPPER.createObjectNode();
        root.putArray("scripts").addAll(scripts);
        MAPPER.writeValue(batch.toFile(), root);
        Path out = dir.resolve("h2-transcripts.jsonl");
        Path err = dir.resolve("h2-driver.err");
        Process process = new ProcessBuilder(PYTHON3.toString(), DRIVER.toString(), batch.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("h2_driver.py did not finish within 120 s");
        }
        if (process.exitValue() != 0) {
            fail("h2_driver.py exited with " + process.exitValue() + ":\n" + Files.readString(err));
        }
        List<Transcript> transcripts = new ArrayList<>();
        JsonNode summary = null;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            JsonNode json = MAPPER.readTree(line);
            if (json.has("done")) {
                summary = json;
            } else {
                transcripts.add(Transcript.of(json));
            }
        }
        if (summary == null || summary.get("done").asInt() != scripts.size() || transcripts.size() != scripts.size()) {
            fail("h2_driver.py ran " + transcripts.size() + " of " + scripts.size() + " scripts:\n"
                    + Files.readString(err));
        }
        return transcripts;
    }

    private static int run(List<String> command, long seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
