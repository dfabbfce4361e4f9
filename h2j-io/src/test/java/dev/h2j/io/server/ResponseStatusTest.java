package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.hpack.HeaderField;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9113 §8.3.2: the :status a response starts with, as the server reads it from the application. */
class ResponseStatusTest {

    static List<HeaderField> status(String value) {
        return List.of(HeaderField.of(":status", value), HeaderField.of("content-type", "text/plain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "103", "200", "206", "304", "404", "599", "999"})
    void aThreeDigitCodeIsTheStatus(String value) {
        assertThat(Response.status(status(value))).isEqualTo(Integer.parseInt(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "2000", "099", "000", "2x0", "20 ", "+20", "-20"})
    void anythingElseIsRefused(String value) {
        assertThatThrownBy(() -> Response.status(status(value))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RFC 9113 §8.3.2: :status " + value + " is not a three-digit code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-type", ":path"})
    void aResponseThatDoesNotStartWithStatusIsRefused(String name) {
        assertThatThrownBy(() -> Response.status(List.of(HeaderField.of(name, "200"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RFC 9113 §8.3.2: a response's first field is :status");
        assertThatThrownBy(() -> Response.status(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
