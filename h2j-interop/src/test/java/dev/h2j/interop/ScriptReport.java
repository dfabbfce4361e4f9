package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What a peer script printed: one JSON object per line, each with an {@code event} name (the Node and
 * python3-h2 scripts under {@code src/test/resources/interop/} describe theirs in their headers). Lines
 * that are not JSON objects (a warning on standard error) are kept only for the failure message.
 */
final class ScriptReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> events;
    private final String output;

    private ScriptReport(List<JsonNode> events, String output) {
        this.events = events;
        this.output = output;
    }

    /** Reads a script's output. */
    static ScriptReport parse(String output) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.hasNonNull("event")) {
                        events.add(node);
                    }
                } catch (JsonProcessingException notJson) {
                    // A line of a warning that happens to start with a brace: not an event.
                }
            }
        }
        return new ScriptReport(events, output);
    }

    /** The events with this name, in the order printed. */
    List<JsonNode> all(String event) {
        return events.stream().filter(node -> node.get("event").asText().equals(event)).toList();
    }

    /** The one event that ended the request tagged {@code tag} (a response, reset or failure). */
    JsonNode outcome(String tag) {
        List<JsonNode> outcomes = events.stream().filter(node -> node.path("tag").asText().equals(tag))
                .filter(node -> !node.get("event").asText().equals("sent")).toList();
        assertThat(outcomes).as("outcomes of request %s in:\n%s", tag, output).hasSize(1);
        return outcomes.get(0);
    }

    /** The response to the request tagged {@code tag}, which must have ended with status 200. */
    JsonNode ok(String tag) {
        JsonNode outcome = outcome(tag);
        assertThat(outcome.get("event").asText()).as("how request %s ended: %s", tag, outcome).isEqualTo("response");
        assertThat(outcome.get("status").asInt()).as("status of %s", tag).isEqualTo(200);
        return outcome;
    }

    /** The one event with this name. */
    JsonNode only(String event) {
        List<JsonNode> found = all(event);
        assertThat(found).as("\"%s\" events in:\n%s", event, output).hasSize(1);
        return found.get(0);
    }

    /** Everything the script printed, for failure messages. */
    String output() {
        return output;
    }
}
