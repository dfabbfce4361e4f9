package dev.h2j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader and writer the DevTools client speaks with. */
class JsonTest {

    @Test
    void readsWhatADevToolsAnswerHolds() {
        Object answer = Json.parse("""
                {"id": 7, "result": {"result": {"type": "object", "value":
                  {"status": 200, "ok": true, "ratio": 0.5, "big": 1e3, "float": 200.0, "none": null,
                   "list": [1, "two", [], {}], "text": "a\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00"}}}}
                """);

        assertThat(answer).isEqualTo(Map.of("id", 7L, "result", Map.of("result", Map.of("type", "object", "value",
                map("status", 200L, "ok", true, "ratio", 0.5, "big", 1000L, "float", 200L, "none", null,
                        "list", List.of(1L, "two", List.of(), Map.of()), "text", "a\"b\\c/d\n\té😀")))));
    }

    @Test
    void writesACommandThatReadsBackTheSame() {
        Map<String, Object> command = map("id", 1, "method", "Runtime.evaluate", "params",
                map("expression", "smallGet(\"/small.txt\")\n\u0001", "awaitPromise", true, "args",
                        Arrays.asList(-2, null, List.of())));

        String text = Json.write(command);

        assertThat(text).isEqualTo("{\"id\":1,\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":"
                + "\"smallGet(\\\"/small.txt\\\")\\n\\u0001\",\"awaitPromise\":true,\"args\":[-2,null,[]]}}");
        assertThat(Json.parse(text)).isEqualTo(map("id", 1L, "method", "Runtime.evaluate", "params",
                map("expression", "smallGet(\"/small.txt\")\n\u0001", "awaitPromise", true, "args",
                        Arrays.asList(-2L, null, List.of()))));
    }

    @Test
    void refusesWhatIsNotOneJsonValue() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1")).hasMessage("JSON: '}' expected at offset 7");
        assertThatThrownBy(() -> Json.parse("[1] 2")).hasMessage("JSON: text after the value at offset 4");
        assertThatThrownBy(() -> Json.parse("\"open")).hasMessage("JSON: an unterminated string at offset 5");
        assertThatThrownBy(() -> Json.parse("{1: 2}")).hasMessage("JSON: a member name expected at offset 1");
        assertThatThrownBy(() -> Json.parse("\"\\x\"")).hasMessage("JSON: an unknown escape \\x at offset 3");
        assertThatThrownBy(() -> Json.parse("nul")).hasMessage("JSON: an unknown literal at offset 0");
        assertThatThrownBy(() -> Json.parse("")).hasMessage("JSON: a value expected at offset 0");
        assertThatThrownBy(() -> Json.parse("-")).hasMessage("JSON: a malformed number - at offset 1");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessageStartingWith("not a JSON value");
    }

    /** A map keeping its entries' order, with null values allowed. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
