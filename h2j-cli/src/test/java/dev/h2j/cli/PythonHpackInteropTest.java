package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.testing.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h2j hpack deflate} output decodes, with python-hyper's hpack (Debian's python3-hpack),
 * to the headers it was made from: an independent decoder checks our encoder.
 */
class PythonHpackInteropTest {
    @TempDir Path dir;

    @Test
    void everyRawDataStoryDeflatedAtSeveralTableSizesDecodesWithPythonHpack() throws IOException {
        Peers.require(Peers.pythonHas("hpack"), "Debian's python3-hpack (/usr/bin/python3 -c 'import hpack')");
        Path script = dir.resolve("hpack_decode.py");
        try (InputStream in = getClass().getResourceAsStream("hpack_decode.py")) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of(Peers.PYTHON3.toString(), script.toString()));
        for (String size : new String[] {"4096", "0", "512", "16384"}) {
            for (Path raw : Corpus.stories("raw-data")) {
                Cli.Run run = Cli.run("hpack", "deflate", "--table-size", size, raw.toString());
                assertThat(run.exitCode()).as(run.err()).isZero();
                Path out = dir.resolve(size + "-" + raw.getFileName());
                Files.writeString(out, run.out());
                command.add(out.toString());
            }
        }

        Peers.Result decoded = Peers.run(command, 300);

        assertThat(decoded.exitCode()).as(decoded.output()).isZero();
        assertThat(decoded.output()).contains("decoded " + (command.size() - 2) + " stories");
    }
}
