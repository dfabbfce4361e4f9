package dev.h2j.frame;

import static dev.h2j.frame.FrameBytes.buf;
import static dev.h2j.frame.FrameBytes.concat;
import static dev.h2j.frame.FrameBytes.hex;
import static dev.h2j.frame.FrameBytes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per frame-level rule: exact error code, scope and stream; and what the parser does next. */
class MalformedFrameTest {

    private static final byte[] PING = hex("000008 06 00 00000000 0000000000000001");
    private static final byte[] HEADERS_OPEN_BLOCK = hex("000001 01 00 00000001 82");

    // ---- helpers -------------------------------------------------------------------------------

    /** Parses {@code wire} expecting a connection error; checks the parser is FAILED afterwards. */
    private static FrameFormatException connectionError(byte[] wire, ErrorCode code, int streamId, String section) {
        FrameParser parser = new FrameParser();
        ByteBuffer in = ByteBuffer.wrap(concat(wire, PING));
        FrameFormatException e = catchThrowableOfType(FrameFormatException.class, () -> FrameBytes.parseAll(parser, in));
        assertThat(e).as("expected a connection error").isNotNull();
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.isConnectionError()).isTrue();
        assertThat(e.streamId()).isEqualTo(streamId);
        assertThat(e.flowControlledLength()).isZero();
        assertThat(e.getMessage()).contains(section).contains(code.name());
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(parser.state()).isEqualTo(FrameParser.State.FAILED);
        int position = in.position();
        assertThat(catchThrowableOfType(FrameFormatException.class, () -> parser.next(in))).isSameAs(e);
        assertThat(in.position()).as("a failed parser consumes nothing").isEqualTo(position);
        return e;
    }

    /** Parses {@code wire} then a PING, expecting a stream error and then the PING. */
    private static FrameFormatException streamError(byte[] wire, ErrorCode code, int streamId, String section) {
        FrameParser parser = new FrameParser();
        ByteBuffer in = ByteBuffer.wrap(concat(wire, PING));
        FrameFormatException e = catchThrowableOfType(FrameFormatException.class, () -> FrameBytes.parseAll(parser, in));
        assertThat(e).as("expected a stream error").isNotNull();
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.isConnectionError()).isFalse();
        assertThat(e.streamId()).isEqualTo(streamId);
        assertThat(e.getMessage()).contains(section).contains(code.name());
        assertThat(FrameBytes.parseAll(parser, in)).containsExactly(new PingFrame(false, 1));
        return e;
    }

    // ---- frames on the wrong stream --------------------------------------------------------------

    @Test
    void dataOnStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x0, 0, 0, "ab"), ErrorCode.PROTOCOL_ERROR, 0, "§6.1");
    }

    @Test
    void headersOnStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x1, 0x4, 0, "82"), ErrorCode.PROTOCOL_ERROR, 0, "§6.2");
    }

    @Test
    void priorityOnStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x2, 0, 0, "00000001 10"), ErrorCode.PROTOCOL_ERROR, 0, "§6.3");
    }

    @Test
    void rstStreamOnStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x3, 0, 0, "00000008"), ErrorCode.PROTOCOL_ERROR, 0, "§6.4");
    }

    @Test
    void pushPromiseOnStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x5, 0x4, 0, "00000002 82"), ErrorCode.PROTOCOL_ERROR, 0, "§6.6");
    }

    @Test
    void continuationOnStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x9, 0x4, 0, "82"), ErrorCode.PROTOCOL_ERROR, 0, "§6.10");
    }

    @Test
    void settingsOnAStreamIsConnectionProtocolError() {
        connectionError(raw(0x4, 0, 1, ""), ErrorCode.PROTOCOL_ERROR, 1, "§6.5");
    }

    @Test
    void pingOnAStreamIsConnectionProtocolError() {
        connectionError(raw(0x6, 0, 3, "0000000000000000"), ErrorCode.PROTOCOL_ERROR, 3, "§6.7");
    }

    @Test
    void goAwayOnAStreamIsConnectionProtocolError() {
        connectionError(raw(0x7, 0, 5, "00000000 00000000"), ErrorCode.PROTOCOL_ERROR, 5, "§6.8");
    }

    @Test
    void priorityUpdateOnAStreamIsConnectionProtocolError() {
        connectionError(raw(0x10, 0, 1, "00000001"), ErrorCode.PROTOCOL_ERROR, 1, "RFC 9218 §7.1");
    }

    // ---- padding ---------------------------------------------------------------------------------

    @Test
    void dataPaddingAsLongAsThePayloadIsConnectionProtocolError() {
        // pad length 3 in a 3-octet payload: 1 pad-length octet + 2 octets, so 3 octets of padding cannot fit
        connectionError(raw(0x0, 0x8, 1, "03 0000"), ErrorCode.PROTOCOL_ERROR, 1, "§6.1");
    }

    @Test
    void dataPaddingFillingTheRestOfThePayloadIsAllowed() {
        assertThat(FrameBytes.parseAll(raw(0x0, 0x8, 1, "02 0000")))
                .containsExactly(new DataFrame(1, buf(""), false, 2));
    }

    @Test
    void headersPaddingLongerThanWhatThePriorityFieldsLeaveIsConnectionProtocolError() {
        // 8 octets: pad length, 5 priority octets, 2 left: padding 3 does not fit
        connectionError(raw(0x1, 0x2c, 1, "03 00000000 0f 0000"), ErrorCode.PROTOCOL_ERROR, 1, "§6.1");
    }

    @Test
    void headersPaddingFillingWhatThePriorityFieldsLeaveIsAllowed() {
        assertThat(FrameBytes.parseAll(raw(0x1, 0x2c, 1, "02 00000000 0f 0000")))
                .containsExactly(new HeadersFrame(1, buf(""), false, true,
                        java.util.Optional.of(new PrioritySpec(0, false, 16)), 2));
    }

    @Test
    void pushPromisePaddingLongerThanWhatThePromisedIdLeavesIsConnectionProtocolError() {
        // 6 octets: pad length, 4 promised-id octets, 1 left: padding 2 does not fit
        connectionError(raw(0x5, 0xc, 1, "02 00000002 00"), ErrorCode.PROTOCOL_ERROR, 1, "§6.1");
    }

    @Test
    void paddedDataWithoutRoomForThePadLengthIsConnectionFrameSizeError() {
        connectionError(raw(0x0, 0x8, 1, ""), ErrorCode.FRAME_SIZE_ERROR, 1, "§6.1");
    }

    @Test
    void headersTooShortForItsPriorityFieldsIsConnectionFrameSizeError() {
        connectionError(raw(0x1, 0x24, 1, "00000000"), ErrorCode.FRAME_SIZE_ERROR, 1, "§6.2");
    }

    @Test
    void pushPromiseTooShortForThePromisedIdIsConnectionFrameSizeError() {
        connectionError(raw(0x5, 0x4, 1, "000002"), ErrorCode.FRAME_SIZE_ERROR, 1, "§6.6");
    }

    @Test
    void pushPromiseOfStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x5, 0x4, 1, "80000000 82"), ErrorCode.PROTOCOL_ERROR, 1, "§6.6");
    }

    // ---- fixed lengths ---------------------------------------------------------------------------

    @Test
    void priorityOfLengthOtherThanFiveIsStreamFrameSizeError() {
        assertThat(streamError(raw(0x2, 0, 3, "00000001"), ErrorCode.FRAME_SIZE_ERROR, 3, "§6.3").frameType())
                .isEqualTo(FrameType.PRIORITY);
        streamError(raw(0x2, 0, 3, "00000001 1010"), ErrorCode.FRAME_SIZE_ERROR, 3, "§6.3");
    }

    @Test
    void rstStreamOfLengthOtherThanFourIsConnectionFrameSizeError() {
        connectionError(raw(0x3, 0, 1, "000008"), ErrorCode.FRAME_SIZE_ERROR, 1, "§6.4");
    }

    @Test
    void settingsLengthNotAMultipleOfSixIsConnectionFrameSizeError() {
        connectionError(raw(0x4, 0, 0, "0003 000064"), ErrorCode.FRAME_SIZE_ERROR, 0, "§6.5");
    }

    @Test
    void settingsAckWithAPayloadIsConnectionFrameSizeError() {
        FrameFormatException e = connectionError(raw(0x4, 0x1, 0, "0003 00000064"), ErrorCode.FRAME_SIZE_ERROR, 0,
                "§6.5");
        assertThat(e.settingValueOutOfRange()).isFalse();
    }

    @Test
    void pingOfLengthOtherThanEightIsConnectionFrameSizeError() {
        connectionError(raw(0x6, 0, 0, "00000000000000"), ErrorCode.FRAME_SIZE_ERROR, 0, "§6.7");
    }

    @Test
    void goAwayShorterThanEightIsConnectionFrameSizeError() {
        connectionError(raw(0x7, 0, 0, "00000000 000000"), ErrorCode.FRAME_SIZE_ERROR, 0, "§6.8");
    }

    @Test
    void windowUpdateOfLengthOtherThanFourIsConnectionFrameSizeError() {
        connectionError(raw(0x8, 0, 1, "00000001 00"), ErrorCode.FRAME_SIZE_ERROR, 1, "§6.9");
    }

    @Test
    void priorityUpdateShorterThanFourIsConnectionFrameSizeError() {
        connectionError(raw(0x10, 0, 0, "000001"), ErrorCode.FRAME_SIZE_ERROR, 0, "RFC 9218 §7.1");
    }

    // ---- settings values -------------------------------------------------------------------------

    @Test
    void enablePushOtherThanZeroOrOneIsConnectionProtocolError() {
        FrameFormatException e = connectionError(raw(0x4, 0, 0, "0002 00000002"), ErrorCode.PROTOCOL_ERROR, 0,
                "§6.5.2");
        assertThat(e.settingValueOutOfRange()).isTrue();
    }

    @Test
    void initialWindowSizeAbove2To31Minus1IsConnectionFlowControlError() {
        FrameFormatException e = connectionError(raw(0x4, 0, 0, "0004 80000000"), ErrorCode.FLOW_CONTROL_ERROR, 0,
                "§6.5.2");
        assertThat(e.settingValueOutOfRange()).isTrue();
    }

    @Test
    void maxFrameSizeBelow16384IsConnectionProtocolError() {
        connectionError(raw(0x4, 0, 0, "0005 00003fff"), ErrorCode.PROTOCOL_ERROR, 0, "§6.5.2");
    }

    @Test
    void maxFrameSizeAbove2To24Minus1IsConnectionProtocolError() {
        connectionError(raw(0x4, 0, 0, "0005 01000000"), ErrorCode.PROTOCOL_ERROR, 0, "§6.5.2");
    }

    @Test
    void enableConnectProtocolOtherThanZeroOrOneIsConnectionProtocolError() {
        connectionError(raw(0x4, 0, 0, "0008 00000002"), ErrorCode.PROTOCOL_ERROR, 0, "RFC 8441 §3");
    }

    @Test
    void noRfc7540PrioritiesOtherThanZeroOrOneIsConnectionProtocolError() {
        connectionError(raw(0x4, 0, 0, "0009 ffffffff"), ErrorCode.PROTOCOL_ERROR, 0, "RFC 9218 §2.1");
    }

    @Test
    void aBadValueAfterGoodOnesStillFailsTheWholeFrame() {
        connectionError(raw(0x4, 0, 0, "0003 00000064 0002 00000005"), ErrorCode.PROTOCOL_ERROR, 0, "§6.5.2");
    }

    @Test
    void unknownSettingsAreKeptWhateverTheirValue() {
        assertThat(FrameBytes.parseAll(raw(0x4, 0, 0, "0000 ffffffff 0007 80000000")))
                .containsExactly(new SettingsFrame(false, List.of(
                        new Setting(SettingId.of(0), 0xffffffffL), new Setting(SettingId.of(7), 0x80000000L))));
    }

    // ---- WINDOW_UPDATE ---------------------------------------------------------------------------

    @Test
    void windowUpdateOfZeroOnAStreamIsStreamProtocolError() {
        assertThat(streamError(raw(0x8, 0, 3, "00000000"), ErrorCode.PROTOCOL_ERROR, 3, "§6.9").frameType())
                .isEqualTo(FrameType.WINDOW_UPDATE);
    }

    @Test
    void windowUpdateOfZeroWithTheReservedBitSetIsStillZero() {
        streamError(raw(0x8, 0, 3, "80000000"), ErrorCode.PROTOCOL_ERROR, 3, "§6.9");
    }

    @Test
    void windowUpdateOfZeroOnStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x8, 0, 0, "00000000"), ErrorCode.PROTOCOL_ERROR, 0, "§6.9");
    }

    // ---- CONTINUATION sequencing -------------------------------------------------------------------

    @Test
    void dataInsideAFieldBlockIsConnectionProtocolError() {
        connectionError(concat(HEADERS_OPEN_BLOCK, raw(0x0, 0, 1, "ab")), ErrorCode.PROTOCOL_ERROR, 1, "§6.10");
    }

    @Test
    void continuationOnAnotherStreamInsideAFieldBlockIsConnectionProtocolError() {
        connectionError(concat(HEADERS_OPEN_BLOCK, raw(0x9, 0x4, 3, "82")), ErrorCode.PROTOCOL_ERROR, 3, "§6.10");
    }

    @Test
    void unknownFrameInsideAFieldBlockIsConnectionProtocolError() {
        connectionError(concat(HEADERS_OPEN_BLOCK, raw(0xfa, 0, 1, "")), ErrorCode.PROTOCOL_ERROR, 1, "§6.10");
    }

    @Test
    void pingInsideAPushPromiseFieldBlockIsConnectionProtocolError() {
        connectionError(concat(raw(0x5, 0, 1, "00000002 82"), PING), ErrorCode.PROTOCOL_ERROR, 0, "§6.10");
    }

    @Test
    void headersInsideAFieldBlockAfterAContinuationIsConnectionProtocolError() {
        connectionError(concat(HEADERS_OPEN_BLOCK, raw(0x9, 0, 1, "84"), raw(0x1, 0x4, 1, "82")),
                ErrorCode.PROTOCOL_ERROR, 1, "§6.10");
    }

    @Test
    void continuationAfterACompleteFieldBlockIsConnectionProtocolError() {
        connectionError(concat(raw(0x1, 0x4, 1, "82"), raw(0x9, 0x4, 1, "84")), ErrorCode.PROTOCOL_ERROR, 1, "§6.10");
    }

    @Test
    void continuationAsTheFirstFrameIsConnectionProtocolError() {
        connectionError(raw(0x9, 0x4, 1, "84"), ErrorCode.PROTOCOL_ERROR, 1, "§6.10");
    }

    @Test
    void aFieldBlockEndsWithTheContinuationCarryingEndHeaders() {
        assertThat(FrameBytes.parseAll(concat(HEADERS_OPEN_BLOCK, raw(0x9, 0, 1, "84"), raw(0x9, 0x4, 1, ""),
                PING))).containsExactly(
                new HeadersFrame(1, buf("82"), false, false, java.util.Optional.empty(), -1),
                new ContinuationFrame(1, buf("84"), false),
                new ContinuationFrame(1, buf(""), true),
                new PingFrame(false, 1));
    }

    // ---- extension frames --------------------------------------------------------------------------

    @Test
    void priorityUpdateForStreamZeroIsConnectionProtocolError() {
        connectionError(raw(0x10, 0, 0, "80000000 753d31"), ErrorCode.PROTOCOL_ERROR, 0, "RFC 9218 §7.1");
    }

    @Test
    void altSvcOriginLengthPastThePayloadIsConnectionFrameSizeError() {
        connectionError(raw(0xa, 0, 0, "0005 61626364"), ErrorCode.FRAME_SIZE_ERROR, 0, "RFC 7838 §4");
    }

    @Test
    void altSvcTooShortForTheOriginLengthIsConnectionFrameSizeError() {
        connectionError(raw(0xa, 0, 0, "00"), ErrorCode.FRAME_SIZE_ERROR, 0, "RFC 7838 §4");
    }

    @Test
    void originEntryPastThePayloadIsConnectionFrameSizeError() {
        connectionError(raw(0xc, 0, 0, "0001 61 0003 6162"), ErrorCode.FRAME_SIZE_ERROR, 0, "RFC 8336 §2");
    }

    @Test
    void originWithAStrayLengthOctetIsConnectionFrameSizeError() {
        connectionError(raw(0xc, 0, 0, "0001 61 00"), ErrorCode.FRAME_SIZE_ERROR, 0, "RFC 8336 §2");
    }

    // ---- frame size (RFC 9113 §4.2) ------------------------------------------------------------------

    private static byte[] oversize(int type, int flags, int streamId) {
        return FrameBytes.withLength(16385, type, flags, streamId, new byte[16385]);
    }

    @Test
    void oversizeDataIsStreamFrameSizeErrorChargedToTheConnectionWindow() {
        FrameFormatException e = streamError(oversize(0x0, 0, 1), ErrorCode.FRAME_SIZE_ERROR, 1, "§4.2");
        assertThat(e.flowControlledLength()).isEqualTo(16385);
        assertThat(e.frameType()).isEqualTo(FrameType.DATA);
    }

    @Test
    void oversizeUnknownFrameOnAStreamIsStreamFrameSizeError() {
        FrameFormatException e = streamError(oversize(0xfa, 0, 5), ErrorCode.FRAME_SIZE_ERROR, 5, "§4.2");
        assertThat(e.flowControlledLength()).isZero();
        assertThat(e.frameType()).isEqualTo(FrameType.UNKNOWN);
    }

    @Test
    void oversizeRstStreamIsStreamFrameSizeError() {
        streamError(oversize(0x3, 0, 5), ErrorCode.FRAME_SIZE_ERROR, 5, "§4.2");
    }

    @Test
    void oversizeHeadersIsConnectionFrameSizeError() {
        connectionError(oversize(0x1, 0x4, 1), ErrorCode.FRAME_SIZE_ERROR, 1, "§4.2");
    }

    @Test
    void oversizePushPromiseIsConnectionFrameSizeError() {
        connectionError(oversize(0x5, 0x4, 1), ErrorCode.FRAME_SIZE_ERROR, 1, "§4.2");
    }

    @Test
    void oversizeContinuationIsConnectionFrameSizeError() {
        connectionError(concat(HEADERS_OPEN_BLOCK, oversize(0x9, 0x4, 1)), ErrorCode.FRAME_SIZE_ERROR, 1, "§4.2");
    }

    @Test
    void oversizeSettingsIsConnectionFrameSizeError() {
        connectionError(oversize(0x4, 0, 0), ErrorCode.FRAME_SIZE_ERROR, 0, "§4.2");
    }

    @Test
    void oversizeSettingsOnAStreamIsConnectionFrameSizeError() {
        connectionError(oversize(0x4, 0, 1), ErrorCode.FRAME_SIZE_ERROR, 1, "§4.2");
    }

    @Test
    void oversizeFrameOnStreamZeroIsConnectionFrameSizeError() {
        connectionError(oversize(0x8, 0, 0), ErrorCode.FRAME_SIZE_ERROR, 0, "§4.2");
        connectionError(oversize(0xfa, 0, 0), ErrorCode.FRAME_SIZE_ERROR, 0, "§4.2");
    }

    @Test
    void frameOfExactlyMaxFrameSizeIsAccepted() {
        byte[] wire = FrameBytes.withLength(16384, 0x0, 0, 1, new byte[16384]);
        assertThat(FrameBytes.parseAll(wire)).containsExactly(new DataFrame(1, ByteBuffer.allocate(16384), false, -1));
    }

    // ---- exception ------------------------------------------------------------------------------------

    @Test
    void aStreamErrorLeavesTheParserReadyForTheNextFrameInTheSameBuffer() {
        FrameParser parser = new FrameParser();
        ByteBuffer in = ByteBuffer.wrap(concat(raw(0x8, 0, 3, "00000000"), raw(0x2, 0, 3, "00"), PING));
        assertThat(catchThrowableOfType(FrameFormatException.class, () -> parser.next(in)).isConnectionError()).isFalse();
        assertThat(parser.state()).isEqualTo(FrameParser.State.READ_HEADER);
        assertThat(catchThrowableOfType(FrameFormatException.class, () -> parser.next(in)).isConnectionError()).isFalse();
        assertThat(parser.state()).isEqualTo(FrameParser.State.SKIP_PAYLOAD);
        assertThat(parser.next(in)).isEqualTo(new PingFrame(false, 1));
    }

    @Test
    void unknownErrorCodesAreKeptAndNamed() {
        assertThat(ErrorCode.of(0x1234).isKnown()).isFalse();
        assertThat(ErrorCode.of(0x1234).name()).isEqualTo("UNKNOWN_0x1234");
        assertThat(ErrorCode.of(-1).unsignedCode()).isEqualTo(0xffffffffL);
        assertThat(ErrorCode.of(-1).isKnown()).isFalse();
        assertThat(ErrorCode.of(0xd)).isSameAs(ErrorCode.HTTP_1_1_REQUIRED);
        assertThat(ErrorCode.HTTP_1_1_REQUIRED).hasToString("HTTP_1_1_REQUIRED");
        assertThat(ErrorCode.NO_ERROR.isKnown()).isTrue();
    }
}
