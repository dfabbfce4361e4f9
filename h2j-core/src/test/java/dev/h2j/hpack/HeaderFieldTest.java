package dev.h2j.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** HeaderField: octets, ISO-8859-1 views, size, equality. */
class HeaderFieldTest {

    @Test
    void stringsMapCharsToOctets() {
        HeaderField field = HeaderField.of("x-\u00e9", "caf\u00ff");
        assertThat(field.nameBytes()).containsExactly('x', '-', 0xe9);
        assertThat(field.valueBytes()).containsExactly('c', 'a', 'f', 0xff);
        assertThat(field.nameLength()).isEqualTo(3);
        assertThat(field.valueLength()).isEqualTo(4);
        assertThat(field.size()).isEqualTo(39);
        assertThat(field).hasToString("x-\u00e9: caf\u00ff");
    }

    @Test
    void octetAccessorsReadNameAndValueInPlace() {
        HeaderField field = HeaderField.of("x-\u00e9", "\u00ffz");
        assertThat(field.nameAt(0)).isEqualTo((byte) 'x');
        assertThat(field.nameAt(2)).isEqualTo((byte) 0xe9);
        assertThat(field.valueAt(0)).isEqualTo((byte) 0xff);
        assertThat(field.valueAt(1)).isEqualTo((byte) 'z');
    }

    @Test
    void octetAccessorsRejectIndicesOutsideTheField() {
        HeaderField field = HeaderField.of("ab", "");
        assertThatThrownBy(() -> field.nameAt(2)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
        assertThatThrownBy(() -> field.nameAt(-1)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
        assertThatThrownBy(() -> field.valueAt(0)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void charsAboveFfAreRejected() {
        assertThatThrownBy(() -> HeaderField.of("x", "\u0100"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+100");
        assertThatThrownBy(() -> HeaderField.sensitive("\u20ac", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteFactoriesCopyAndAccessorsCopy() {
        byte[] name = {'a'};
        byte[] value = {'b'};
        HeaderField field = HeaderField.of(name, value);
        name[0] = 'z';
        field.valueBytes()[0] = 'z';
        assertThat(field.name()).isEqualTo("a");
        assertThat(field.value()).isEqualTo("b");
        assertThat(field.sensitive()).isFalse();
        HeaderField sensitive = HeaderField.sensitive(new byte[] {'a'}, new byte[] {(byte) 0xe9});
        assertThat(sensitive.sensitive()).isTrue();
        assertThat(sensitive.value()).isEqualTo("\u00e9");
    }

    @Test
    void equalityIgnoresSensitivity() {
        HeaderField plain = HeaderField.of("a", "b");
        HeaderField sensitive = HeaderField.sensitive("a", "b");
        assertThat(plain).isEqualTo(sensitive).hasSameHashCodeAs(sensitive);
        assertThat(plain).isEqualTo(plain).isNotEqualTo(HeaderField.of("a", "c"))
                .isNotEqualTo(HeaderField.of("b", "b")).isNotEqualTo("a: b");
    }

    @Test
    void nullsAreRejected() {
        assertThatThrownBy(() -> HeaderField.of((String) null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> HeaderField.of((byte[]) null, new byte[0])).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> HeaderField.sensitive("n", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void validOctetsFollowRfc9113Section821() {
        assertThat(HeaderField.of(":path", "/").hasValidOctets()).isTrue();
        assertThat(HeaderField.of("x-empty", "").hasValidOctets()).isTrue();
        assertThat(HeaderField.of("x-inner", "a \t b").hasValidOctets()).isTrue();
        assertThat(HeaderField.of("x-latin", "caf\u00e9").hasValidOctets()).isTrue();
        assertThat(HeaderField.of("", "v").hasValidOctets()).as("empty name").isFalse();
        assertThat(HeaderField.of("X-Upper", "v").hasValidOctets()).as("uppercase").isFalse();
        assertThat(HeaderField.of("x:colon", "v").hasValidOctets()).as("':' inside").isFalse();
        assertThat(HeaderField.of("x space", "v").hasValidOctets()).as("SP in name").isFalse();
        assertThat(HeaderField.of("x-\u00e9", "v").hasValidOctets()).as("octet above 0x7e").isFalse();
        assertThat(HeaderField.of("x-del\u007f", "v").hasValidOctets()).as("DEL").isFalse();
        assertThat(HeaderField.of("x", "a\u0000b").hasValidOctets()).as("NUL").isFalse();
        assertThat(HeaderField.of("x", "a\nb").hasValidOctets()).as("LF").isFalse();
        assertThat(HeaderField.of("x", "a\rb").hasValidOctets()).as("CR").isFalse();
        assertThat(HeaderField.of("x", " a").hasValidOctets()).as("leading SP").isFalse();
        assertThat(HeaderField.of("x", "a\t").hasValidOctets()).as("trailing HTAB").isFalse();
    }

    @Test
    void theAnswerIsRememberedAndTheSameEveryTime() {
        HeaderField bad = HeaderField.of("x", "a\r");
        HeaderField good = HeaderField.of("x", "a");
        for (int i = 0; i < 3; i++) {
            assertThat(bad.hasValidOctets()).isFalse();
            assertThat(good.hasValidOctets()).isTrue();
        }
    }
}
