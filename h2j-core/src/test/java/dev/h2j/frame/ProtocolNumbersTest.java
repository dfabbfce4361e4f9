package dev.h2j.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error codes, setting identifiers and frame types: known values are constants, unknown ones are kept. */
class ProtocolNumbersTest {

    @Test
    void everyRfc9113ErrorCodeHasItsRfcNameAndValue() {
        ErrorCode[] codes = {
            ErrorCode.NO_ERROR, ErrorCode.PROTOCOL_ERROR, ErrorCode.INTERNAL_ERROR, ErrorCode.FLOW_CONTROL_ERROR,
            ErrorCode.SETTINGS_TIMEOUT, ErrorCode.STREAM_CLOSED, ErrorCode.FRAME_SIZE_ERROR, ErrorCode.REFUSED_STREAM,
            ErrorCode.CANCEL, ErrorCode.COMPRESSION_ERROR, ErrorCode.CONNECT_ERROR, ErrorCode.ENHANCE_YOUR_CALM,
            ErrorCode.INADEQUATE_SECURITY, ErrorCode.HTTP_1_1_REQUIRED,
        };
        for (int i = 0; i < codes.length; i++) {
            assertThat(codes[i].code()).isEqualTo(i);
            assertThat(ErrorCode.of(i)).isSameAs(codes[i]);
            assertThat(codes[i].isKnown()).isTrue();
        }
        assertThat(ErrorCode.FLOW_CONTROL_ERROR.name()).isEqualTo("FLOW_CONTROL_ERROR");
        assertThat(ErrorCode.of(0xe).name()).isEqualTo("UNKNOWN_0xe");
        assertThat(ErrorCode.of(0xe)).isEqualTo(new ErrorCode(0xe));
    }

    @Test
    void knownSettingIdsAreConstantsAndUnknownOnesAreKept() {
        assertThat(SettingId.of(1)).isSameAs(SettingId.HEADER_TABLE_SIZE);
        assertThat(SettingId.of(2)).isSameAs(SettingId.ENABLE_PUSH);
        assertThat(SettingId.of(3)).isSameAs(SettingId.MAX_CONCURRENT_STREAMS);
        assertThat(SettingId.of(4)).isSameAs(SettingId.INITIAL_WINDOW_SIZE);
        assertThat(SettingId.of(5)).isSameAs(SettingId.MAX_FRAME_SIZE);
        assertThat(SettingId.of(6)).isSameAs(SettingId.MAX_HEADER_LIST_SIZE);
        assertThat(SettingId.of(8)).isSameAs(SettingId.ENABLE_CONNECT_PROTOCOL);
        assertThat(SettingId.of(9)).isSameAs(SettingId.NO_RFC7540_PRIORITIES);
        assertThat(SettingId.NO_RFC7540_PRIORITIES).hasToString("NO_RFC7540_PRIORITIES");
        assertThat(SettingId.ENABLE_CONNECT_PROTOCOL.isKnown()).isTrue();
        for (int unknown : new int[] {0, 7, 10, 0xffff}) {
            assertThat(SettingId.of(unknown).isKnown()).isFalse();
            assertThat(SettingId.of(unknown).name()).isEqualTo("UNKNOWN_0x" + Integer.toHexString(unknown));
        }
    }

    @Test
    void frameTypeLookupKnowsEveryTypeAndNothingElse() {
        for (FrameType type : FrameType.values()) {
            if (type != FrameType.UNKNOWN) {
                assertThat(FrameType.of(type.code())).isSameAs(type);
            }
        }
        assertThat(FrameType.ALTSVC.code()).isEqualTo(0xa);
        assertThat(FrameType.ORIGIN.code()).isEqualTo(0xc);
        assertThat(FrameType.PRIORITY_UPDATE.code()).isEqualTo(0x10);
        assertThat(FrameType.UNKNOWN.code()).isEqualTo(-1);
        assertThat(FrameType.of(0xb)).isNull();
        assertThat(FrameType.of(0xff)).isNull();
        assertThat(FrameType.of(-1)).isNull();
        assertThat(FrameType.of(256)).isNull();
    }
}
