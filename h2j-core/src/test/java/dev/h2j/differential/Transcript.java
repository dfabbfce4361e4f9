package dev.h2j.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one library did with one script: per step, the events it returned, the exception it raised, the
 * value a query step returned, and the octets it queued to send. Both drivers emit this form.
 *
 * @param name the script's name
 * @param steps one entry per script step, in order
 */
record Transcript(String name, List<Step> steps) {

    Transcript {
        steps = List.copyOf(steps);
    }

    /**
     * One step's outcome.
     *
     * @param events the events in canonical form (a JSON array)
     * @param error {@code {"error": name, "code": code}} or JSON null
     * @param result a query step's value, or JSON null
     * @param sent the octets queued after the step, as hex
     * @param state h2's state after the step (h2 only, for the rules; never compared), or JSON null
     */
    record Step(ArrayNode events, JsonNode error, JsonNode result, String sent, JsonNode state) {
        Step {
            error = error == null ? NullNode.instance : error;
            result = result == null ? NullNode.instance : result;
            state = state == null ? NullNode.instance : state;
        }
    }

    /** Reads a transcript from the drivers' JSON form. */
    static Transcript of(JsonNode json) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : json.get("steps")) {
            steps.add(new Step((ArrayNode) step.get("events"), step.get("error"), step.get("result"),
                    step.get("sent").asText(), step.get("state")));
        }
        return new Transcript(json.get("name").asText(), steps);
    }
}
