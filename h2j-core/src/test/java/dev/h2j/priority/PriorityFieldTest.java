package dev.h2j.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code priority} field value (RFC 9218 §4, §5) read as an RFC 8941 Dictionary: the RFC's
 * examples, what is ignored member by member once the dictionary parses, and the malformed values that
 * are ignored as a whole.
 */
class PriorityFieldTest {

    private static Priority urgent(int urgency) {
        return new Priority(urgency, false);
    }

    // ---------------------------------------------------------------- RFC 9218 examples

    @Test
    void cssRequestFromSection41HasUrgency0() {
        // RFC 9218 §4.1: priority = u=0
        assertThat(Priority.parse("u=0")).isEqualTo(new Priority(0, false));
    }

    @Test
    void jpegRequestFromSection42IsUrgency5Incremental() {
        // RFC 9218 §4.2: priority = u=5, i
        assertThat(Priority.parse("u=5, i")).isEqualTo(new Priority(5, true));
    }

    @Test
    void originResponseFromSection8HasUrgency1() {
        // RFC 9218 §8: the origin responds with priority = u=1 (incremental left to the client's value).
        assertThat(Priority.parse("u=1")).isEqualTo(new Priority(1, false));
    }

    @Test
    void noParametersMeanTheDefaults() {
        // RFC 9218 §4: urgency 3, not incremental.
        assertThat(Priority.parse("")).isEqualTo(Priority.DEFAULT).isEqualTo(new Priority(3, false));
        assertThat(Priority.parse("   ")).isEqualTo(Priority.DEFAULT);
        assertThat(Priority.parse(List.of())).isEqualTo(Priority.DEFAULT);
    }

    // ---------------------------------------------------------------- valid dictionaries

