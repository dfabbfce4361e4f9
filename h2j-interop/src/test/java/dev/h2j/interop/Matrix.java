package dev.h2j.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one test run, peer × scenario, and their rendering as docs/INTEROP.md. Cells are
 * recorded by {@link MatrixExtension}; versions by the tests, from the peers themselves.
 */
public final class Matrix {
    private static final Map<Peer, Map<Scenario, Outcome>> OUTCOMES = new EnumMap<>(Peer.class);
    private static final Map<Peer, String> VERSIONS = new EnumMap<>(Peer.class);

    private Matrix() {}

    /**
     * A cell's result.
     *
     * @param kind passed, failed or not run
     * @param detail the failure or the reason it did not run; empty when passed
     */
    public record Outcome(Kind kind, String detail) {
        /** What happened. */
        public enum Kind { PASSED, FAILED, NOT_RUN }

        static Outcome passed() {
            return new Outcome(Kind.PASSED, "");
        }

        static Outcome failed(String detail) {
            return new Outcome(Kind.FAILED, detail);
        }

        static Outcome notRun(String detail) {
            return new Outcome(Kind.NOT_RUN, detail);
        }
    }

    /** Records the version of a peer, as the peer reports it (its {@code --version}, its library's constant). */
    public static synchronized void version(Peer peer, String version) {
        VERSIONS.put(peer, version.strip());
    }

    static synchronized void record(Peer peer, Scenario scenario, Outcome outcome) {
        OUTCOMES.computeIfAbsent(peer, p -> new EnumMap<>(Scenario.class)).put(scenario, outcome);
    }

    /** The outcome recorded for a cell, or null. */
    static synchronized Outcome outcome(Peer peer, Scenario scenario) {
        Map<Scenario, Outcome> row = OUTCOMES.get(peer);
        return row == null ? null : row.get(scenario);
    }

    /**
     * Whether every asked cell has a result, passed or failed, or a reason the peer cannot do it: the
     * matrix of a whole run, not of a run filtered to a few tests or missing peers.
     */
    static synchronized boolean complete() {
        for (Peer peer : Peer.values()) {
            for (Scenario scenario : Scenario.values()) {
                if (peer.asked(scenario) && peer.unsupported(scenario).isEmpty()) {
                    Outcome outcome = outcome(peer, scenario);
                    if (outcome == null || outcome.kind() == Outcome.Kind.NOT_RUN) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Writes the matrix to {@code target/interop/INTEROP.md}, and to {@code docs/INTEROP.md} (the
     * {@code h2j.docs} property) when it is {@link #complete()}.
     */
    static synchronized void write() throws IOException {
        String markdown = render();
        Path local = Path.of("target", "interop", "INTEROP.md");
        Files.createDirectories(local.getParent());
        Files.writeString(local, markdown, StandardCharsets.UTF_8);
        String docs = System.getProperty("h2j.docs");
        if (docs != null && complete()) {
            Files.writeString(Path.of(docs, "INTEROP.md"), markdown, StandardCharsets.UTF_8);
            System.out.println("interop matrix written to " + Path.of(docs, "INTEROP.md"));
        } else {
            System.out.println("interop matrix incomplete (a filtered run, or peers missing): written to " + local
                    + " only");
        }
    }

    /** The matrix as Markdown. */
    static synchronized String render() {
        List<String> notes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        out.append("# Interoperability matrix\n\n")
                .append("<!-- Written by the tests of module h2j-interop (`mvn -B verify`); do not edit by hand. -->\n\n")
                .append("h2j against real HTTP/2 peers, each started on loopback by the tests of `h2j-interop`, which\n")
                .append("`mvn -B verify` runs and for which `.ci/run` installs the peers. The scenarios are described in\n")
                .append("[the interop tests' README](../h2j-interop/README.md).\n\n")
                .append("✓ passed · ✗ (f1) failed, see f1 under *Failures* · n/s (n1) not supported by the peer, see n1\n")
                .append("under *Not supported* ·\n")
                .append("not run: the peer was missing from this machine.\n\n")
                .append("Run on Java ").append(System.getProperty("java.version")).append(".\n");
        for (Role role : Role.values()) {
            out.append(role == Role.CLIENT
                    ? "\n## h2j serves, the peer is the client\n\n"
                    : "\n## The peer serves, h2j is the client\n\n");
            out.append("| Peer | Version |");
            List<Scenario> core = new ArrayList<>();
            for (Scenario scenario : Scenario.values()) {
                if (scenario.core()) {
                    core.add(scenario);
                    out.append(' ').append(scenario.title()).append(" |");
                }
            }
            out.append("\n|---|---|").append("---|".repeat(core.size())).append('\n');
            for (Peer peer : Peer.values()) {
                if (peer.role() != role) {
                    continue;
                }
                out.append("| ").append(peer.title()).append(" | ").append(VERSIONS.getOrDefault(peer, "?")).append(" |");
                for (Scenario scenario : core) {
                    out.append(' ').append(cell(peer, scenario, notes, failures)).append(" |");
                }
                out.append('\n');
            }
        }
        out.append("\n## Peer-specific checks\n\n| Peer | Check | Result |\n|---|---|---|\n");
        for (Peer peer : Peer.values()) {
            for (Scenario scenario : peer.extras()) {
                out.append("| ").append(peer.title()).append(" | ").append(scenario.title()).append(" | ")
                        .append(cell(peer, scenario, notes, failures)).append(" |\n");
            }
        }
        if (!notes.isEmpty()) {
            out.append("\n## Not supported\n\n");
            for (int i = 0; i < notes.size(); i++) {
                out.append("- n").append(i + 1).append(": ").append(notes.get(i)).append('\n');
            }
        }
        if (!failures.isEmpty()) {
            out.append("\n## Failures\n\n");
            for (int i = 0; i < failures.size(); i++) {
                out.append("- f").append(i + 1).append(": ").append(failures.get(i)).append('\n');
            }
        }
        return out.toString();
    }

    private static String cell(Peer peer, Scenario scenario, List<String> notes, List<String> failures) {
        String reason = peer.unsupported(scenario).orElse(null);
        if (reason != null) {
            notes.add("**" + peer.title() + "**, " + scenario.title() + ": " + reason);
            // Plain labels, no links: a code host's renderer may not keep HTML anchors in list items.
            return "n/s (n" + notes.size() + ")";
        }
        Outcome outcome = outcome(peer, scenario);
        if (outcome == null || outcome.kind() == Outcome.Kind.NOT_RUN) {
            return "not run";
        }
        if (outcome.kind() == Outcome.Kind.PASSED) {
            return "✓";
        }
        failures.add("**" + peer.title() + "**, " + scenario.title() + ": "
                + outcome.detail().lines().findFirst().orElse("").replace("|", "\\|"));
        return "✗ (f" + failures.size() + ")";
    }
}
