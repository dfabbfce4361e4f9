package dev.h2j.hpack;

import static dev.h2j.hpack.Hpack.decode;
import static dev.h2j.hpack.Hpack.entries;
import static dev.h2j.hpack.Hpack.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed header blocks are connection errors (COMPRESSION_ERROR), and a field that fails leaves
 * the dynamic table as it was before that field.
 */
class DecoderErrorsTest {

    /** 40 0a "custom-key" 0d "custom-header": RFC 7541 C.2.1, enters the table as index 62. */
    private static final String CUSTOM = "40 0a 637573746f6d2d6b6579 0d 637573746f6d2d686561646572";

    private HpackDecoder decoder;

    @BeforeEach
    void tableHoldsOneEntry() {
        decoder = new HpackDecoder(4096, 1 << 16);
        decode(decoder, hex(CUSTOM));
    }

    private void assertError(String block, String rule) {
        assertThatThrownBy(() -> decode(decoder, hex(block)))
                .isInstanceOfSatisfying(HpackException.class, e -> assertThat(e.isConnectionError()).isTrue())
                .hasMessageContaining(rule)
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    /** The table still holds only C.2.1's entry, and index 62 still decodes to it. */
    private void assertTableUnchanged() {
        assertThat(entries(decoder.dynamicTable())).containsExactly("custom-key: custom-header");
        assertThat(decode(decoder, hex("be"))).containsExactly(HeaderField.of("custom-key", "custom-header"));
    }

    @Test
    void indexZeroIsAnError() {
        assertError("80", "§6.1");
        assertTableUnchanged();
    }

    @Test
    void indexPastBothTablesIsAnError() {
        assertError("bf", "§2.3.3"); // 63: one past the single dynamic entry
        assertTableUnchanged();
    }

    @Test
    void literalNameIndexPastBothTablesIsAnErrorAndInsertsNothing() {
        assertError("7f 00 03 616263", "§2.3.3"); // 01 + index 63, value "abc"
        assertTableUnchanged();
    }

    @Test
    void sizeUpdateAfterAFieldIsAnError() {
        assertError("82 20", "§4.2");
        assertTableUnchanged();
    }

    @Test
    void severalSizeUpdatesAtTheStartAreAllowed() {
        assertThat(decode(decoder, hex("20 3fe11f 82"))).containsExactly(HeaderField.of(":method", "GET"));
        assertThat(decoder.dynamicTable().length()).isZero();
        assertThat(decoder.dynamicTable().capacity()).isEqualTo(4096);
    }

    @Test
    void sizeUpdateAboveTheSettingIsAnError() {
        assertError("3fe21f", "§6.3"); // 4097
        assertTableUnchanged();
    }

    @Test
    void loweredSettingRequiresASizeUpdateAtTheStartOfTheNextBlock() {
        decoder.setMaxTableSize(50);
        assertError("82", "§4.2");
        // 3f 13 = update to 50: custom-key (55 octets) no longer fits
        assertThat(decode(decoder, hex("3f13 82"))).containsExactly(HeaderField.of(":method", "GET"));
        assertThat(decoder.dynamicTable().length()).isZero();
        assertThat(decode(decoder, hex("82"))).hasSize(1);
    }

    @Test
    void loweredThenRaisedSettingRequiresAnUpdateNotAboveTheMinimum() {
        decoder.setMaxTableSize(50);
        decoder.setMaxTableSize(4096);
        assertError("3fe11f 82", "§4.2"); // 4096 alone does not show that we evicted
        assertThat(decode(decoder, hex("3f13 3fe11f 82"))).hasSize(1);
        assertThat(decoder.dynamicTable().capacity()).isEqualTo(4096);
    }

    @Test
    void settingAboveTheTableSizeRequiresNoUpdate() {
        decoder.setMaxTableSize(8192);
        assertTableUnchanged();
    }

    @Test
    void stringPastTheEndOfTheBlockIsAnErrorAndInsertsNothing() {
        assertError("40 03 616263 05 61", "§5.2");
        assertTableUnchanged();
    }

    @Test
    void truncatedLiteralIsAnErrorAndInsertsNothing() {
        assertError("41", "truncated"); // name index 1, value missing
        assertTableUnchanged();
        assertError("40 03 616263", "truncated"); // new name, value missing
        assertTableUnchanged();
        assertError("40", "truncated");
        assertTableUnchanged();
        assertError("0f", "truncated"); // name index integer cut short
        assertTableUnchanged();
    }

    @Test
    void badHuffmanValueIsAnErrorAndInsertsNothing() {
        assertError("40 03 616263 81 ff", "§5.2");
        assertTableUnchanged();
    }

    @Test
    void hugeIntegerIsAnError() {
        assertError("ff ffffffff0f", "§5.1");
        assertTableUnchanged();
    }

    @Test
    void emptyBlockDecodesToNothing() {
        assertThat(decode(decoder, new byte[0])).isEmpty();
    }

    @Test
    void nullSinkIsRejected() {
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.allocate(0), null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void negativeSettingsAreRejected() {
        assertThatThrownBy(() -> new HpackDecoder(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HpackDecoder(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.setMaxTableSize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.setMaxHeaderListSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