    @ParameterizedTest(name = "[{0}] -> u={1}, i={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // Booleans: a bare key is true; ?0 and ?1.
        "i             | 3 | true",
        "i=?1          | 3 | true",
        "i=?0          | 3 | false",
        "u=7, i=?0     | 7 | false",
        // Order does not matter; whitespace around commas is optional, and HTAB is OWS.
        "i, u=2        | 2 | true",
        "u=2,i         | 2 | true",
        "'u=2 ,\t i'   | 2 | true",
        "'  u=2, i  '  | 2 | true",
        // RFC 9218 §4: unknown parameters are ignored.
        "u=1, foo=bar  | 1 | false",
        "foo, u=6, *x=1.5, y-z.w_v=\"s\", b=:aGk=:, i | 6 | true",
        // RFC 8941 §4.2.3.2: parameters are parsed and dropped.
        "u=1;a=2;b, i;c=?0 | 1 | true",
        "u=4; a=\"x\"  | 4 | false",
        // RFC 9218 §4: values of another type are ignored.
        "u=1.0         | 3 | false",
        "u=\"1\"       | 3 | false",
        "u=one         | 3 | false",
        "u=?1          | 3 | false",
        "u=:AQ==:      | 3 | false",
        "u=(1 2), i    | 3 | true",
        "i=1           | 3 | false",
        "i=\"true\"    | 3 | false",
        "i=(), u=5     | 5 | false",
        // RFC 9218 §4.1: out-of-range urgencies are ignored.
        "u=8, i        | 3 | true",
        "u=-1          | 3 | false",
        "u=999999999999999 | 3 | false",
        // RFC 8941 §4.2.2: a repeated key keeps its last value, even one that is then ignored.
        "u=1, u=2      | 2 | false",
        "u=2, u=x      | 3 | false",
        "i, i=?0       | 3 | false",
        // Inner lists and binary content of every allowed shape.
        "u=1, l=(a \"b\" 3 4.5 ?0 :AA==:);p=1, e=() | 1 | false",
        "u=1, l=( 1  2 )  | 1 | false",
        "u=1, b=:aGk:     | 1 | false",
        "u=1, b=::        | 1 | false",
        "u=1, s=\"a\\\"b\\\\c\" | 1 | false",
        "u=1, t=a/b:c!#$%&*+-.^_`~ | 1 | false",
        "u=1, n=-12.345   | 1 | false",
        "u=1, n=123456789012.1 | 1 | false",
        "u=1, *k*=*tok, b=:a+/=: | 1 | false",
    })
    void aValidDictionaryKeepsWhatItUnderstands(String value, int urgency, boolean incremental) {
        assertThat(Priority.parse(value)).isEqualTo(new Priority(urgency, incremental));
    }

    // ---------------------------------------------------------------- malformed: all defaults

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "u=1, i=?2",            // a Boolean is ?0 or ?1
        "u=1,",                 // trailing comma
        "u=1,, i",              // empty member
        ", u=1",                // leading comma
        "u=1 i",                // members need a comma
        "U=1",                  // keys are lowercase
        "u=1, 1x=2",            // a key starts with lcalpha or *
        "u=1, =2",              // no key
        "\tu=1",                // only SP may lead
        "u=1\t;a",              // nor lie before parameters
        "u=",                   // no value
        "u=1, x=-",             // a number needs digits
        "u=1, x=1.",            // a decimal needs a fraction
        "u=1, x=1.2345",        // at most 3 fraction digits
        "u=1, x=1234567890123.1", // at most 12 integer digits in a decimal
        "u=1234567890123456",   // at most 15 digits in an integer
        "u=1, x=\"open",        // unterminated string
        "u=1, x=\"a\\b\"",      // only \" and \\ are escapes
        "u=1, x=\"tab\there\"", // control characters
        "u=1, x=\"é\"",         // non-ASCII in a string
        "u=1, é=1",             // non-ASCII anywhere
        "u=1, x=:not base64!:", // binary alphabet
        "u=1, x=:AQ==",         // unterminated binary
        "u=1, x=:A=Q=:",        // padding inside
        "u=1, x=(1 2",          // unterminated inner list
        "u=1, x=(",             // an inner list cut short
        "u=1, x=1.2.3",         // one decimal point
        "u=1, x=123456789012.1234", // at most 16 characters in a decimal
        "u=1, x=(1,2)",         // inner list items are separated by SP
        "u=1, x=@1659578233",   // Dates are RFC 9651, not RFC 8941
        "u=1, x=%\"display\"",  // so are Display Strings
        "u=1, x=?",             // a Boolean needs its digit
        "u=1;",                 // a parameter needs a key
        "u=1;A=2",              // parameter keys are lowercase too
        "u=1, x=1;y=",          // a parameter's = needs a value
        "u=5 ,",                // trailing comma after OWS
    })
    void aValueThatIsNotADictionaryIsIgnoredAsAWhole(String value) {
        // RFC 8941 §4.2: parsing fails, so the field is ignored, and RFC 9218 §4 falls back to the defaults.
        assertThat(Priority.parse(value)).isEqualTo(Priority.DEFAULT);
    }

    // ---------------------------------------------------------------- field lines and serialisation

    @Test
    void severalFieldLinesAreOneDictionary() {
        // RFC 8941 §4.2: field lines are combined with commas before parsing.
        assertThat(Priority.parse(List.of("u=1", "i"))).isEqualTo(new Priority(1, true));
        assertThat(Priority.parse(List.of("u=1", "u=6"))).isEqualTo(urgent(6));
        assertThat(Priority.parse(List.of("u=2, i"))).isEqualTo(new Priority(2, true));
        assertThat(Priority.parse(List.of("u=1", "i=?9"))).isEqualTo(Priority.DEFAULT);
    }

    @Test
    void fieldValueWritesTheUrgencyAndIncrementalWhenSet() {
        assertThat(new Priority(5, true).fieldValue()).isEqualTo("u=5, i");
        assertThat(new Priority(0, false).fieldValue()).isEqualTo("u=0");
        assertThat(Priority.DEFAULT.fieldValue()).isEqualTo("u=3");
    }

    @Provide
    Arbitrary<Priority> priorities() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(true, false))
                .as(Priority::new);
    }

    @Property
    void everyPriorityReadsBackFromItsFieldValue(@ForAll("priorities") Priority priority) {
        assertThat(Priority.parse(priority.fieldValue())).isEqualTo(priority);
    }

    @Property
    void anyTextParsesToSomePriorityWithoutThrowing(@ForAll String text) {
        Priority priority = Priority.parse(text);
        assertThat(priority.urgency()).isBetween(Priority.MIN_URGENCY, Priority.MAX_URGENCY);
    }

    @Test
    void urgencyOutside0To7IsRefused() {
        assertThatThrownBy(() -> new Priority(8, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 9218 §4.1");
        assertThatThrownBy(() -> new Priority(-1, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Priority.parse((String) null)).isInstanceOf(NullPointerException.class);
    }
}
