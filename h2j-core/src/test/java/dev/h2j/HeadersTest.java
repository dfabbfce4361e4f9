package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.hpack.HeaderField;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Headers: the builder puts pseudo-header fields first (RFC 9113 §8.3), and the lookups fold ASCII case. */
class HeadersTest {

    @Test
    void requestStartsWithItsFourPseudoHeadersInRfcOrder() {
        List<HeaderField> fields = Headers.request("GET", "https", "example.com", "/index.html")
                .add("accept", "text/html").build();
        assertThat(fields).containsExactly(HeaderField.of(":method", "GET"), HeaderField.of(":scheme", "https"),
                HeaderField.of(":authority", "example.com"), HeaderField.of(":path", "/index.html"),
                HeaderField.of("accept", "text/html"));
    }

    @Test
    void requestLeavesOutThePseudoHeadersPassedAsNull() {
        assertThat(Headers.request("CONNECT", null, "proxy.example:443", null).build())
                .containsExactly(HeaderField.of(":method", "CONNECT"),
                        HeaderField.of(":authority", "proxy.example:443"));
        assertThat(Headers.request("GET", "urn", null, "x").build())
                .containsExactly(HeaderField.of(":method", "GET"), HeaderField.of(":scheme", "urn"),
                        HeaderField.of(":path", "x"));
    }

    @Test
    void requestNeedsAMethod() {
        assertThatThrownBy(() -> Headers.request(null, "https", "a", "/"))
                .isInstanceOf(NullPointerException.class).hasMessage("method");
    }

    @Test
    void addedPseudoHeadersJoinTheFactoryOnesAheadOfRegularFields() {
        List<HeaderField> fields = Headers.request("CONNECT", "https", "example.com", "/chat")
                .add("sec-websocket-version", "13")
                .add(":protocol", "websocket")
                .build();
        assertThat(fields).extracting(HeaderField::name).containsExactly(":method", ":scheme", ":authority", ":path",
                ":protocol", "sec-websocket-version");
    }

    @Test
    void responseCarriesTheStatusAsThreeDigits() {
        assertThat(Headers.response(204).add("server", "h2j").build())
                .containsExactly(HeaderField.of(":status", "204"), HeaderField.of("server", "h2j"));
        assertThat(Headers.response(103).build()).containsExactly(HeaderField.of(":status", "103"));
        assertThat(Headers.response(100).build()).containsExactly(HeaderField.of(":status", "100"));
        assertThat(Headers.response(999).build()).containsExactly(HeaderField.of(":status", "999"));
    }

    @ParameterizedTest
    @ValueSource(ints = {-200, 0, 99, 1000})
    void responseRefusesAStatusThatIsNotThreeDigits(int status) {
        assertThatThrownBy(() -> Headers.response(status))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a status code has three digits: " + status);
    }

    @Test
    void trailersStartEmptyAndKeepInsertionOrder() {
        assertThat(Headers.trailers().build()).isEmpty();
        assertThat(Headers.trailers().add("grpc-status", "0").add("grpc-message", "ok").add("grpc-status", "1")
                .build()).extracting(HeaderField::value).containsExactly("0", "ok", "1");
    }

    @Test
    void addSensitiveMarksTheFieldNeverIndexed() {
        List<HeaderField> fields = Headers.trailers().add("a", "1").addSensitive("authorization", "secret").build();
        assertThat(fields.get(0).sensitive()).isFalse();
        assertThat(fields.get(1).sensitive()).isTrue();
        assertThat(fields.get(1)).isEqualTo(HeaderField.of("authorization", "secret"));
    }

    @Test
    void emptyNameIsARegularField() {
        assertThat(Headers.response(200).add("", "x").build()).extracting(HeaderField::name)
                .containsExactly(":status", "");
    }

    @Test
    void addRefusesNullsAndCharsAboveFf() {
        Headers headers = Headers.trailers();
        assertThatThrownBy(() -> headers.add(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> headers.add("n", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> headers.addSensitive("n", "\u20ac")).isInstanceOf(IllegalArgumentException.class);
        assertThat(headers.build()).isEmpty();
    }

    @Test
    void buildReturnsAnUnmodifiableSnapshot() {
        Headers headers = Headers.response(200).add("a", "1");
        List<HeaderField> first = headers.build();
        headers.add("b", "2");
        assertThat(first).hasSize(2);
        assertThat(headers.build()).hasSize(3);
        assertThatThrownBy(() -> first.add(HeaderField.of("c", "3")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void firstFindsTheFirstValueIgnoringAsciiCase() {
        List<HeaderField> fields = Headers.response(200).add("set-cookie", "a=1").add("Set-Cookie", "b=2").build();
        assertThat(Headers.first(fields, "set-cookie")).contains("a=1");
        assertThat(Headers.first(fields, "SET-COOKIE")).contains("a=1");
        assertThat(Headers.first(fields, ":status")).contains("200");
        assertThat(Headers.first(fields, "set-cookies")).isEmpty();
        assertThat(Headers.first(fields, "set_cookie")).isEmpty();
        assertThat(Headers.first(List.of(), "x")).isEmpty();
    }

    @Test
    void lookupsFoldOnlyAsciiCase() {
        List<HeaderField> fields = List.of(HeaderField.of("x-\u00e9", "1"), HeaderField.of("[", "2"));
        assertThat(Headers.first(fields, "x-\u00c9")).isEmpty();
        assertThat(Headers.first(fields, "x-\u00e9")).contains("1");
        // '[' is 0x5b and '{' is 0x7b: they differ by the ASCII case bit but are not letters.
        assertThat(Headers.first(fields, "{")).isEmpty();
    }

    @Test
    void allFindsEveryValueInOrder() {
        List<HeaderField> fields = Headers.request("GET", "https", "a", "/").add("cookie", "a=1").add("x", "y")
                .add("Cookie", "b=2").build();
        assertThat(Headers.all(fields, "cookie")).containsExactly("a=1", "b=2");
        assertThat(Headers.all(fields, "x")).containsExactly("y");
        assertThat(Headers.all(fields, "missing")).isEmpty();
        assertThatThrownBy(() -> Headers.all(fields, "cookie").add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void lookupsRefuseNulls() {
        assertThatThrownBy(() -> Headers.first(List.of(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Headers.all(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
