package dev.h2j.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential testing against python-hyper h2 (Debian's python3-h2), the library h2j is modelled on:
 * the same scripted conversations go to h2 through {@code src/test/python/h2_driver.py} and to h2j
 * through {@link JavaDriver}, and the events, exceptions, query results and frames sent must agree
 * step by step, except where a {@link KnownDifferences} rule explains the difference with its entry in
 * docs/DIFFERENCES-FROM-H2.md. The scripts are the hand-written ones under
 * {@code src/test/resources/dev/h2j/differential/scripts/} and those {@link ScriptGenerator} makes from
 * fixed seeds. docs/DIFFERENTIAL.md says how to run the suite and how to add a script.
 */
class DifferentialTest {

    /** Generated conversations per role; with the hand-written ones, one interpreter runs them all. */
    static final int GENERATED_PER_ROLE = 200;
    /** The generator's seed: the same scripts every run. */
    static final long SEED = 0x68326a_2024L;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;

    @Test
    @Timeout(180)
    void h2AndH2jAgreeOnEveryScriptExceptForDocumentedDifferences() throws Exception {
        PythonDriver.require();
        List<ObjectNode> handWritten = handWrittenScripts();
        List<ObjectNode> generated = ScriptGenerator.scripts(Long.getLong("h2j.differential.seed", SEED),
                Integer.getInteger("h2j.differential.generated", GENERATED_PER_ROLE));
        List<ObjectNode> scripts = new ArrayList<>(handWritten);
        scripts.addAll(generated);

        List<Transcript> h2 = PythonDriver.run(scripts, dir);
        List<Comparison.Outcome> outcomes = new ArrayList<>();
        String show = System.getProperty("h2j.differential.show", "");
        for (int i = 0; i < scripts.size(); i++) {
            Transcript h2j = JavaDriver.run(scripts.get(i));
            Comparison.Outcome outcome = Comparison.compare(scripts.get(i), h2.get(i), h2j);
            outcomes.add(outcome);
            if (scripts.get(i).get("name").asText().equals(show)
                    || (show.equals("unexplained") && !outcome.unexplained().isEmpty())) {
                System.out.println(Comparison.sideBySide(scripts.get(i), h2.get(i), h2j));
            }
        }

        System.out.println(report(handWritten.size(), generated.size(), outcomes));
        if (Boolean.getBoolean("h2j.differential.verbose")) {
            outcomes.forEach(o -> o.explained().forEach(e -> System.out.println(
                    "explained by " + e.rules().stream().map(KnownDifferences.Rule::name).toList()
                            + (e.stopped() ? ", comparison stopped: " : ": ") + e.difference())));
        }
        List<Comparison.Difference> unexplained = outcomes.stream().flatMap(o -> o.unexplained().stream()).toList();
        assertThat(unexplained)
                .as("differences from h2 that no rule in KnownDifferences explains:\n%s",
                        unexplained.stream().map(Object::toString).collect(Collectors.joining("\n")))
                .isEmpty();
        Set<String> used = new HashSet<>();
        outcomes.stream().limit(handWritten.size())
                .forEach(o -> o.explained().forEach(e -> e.rules().forEach(r -> used.add(r.name()))));
        assertThat(used).as("every known difference is shown by a hand-written script")
                .containsExactlyInAnyOrderElementsOf(
                        KnownDifferences.RULES.stream().map(KnownDifferences.Rule::name).toList());
    }

    @Test
    void everyKnownDifferenceHasItsEntryInTheDocs() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("h2j.root"), "docs", "DIFFERENCES-FROM-H2.md"));
        for (KnownDifferences.Rule rule : KnownDifferences.RULES) {
            assertThat(doc).as("the entry of rule %s", rule.name()).contains("**" + rule.doc());
            assertThat(doc).as("the rule's name in its entry").contains("`" + rule.name() + "`");
            assertThat(rule.rfc()).as("the RFC section of %s", rule.name()).startsWith("RFC ");
        }
    }

    private static String report(int handWritten, int generated, List<Comparison.Outcome> outcomes) {
        TreeMap<String, Integer> byRule = new TreeMap<>();
        int steps = 0;
        int explained = 0;
        int unexplained = 0;
        for (Comparison.Outcome outcome : outcomes) {
            steps += outcome.stepsCompared();
            explained += outcome.explained().size();
            unexplained += outcome.unexplained().size();
            outcome.explained().forEach(e -> e.rules().forEach(r -> byRule.merge(r.name(), 1, Integer::sum)));
        }
        return "differential: " + handWritten + " hand-written and " + generated + " generated scripts, " + steps
                + " steps compared; " + explained + " known differences " + byRule + "; " + unexplained
                + " unexplained";
    }

    /** Every script of every file under scripts/, compiled, in file and then script order. */
    static List<ObjectNode> handWrittenScripts() throws IOException, URISyntaxException {
        Path folder = Path.of(DifferentialTest.class.getResource("scripts").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<ObjectNode> scripts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            for (JsonNode script : MAPPER.readTree(file.toFile())) {
                ObjectNode compiled = ScriptCompiler.compile(script);
                assertThat(names.add(compiled.get("name").asText())).as("script names are unique: %s in %s",
                        compiled.get("name"), file.getFileName()).isTrue();
                scripts.add(compiled);
            }
        }
        return scripts;
    }
}
