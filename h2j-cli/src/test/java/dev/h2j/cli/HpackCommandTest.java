package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HpackCommandTest {
    @TempDir Path dir;

    @Test
    void inflateOfNghttp2Story00PrintsTheRawDataHeaders() {
        Cli.Run run = Cli.run("hpack", "inflate", Corpus.story("nghttp2", "story_00.json").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode printed = Corpus.parse(run.out());
        JsonNode raw = Corpus.read(Corpus.story("raw-data", "story_00.json"));
        assertThat(Corpus.headers(printed)).isEqualTo(Corpus.headers(raw));
        assertThat(printed.get("cases").get(0).get("wire").asText()).isEqualTo("82864188f439ce75c875fa5784");
    }

    @Test
    void inflateHonoursHeaderTableSizeChanges() {
        Cli.Run run = Cli.run(
                "hpack", "inflate", Corpus.story("nghttp2-change-table-size", "story_00.json").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Corpus.headers(Corpus.parse(run.out())))
                .isEqualTo(Corpus.headers(Corpus.read(Corpus.story("raw-data", "story_00.json"))));
    }

    @Test
    void deflateThenInflateGivesBackTheHeadersForEveryTableSize() throws IOException {
        Path raw = Corpus.story("raw-data", "story_30.json");
        for (String size : new String[] {"4096", "0", "256", "65536"}) {
            Cli.Run deflated = Cli.run("hpack", "deflate", "--table-size", size, raw.toString());
            assertThat(deflated.exitCode()).as(deflated.err()).isZero();
            JsonNode story = Corpus.parse(deflated.out());
            story.get("cases").forEach(c -> assertThat(c.get("header_table_size").asInt())
                    .isEqualTo(Integer.parseInt(size)));

            Path encoded = Files.writeString(dir.resolve("encoded-" + size + ".json"), deflated.out());
            Cli.Run inflated = Cli.run("hpack", "inflate", encoded.toString());
            assertThat(inflated.exitCode()).as(inflated.err()).isZero();
            assertThat(Corpus.headers(Corpus.parse(inflated.out())))
                    .as("table size %s", size)
                    .isEqualTo(Corpus.headers(Corpus.read(raw)));
        }
    }

    @Test
    void deflateFollowsACaseOwnTableSize() throws IOException {
        Path story = Files.writeString(dir.resolve("sizes.json"), """
        {"cases": [
          {"headers": [{":method": "GET"}, {"x-a": "1"}]},
          {"header_table_size": 0, "headers": [{"x-a": "1"}]},
          {"header_table_size": 100, "headers": [{"x-a": "1"}]}
        ]}""");

        Cli.Run run = Cli.run("hpack", "deflate", story.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode cases = Corpus.parse(run.out()).get("cases");
        assertThat(cases.get(0).get("header_table_size").asInt()).isEqualTo(4096);
        // RFC 7541 §6.3: a dynamic table size update to 0 is 0x20, to 100 is 0x3f 0x45.
        assertThat(cases.get(1).get("wire").asText()).startsWith("20");
        assertThat(cases.get(2).get("wire").asText()).startsWith("3f45");
        Cli.Run back = Cli.run("hpack", "inflate",
                Files.writeString(dir.resolve("sizes-out.json"), run.out()).toString());
        assertThat(back.exitCode()).as(back.err()).isZero();
    }

    @Test
    void inflateReadsStandardInput() throws IOException {
        InputStream stdin = System.in;
        try (InputStream story = Files.newInputStream(Corpus.story("go-hpack", "story_05.json"))) {
            System.setIn(story);
            Cli.Run run = Cli.run("hpack", "inflate");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(Corpus.headers(Corpus.parse(run.out())))
                    .isEqualTo(Corpus.headers(Corpus.read(Corpus.story("raw-data", "story_05.json"))));
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void malformedJsonIsExitStatusOneWithItsPosition() {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream("{\"cases\": [".getBytes(StandardCharsets.UTF_8)));
        try {
            Cli.Run run = Cli.run("hpack", "inflate", "-");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("h2j hpack inflate: malformed JSON in standard input");
            assertThat(run.out()).isEmpty();
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void badHeaderBlockNamesTheCaseAndTheRule() throws IOException {
        // Case 1 refers to dynamic table index 62 (0xbe) while the table is empty.
        Path story = Files.writeString(dir.resolve("bad.json"), """
        {"cases": [{"seqno": 0, "wire": "82"}, {"seqno": 1, "wire": "be"}]}""");

        Cli.Run run = Cli.run("hpack", "inflate", story.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("h2j hpack inflate: case 1: RFC 7541");
    }

    @Test
    void wireThatIsNotHexNamesTheCase() throws IOException {
        Path story = Files.writeString(dir.resolve("hex.json"), """
        {"cases": [{"seqno": 7, "wire": "8g"}]}""");

        Cli.Run run = Cli.run("hpack", "inflate", story.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("case 0 (seqno 7): 'wire' is not hexadecimal");
    }

    @Test
    void storyWithoutCasesIsRefused() throws IOException {
        Path story = Files.writeString(dir.resolve("empty.json"), "{\"description\": \"x\"}");

        Cli.Run run = Cli.run("hpack", "deflate", story.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no 'cases' array");
    }

    @Test
    void headerValueThatIsNotAStringNamesTheHeader() throws IOException {
        Path story = Files.writeString(dir.resolve("value.json"), """
        {"cases": [{"headers": [{"content-length": 5}]}]}""");

        Cli.Run run = Cli.run("hpack", "deflate", story.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("case 0: the value of header 'content-length' is not a string");
    }

    @Test
    void missingFileIsExitStatusOne() {
        Cli.Run run = Cli.run("hpack", "inflate", dir.resolve("nope.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no such file");
    }

    @Test
    void negativeTableSizeIsRefused() {
        Cli.Run run = Cli.run("hpack", "deflate", "--table-size", "-1",
                Corpus.story("raw-data", "story_00.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--table-size must not be negative");
    }

    @Test
    void headerListOverTheBudgetNamesTheCase() {
        Cli.Run run = Cli.run("hpack", "inflate", "--max-header-list-size", "40",
                Corpus.story("nghttp2", "story_00.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("h2j hpack inflate: case 0: ").contains("40");
    }

    @Test
    void negativeHeaderListBudgetIsRefused() {
        Cli.Run run = Cli.run("hpack", "inflate", "--max-header-list-size", "-1",
                Corpus.story("nghttp2", "story_00.json").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--max-header-list-size must not be negative");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {
                {"--help"}, {"hpack", "--help"}, {"hpack", "inflate", "--help"}, {"hpack", "deflate", "--help"}}) {
            Cli.Run run = Cli.run(args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage: h2j");
        }
        assertThat(Cli.run("--version").out()).startsWith("h2j ");
    }
}
