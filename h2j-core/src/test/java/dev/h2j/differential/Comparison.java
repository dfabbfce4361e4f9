package dev.h2j.differential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares what h2 and h2j did with one script, step by step. Each step of each library becomes one
 * canonical JSON object, {@code {"events", "error", "result", "sent"}}, with the octets sent read into
 * frames by a {@link WireReader} per library. Equal objects agree. Where they differ, the
 * {@link KnownDifferences} may explain the difference, each rule pointing at its entry in
 * docs/DIFFERENCES-FROM-H2.md; whatever no rule explains is reported.
 */
final class Comparison {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Comparison() {
    }

    /**
     * The same JSON value as the parser builds it: each number in the smallest node type that holds it,
     * so that a value made in Java and the same value read from h2's transcript compare equal.
     */
    static JsonNode canonical(JsonNode value) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON text of {@code value}, long strings cut to their first 100 characters. */
    static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.replaceAll("\"([^\"]{100})[^\"]{20,}\"", "\"$1...\"");
    }

    /** One step as one library did it. */
    static ObjectNode view(Transcript.Step step, List<ObjectNode> frames) {
        ObjectNode view = JSON.objectNode();
        view.set("events", step.events().deepCopy());
        view.set("error", step.error().deepCopy());
        view.set("result", step.result().deepCopy());
        ArrayNode sent = view.putArray("sent");
        frames.forEach(sent::add);
        return (ObjectNode) canonical(view);
    }

    /**
     * A step where the libraries differ.
     *
     * @param script the script's name
     * @param step the step's index
     * @param op the step as compiled
     * @param h2 what h2 did, in canonical form
     * @param h2j what h2j did, in canonical form
     */
    record Difference(String script, int step, JsonNode op, JsonNode h2, JsonNode h2j) {
        @Override
        public String toString() {
            return script + " / step " + step + " " + abbreviate(op) + "\n    h2:  " + abbreviate(h2) + "\n    h2j: "
                    + abbreviate(h2j);
        }
    }

    /**
     * A difference that known-difference rules explain.
     *
     * @param difference the difference as first found
     * @param rules the rules that explained it
     * @param stopped whether the rest of the script was not compared: the rule leaves the two
     *     connections in states that differ by design
     */
    record Explained(Difference difference, List<KnownDifferences.Rule> rules, boolean stopped) {}

    /**
     * The outcome of one script.
     *
     * @param name the script's name
     * @param stepsCompared steps compared (a stopping rule ends the comparison early)
     * @param explained differences the rules explain
     * @param unexplained differences nothing explains: each one fails the test
     */
    record Outcome(String name, int stepsCompared, List<Explained> explained, List<Difference> unexplained) {}

    /** Every step of a script with what each library did, for reading a difference in context. */
    static String sideBySide(JsonNode script, Transcript h2, Transcript h2j) {
        boolean client = script.get("role").asText().equals("client");
        WireReader h2Wire = new WireReader(client);
        WireReader h2jWire = new WireReader(client);
        StringBuilder out = new StringBuilder(script.get("name").asText()).append(" (")
                .append(script.get("role").asText()).append(", config ").append(script.path("config")).append(")\n");
        // The script's own frames, read as its side sends them: a client's start with the preface.
        WireReader peerWire = new WireReader(!client);
        JsonNode steps = script.get("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode op = steps.get(i);
            out.append("step ").append(i).append(' ').append(abbreviate(op));
            if (op.get("op").asText().equals("receive")) {
                for (int size : WireReader.headerTableSizes(op.get("hex").asText())) {
                    h2Wire.headerTableSize(size);
                    h2jWire.headerTableSize(size);
                }
                ArrayNode peerFrames = JSON.arrayNode().addAll(peerWire.read(op.get("hex").asText()));
                out.append("\n    peer sent: ").append(abbreviate(peerFrames));
            }
            Transcript.Step h2Step = h2.steps().get(i);
            Transcript.Step h2jStep = h2j.steps().get(i);
            out.append("\n    h2:  ").append(abbreviate(view(h2Step, h2Wire.read(h2Step.sent()))))
                    .append("\n    h2j: ").append(abbreviate(view(h2jStep, h2jWire.read(h2jStep.sent()))))
                    .append("\n    h2 state: ").append(h2Step.state()).append('\n');
        }
        return out.toString();
    }

    static Outcome compare(JsonNode script, Transcript h2, Transcript h2j) {
        boolean client = script.get("role").asText().equals("client");
        WireReader h2Wire = new WireReader(client);
        WireReader h2jWire = new WireReader(client);
        JsonNode steps = script.get("steps");
        List<Explained> explained = new ArrayList<>();
        List<Difference> unexplained = new ArrayList<>();
        KnownDifferences.History history = new KnownDifferences.History(script);
        int compared = 0;
        JsonNode h2StateBefore = JSON.nullNode();
        for (int i = 0; i < steps.size(); i++) {
            JsonNode op = steps.get(i);
            if (op.get("op").asText().equals("receive")) {
                for (int size : WireReader.headerTableSizes(op.get("hex").asText())) {
                    h2Wire.headerTableSize(size);
                    h2jWire.headerTableSize(size);
                }
            }
            Transcript.Step h2Step = h2.steps().get(i);
            Transcript.Step h2jStep = h2j.steps().get(i);
            ObjectNode h2View = view(h2Step, h2Wire.read(h2Step.sent()));
            ObjectNode h2jView = view(h2jStep, h2jWire.read(h2jStep.sent()));
            compared++;
            KnownDifferences.normalize(h2View, history);
            KnownDifferences.normalize(h2jView, history);
            if (!h2View.equals(h2jView)) {
                Difference difference = new Difference(script.get("name").asText(), i, op, h2View.deepCopy(),
                        h2jView.deepCopy());
                KnownDifferences.Verdict verdict = KnownDifferences.explain(
                        new KnownDifferences.Step(op, h2View, h2jView, history));
                if (verdict == null) {
                    unexplained.add(difference);
                    // Once they disagree without an explanation, later steps would only repeat it.
                    break;
                }
                explained.add(new Explained(difference, verdict.rules(), verdict.stop()));
                if (verdict.stop()) {
                    break;
                }
            }
            // Steps that agree can still leave h2 in a state h2j never enters: a refused call that moved
            // it, or a frame that took its connection machine into the other role's state. From there the
            // connections differ by design, so the comparison ends with that explanation.
            KnownDifferences.Rule moved = KnownDifferences.h2StateMoved(op, h2Step, h2jStep, h2StateBefore, client);
            if (moved != null) {
                ObjectNode states = JSON.objectNode();
                states.set("h2_state_before", h2StateBefore);
                states.set("h2_state_after", h2Step.state());
                explained.add(new Explained(new Difference(script.get("name").asText(), i, op, states, h2jView),
                        List.of(moved), true));
                break;
            }
            history.record(op, h2View);
            h2StateBefore = h2Step.state();
            if (history.over()) {
                break;
            }
        }
        return new Outcome(script.get("name").asText(), compared, explained, unexplained);
    }
}
