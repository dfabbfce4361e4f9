package dev.h2j.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.SettingId;
import dev.h2j.hpack.HeaderField;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event records: every constructor rule (each names its RFC section or component), defensive copies
 * of lists, maps and octets, and accessors that cannot change an event.
 */
class EventsTest {

    private static final int MAX_STREAM_ID = Integer.MAX_VALUE;
    private static final HeaderField STATUS = HeaderField.of(":status", "200");
    private static final HeaderField METHOD = HeaderField.of(":method", "GET");

    private static void illegal(Executable construct, String rule) {
        assertThatThrownBy(construct::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule);
    }

    private static void nullComponent(Executable construct, String component) {
        assertThatThrownBy(construct::execute).isInstanceOf(NullPointerException.class)
                .hasMessage(component);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ascii(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** The three events built from a final field block share their checks; each kind is tested alike. */
    @FunctionalInterface
    interface FieldBlockConstructor {
        Event create(int streamId, List<HeaderField> headers, Optional<StreamEnded> streamEnded,
                Optional<PriorityUpdated> priorityUpdated);
    }

    record FieldBlockKind(String name, FieldBlockConstructor constructor, Function<Event, List<HeaderField>> headers) {
        Event create(int streamId, List<HeaderField> headers, Optional<StreamEnded> streamEnded,
                Optional<PriorityUpdated> priorityUpdated) {
            return constructor.create(streamId, headers, streamEnded, priorityUpdated);
        }

        /** A valid event: every kind accepts a present streamEnded on its own stream. */
        Event create(int streamId, List<HeaderField> headers) {
            return create(streamId, headers, Optional.of(new StreamEnded(streamId)), Optional.empty());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<FieldBlockKind> fieldBlockKinds() {
        return Stream.of(
                new FieldBlockKind("RequestReceived", RequestReceived::new, e -> ((RequestReceived) e).headers()),
                new FieldBlockKind("ResponseReceived", ResponseReceived::new, e -> ((ResponseReceived) e).headers()),
                new FieldBlockKind("TrailersReceived", TrailersReceived::new, e -> ((TrailersReceived) e).headers()));
    }

    @Nested
    class FieldBlocks {

        @ParameterizedTest
        @MethodSource("dev.h2j.event.EventsTest#fieldBlockKinds")
        void streamIdMustBe1To2Pow31Minus1(FieldBlockKind kind) {
            illegal(() -> kind.create(0, List.of(METHOD)), "§5.1.1");
            illegal(() -> kind.create(-1, List.of(METHOD)), "§5.1.1");
            assertThatCode(() -> kind.create(MAX_STREAM_ID, List.of(METHOD))).doesNotThrowAnyException();
        }

        @ParameterizedTest
        @MethodSource("dev.h2j.event.EventsTest#fieldBlockKinds")
        void nullComponentsAreRefused(FieldBlockKind kind) {
            Optional<StreamEnded> ended = Optional.of(new StreamEnded(1));
            nullComponent(() -> kind.create(1, null, ended, Optional.empty()), "headers");
            nullComponent(() -> kind.create(1, List.of(), null, Optional.empty()), "streamEnded");
            nullComponent(() -> kind.create(1, List.of(), ended, null), "priorityUpdated");
            List<HeaderField> withNull = Arrays.asList(METHOD, null);
            assertThatThrownBy(() -> kind.create(1, withNull)).isInstanceOf(NullPointerException.class);
        }

        @ParameterizedTest
        @MethodSource("dev.h2j.event.EventsTest#fieldBlockKinds")
        void relatedEventsMustBeOnTheSameStream(FieldBlockKind kind) {
            illegal(() -> kind.create(1, List.of(), Optional.of(new StreamEnded(3)), Optional.empty()),
                    "streamEnded is on stream 3, not on this event's stream 1");
            illegal(() -> kind.create(1, List.of(), Optional.of(new StreamEnded(1)),
                    Optional.of(new PriorityUpdated(3, 16, 0, false))),
                    "priorityUpdated is on stream 3, not on this event's stream 1");
            Event related = kind.create(5, List.of(), Optional.of(new StreamEnded(5)),
                    Optional.of(new PriorityUpdated(5, 16, 0, false)));
            assertThat(related).isNotNull();
        }

        @ParameterizedTest
        @MethodSource("dev.h2j.event.EventsTest#fieldBlockKinds")
        void headersAreCopiedAndUnmodifiable(FieldBlockKind kind) {
            List<HeaderField> source = new ArrayList<>(List.of(METHOD));
            Event event = kind.create(1, source);
            source.add(STATUS);
            source.set(0, STATUS);
            List<HeaderField> headers = kind.headers().apply(event);
            assertThat(headers).containsExactly(METHOD);
            assertThatThrownBy(() -> headers.add(STATUS)).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void requestAndResponseMayLeaveTheStreamOpen() {
            RequestReceived request = new RequestReceived(1, List.of(METHOD), Optional.empty(), Optional.empty());
            ResponseReceived response = new ResponseReceived(1, List.of(STATUS), Optional.empty(), Optional.empty());
            assertThat(request.streamEnded()).isEmpty();
            assertThat(request.priorityUpdated()).isEmpty();
            assertThat(response.streamEnded()).isEmpty();
            assertThat(response.streamId()).isEqualTo(1);
        }

        @Test
        void trailersMustEndTheStream() {
            illegal(() -> new TrailersReceived(1, List.of(), Optional.empty(), Optional.empty()), "§8.1");
            TrailersReceived trailers = new TrailersReceived(1, List.of(), Optional.of(new StreamEnded(1)),
                    Optional.empty());
            assertThat(trailers.streamEnded()).contains(new StreamEnded(1));
        }

        @Test
        void equalEventsHaveEqualComponents() {
            RequestReceived a = new RequestReceived(1, List.of(METHOD), Optional.of(new StreamEnded(1)),
                    Optional.empty());
            RequestReceived b = new RequestReceived(1, new ArrayList<>(List.of(METHOD)),
                    Optional.of(new StreamEnded(1)), Optional.empty());
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(new RequestReceived(1, List.of(METHOD), Optional.empty(), Optional.empty()));
        }
    }

    @Nested
    class InformationalResponses {

        @Test
        void streamIdMustBe1To2Pow31Minus1() {
            illegal(() -> new InformationalResponseReceived(0, List.of(), Optional.empty()), "§5.1.1");
            illegal(() -> new InformationalResponseReceived(Integer.MIN_VALUE, List.of(), Optional.empty()), "§5.1.1");
        }

        @Test
        void nullComponentsAreRefused() {
            nullComponent(() -> new InformationalResponseReceived(1, null, Optional.empty()), "headers");
            nullComponent(() -> new InformationalResponseReceived(1, List.of(), null), "priorityUpdated");
        }

        @Test
        void priorityUpdatedMustBeOnTheSameStream() {
            Optional<PriorityUpdated> otherStream = Optional.of(new PriorityUpdated(3, 1, 0, true));
            illegal(() -> new InformationalResponseReceived(1, List.of(), otherStream),
                    "priorityUpdated is on stream 3");
        }

        @Test
        void headersAreCopiedAndUnmodifiable() {
            List<HeaderField> source = new ArrayList<>(List.of(HeaderField.of(":status", "103")));
            InformationalResponseReceived event = new InformationalResponseReceived(1, source,
                    Optional.of(new PriorityUpdated(1, 1, 0, true)));
            source.clear();
            assertThat(event.headers()).containsExactly(HeaderField.of(":status", "103"));
            assertThatThrownBy(() -> event.headers().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThat(event.priorityUpdated()).contains(new PriorityUpdated(1, 1, 0, true));
        }
    }

    @Nested
    class Data {

        private DataReceived data(String text, int flowControlledLength) {
            return new DataReceived(1, ascii(text), flowControlledLength, Optional.empty());
        }

        @Test
        void streamIdMustBe1To2Pow31Minus1() {
            illegal(() -> new DataReceived(0, ascii("a"), 1, Optional.empty()), "§5.1.1");
            illegal(() -> new DataReceived(-7, ascii("a"), 1, Optional.empty()), "§5.1.1");
        }

        @Test
        void nullComponentsAreRefused() {
            nullComponent(() -> new DataReceived(1, null, 1, Optional.empty()), "data");
            nullComponent(() -> new DataReceived(1, ascii("a"), 1, null), "streamEnded");
        }

        @Test
        void streamEndedMustBeOnTheSameStream() {
            illegal(() -> new DataReceived(1, ascii("a"), 1, Optional.of(new StreamEnded(2))),
                    "streamEnded is on stream 2");
            assertThat(new DataReceived(1, ascii("a"), 1, Optional.of(new StreamEnded(1))).streamEnded())
                    .contains(new StreamEnded(1));
        }

        @Test
        void flowControlledLengthCountsAtLeastTheData() {
            illegal(() -> data("abc", 2), "§6.9.1");
            illegal(() -> data("", -1), "§6.9.1");
            // Padded: 3 data octets, the Pad Length octet and 4 octets of padding.
            assertThat(data("abc", 8).flowControlledLength()).isEqualTo(8);
            assertThat(data("abc", 3).flowControlledLength()).isEqualTo(3);
        }

        @Test
        void constructorDoesNotMoveTheCallersBuffer() {
            ByteBuffer source = ascii("xxhello");
            source.position(2);
            DataReceived event = new DataReceived(1, source, 5, Optional.empty());
            assertThat(source.position()).isEqualTo(2);
            source.position(7);
            assertThat(ascii(event.data())).isEqualTo("hello");
        }

        @Test
        void dataReturnsIndependentReadOnlyDuplicates() {
            DataReceived event = data("hello", 5);
            ByteBuffer first = event.data();
            first.get(new byte[3]);
            assertThat(first.remaining()).isEqualTo(2);
            ByteBuffer second = event.data();
            assertThat(second).isNotSameAs(first);
            assertThat(second.remaining()).isEqualTo(5);
            assertThat(ascii(second)).isEqualTo("hello");
            assertThat(second.isReadOnly()).isTrue();
            assertThatThrownBy(() -> second.put(0, (byte) 'j')).isInstanceOf(ReadOnlyBufferException.class);
            assertThat(ascii(event.data())).isEqualTo("hello");
        }

        @Test
        void dataIsAViewOfTheGivenBufferNotACopy() {
            // The documented hot-path contract: the creator hands over a buffer it no longer changes.
            byte[] backing = "hello".getBytes(StandardCharsets.US_ASCII);
            DataReceived event = new DataReceived(1, ByteBuffer.wrap(backing), 5, Optional.empty());
            backing[0] = 'j';
            assertThat(ascii(event.data())).isEqualTo("jello");
        }

        @Test
        void equalsComparesContentNotBufferIdentityOrPosition() {
            ByteBuffer offset = ascii("--hello");
            offset.position(2);
            DataReceived a = data("hello", 5);
            DataReceived b = new DataReceived(1, offset, 5, Optional.empty());
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            a.data().get();
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(data("hellO", 5));
            assertThat(a).isNotEqualTo(data("hello", 6));
        }
    }

    @Nested
    class StreamEnd {

        @Test
        void streamIdMustBe1To2Pow31Minus1() {
            illegal(() -> new StreamEnded(0), "§5.1.1");
            illegal(() -> new StreamEnded(-1), "§5.1.1");
            assertThat(new StreamEnded(MAX_STREAM_ID).streamId()).isEqualTo(MAX_STREAM_ID);
        }
    }

    @Nested
    class WindowUpdates {

        @Test
        void streamIdMayBeZeroForTheConnectionButNot32Bits() {
            illegal(() -> new WindowUpdated(-1, 1), "§4.1");
            assertThat(new WindowUpdated(0, 1).streamId()).isZero();
            assertThat(new WindowUpdated(MAX_STREAM_ID, 1).streamId()).isEqualTo(MAX_STREAM_ID);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
        void deltaMustBe1To2Pow31Minus1(int delta) {
            illegal(() -> new WindowUpdated(0, delta), "§6.9");
        }

        @Test
        void deltaBoundsAreAccepted() {
            assertThat(new WindowUpdated(3, 1).delta()).isEqualTo(1);
            assertThat(new WindowUpdated(3, Integer.MAX_VALUE).delta()).isEqualTo(Integer.MAX_VALUE);
        }
    }

    @Nested
    class Settings {

        private final SettingId unknown = SettingId.of(0x42);

        private ChangedSetting change(SettingId setting, long newValue) {
            return new ChangedSetting(setting, OptionalLong.of(1), newValue);
        }

        @Test
        void changedSettingRefusesNulls() {
            nullComponent(() -> new ChangedSetting(null, OptionalLong.empty(), 1), "setting");
            nullComponent(() -> new ChangedSetting(SettingId.ENABLE_PUSH, null, 1), "originalValue");
        }

        @Test
        void changedSettingValuesAre32BitUnsigned() {
            illegal(() -> new ChangedSetting(unknown, OptionalLong.empty(), -1), "§6.5.1");
            illegal(() -> new ChangedSetting(unknown, OptionalLong.empty(), 1L << 32), "§6.5.1");
            illegal(() -> new ChangedSetting(unknown, OptionalLong.of(-1), 0), "§6.5.1");
            illegal(() -> new ChangedSetting(unknown, OptionalLong.of(1L << 32), 0), "§6.5.1");
            ChangedSetting widest = new ChangedSetting(unknown, OptionalLong.of(0xffffffffL), 0xffffffffL);
            assertThat(widest.originalValue()).hasValue(0xffffffffL);
            assertThat(new ChangedSetting(unknown, OptionalLong.empty(), 0).originalValue()).isEmpty();
        }

        @Test
        void changedSettingIsNotAnEvent() {
            assertThat(Event.class.isAssignableFrom(ChangedSetting.class)).isFalse();
        }

        /** Builds a settings event from a map and returns the event's map. */
        interface SettingsEvent extends Function<Map<SettingId, ChangedSetting>, Map<SettingId, ChangedSetting>> {
        }

        static Stream<SettingsEvent> settingsEvents() {
            return Stream.of(
                    m -> new RemoteSettingsChanged(m).changedSettings(),
                    m -> new SettingsAcknowledged(m).changedSettings());
        }

        @ParameterizedTest
        @MethodSource("settingsEvents")
        void mapIsCopiedInOrderAndUnmodifiable(SettingsEvent event) {
            Map<SettingId, ChangedSetting> source = new LinkedHashMap<>();
            source.put(SettingId.MAX_FRAME_SIZE, change(SettingId.MAX_FRAME_SIZE, 32768));
            source.put(unknown, new ChangedSetting(unknown, OptionalLong.empty(), 7));
            source.put(SettingId.HEADER_TABLE_SIZE, change(SettingId.HEADER_TABLE_SIZE, 0));
            Map<SettingId, ChangedSetting> changed = event.apply(source);
            source.remove(unknown);
            source.put(SettingId.ENABLE_PUSH, change(SettingId.ENABLE_PUSH, 0));
            assertThat(changed.keySet())
                    .containsExactly(SettingId.MAX_FRAME_SIZE, unknown, SettingId.HEADER_TABLE_SIZE);
            assertThat(changed.get(unknown).newValue()).isEqualTo(7);
            assertThatThrownBy(() -> changed.put(SettingId.ENABLE_PUSH, change(SettingId.ENABLE_PUSH, 0)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> changed.remove(unknown)).isInstanceOf(UnsupportedOperationException.class);
            assertThat(event.apply(Map.of())).isEmpty();
        }

        @ParameterizedTest
        @MethodSource("settingsEvents")
        void eachKeyMustBeItsValuesSetting(SettingsEvent event) {
            illegal(() -> event.apply(Map.of(SettingId.ENABLE_PUSH, change(SettingId.HEADER_TABLE_SIZE, 0))),
                    "key ENABLE_PUSH holds the change of HEADER_TABLE_SIZE");
        }

        @ParameterizedTest
        @MethodSource("settingsEvents")
        void nullMapKeyOrValueIsRefused(SettingsEvent event) {
            nullComponent(() -> event.apply(null), "changedSettings");
            Map<SettingId, ChangedSetting> nullKey = new LinkedHashMap<>();
            nullKey.put(null, change(SettingId.ENABLE_PUSH, 0));
            nullComponent(() -> event.apply(nullKey), "changedSettings key");
            Map<SettingId, ChangedSetting> nullValue = new LinkedHashMap<>();
            nullValue.put(SettingId.ENABLE_PUSH, null);
            nullComponent(() -> event.apply(nullValue), "changedSettings value");
        }
    }

    @Nested
    class Pings {

        @Test
        void pingDataIsKeptAsIs() {
            assertThat(new PingReceived(-1L).pingData()).isEqualTo(-1L);
            assertThat(new PingAckReceived(0x0102030405060708L).pingData()).isEqualTo(0x0102030405060708L);
            assertThat(new PingReceived(5)).isEqualTo(new PingReceived(5)).isNotEqualTo(new PingAckReceived(5));
        }
    }

    @Nested
    class Resets {

        @Test
        void streamIdMustBe1To2Pow31Minus1() {
            illegal(() -> new StreamReset(0, ErrorCode.CANCEL, true), "§5.1.1");
            illegal(() -> new StreamReset(-1, ErrorCode.CANCEL, false), "§5.1.1");
        }

        @Test
        void errorCodeIsRequired() {
            nullComponent(() -> new StreamReset(1, null, true), "errorCode");
            StreamReset reset = new StreamReset(1, ErrorCode.of(0xff), false);
            assertThat(reset.errorCode().isKnown()).isFalse();
            assertThat(reset.remoteReset()).isFalse();
        }
    }

    @Nested
    class Pushes {

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 3, -2, Integer.MIN_VALUE, Integer.MAX_VALUE})
        void pushedStreamIdMustBeEvenAndPositive(int pushedStreamId) {
            illegal(() -> new PushedStreamReceived(pushedStreamId, 1, List.of()), "§5.1.1");
        }

        @Test
        void parentStreamIdMustBe1To2Pow31Minus1() {
            illegal(() -> new PushedStreamReceived(2, 0, List.of()), "§5.1.1");
            illegal(() -> new PushedStreamReceived(2, -1, List.of()), "§5.1.1");
        }

        @Test
        void headersAreCopiedAndUnmodifiable() {
            nullComponent(() -> new PushedStreamReceived(2, 1, null), "headers");
            List<HeaderField> source = new ArrayList<>(List.of(METHOD));
            PushedStreamReceived push = new PushedStreamReceived(Integer.MAX_VALUE - 1, 1, source);
            source.add(STATUS);
            assertThat(push.headers()).containsExactly(METHOD);
            assertThatThrownBy(() -> push.headers().add(STATUS)).isInstanceOf(UnsupportedOperationException.class);
            assertThat(push.pushedStreamId()).isEqualTo(Integer.MAX_VALUE - 1);
            assertThat(push.parentStreamId()).isEqualTo(1);
        }
    }

    @Nested
    class Priorities {

        @Test
        void streamIdMustBe1To2Pow31Minus1() {
            illegal(() -> new PriorityUpdated(0, 16, 1, false), "§5.1.1");
            illegal(() -> new PriorityUpdated(-3, 16, 1, false), "§5.1.1");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 257, -1})
        void weightMustBe1To256(int weight) {
            illegal(() -> new PriorityUpdated(1, weight, 0, false), "§6.3");
        }

        @Test
        void weightBoundsAreAccepted() {
            assertThat(new PriorityUpdated(1, 1, 0, false).weight()).isEqualTo(1);
            assertThat(new PriorityUpdated(1, 256, 0, true).weight()).isEqualTo(256);
        }

        @Test
        void dependsOnMustBe31BitsAndNotTheStreamItself() {
            illegal(() -> new PriorityUpdated(1, 16, -1, false), "§4.1");
            illegal(() -> new PriorityUpdated(5, 16, 5, true), "§5.3.1");
            PriorityUpdated update = new PriorityUpdated(5, 16, 3, true);
            assertThat(update.dependsOn()).isEqualTo(3);
            assertThat(update.exclusive()).isTrue();
        }

        @Test
        void priorityUpdateNeedsAPrioritizedStream() {
            illegal(() -> new PriorityUpdateReceived(0, "u=1"), "§5.1.1");
            illegal(() -> new PriorityUpdateReceived(-1, "u=1"), "§5.1.1");
            nullComponent(() -> new PriorityUpdateReceived(1, null), "priorityFieldValue");
            PriorityUpdateReceived update = new PriorityUpdateReceived(2, "u=1, i");
            assertThat(update.prioritizedStreamId()).isEqualTo(2);
            assertThat(update.priorityFieldValue()).isEqualTo("u=1, i");
        }
    }

    /** GOAWAY and unknown frames copy their octets, unlike DATA. */
    @Nested
    class CopiedOctets {

        static Stream<Function<ByteBuffer, ByteBuffer>> octetAccessors() {
            return Stream.of(
                    b -> new ConnectionTerminated(ErrorCode.NO_ERROR, 0, b).additionalData(),
                    b -> new UnknownFrameReceived(0xfa, 0, 0, b).payload());
        }

        @ParameterizedTest
        @MethodSource("octetAccessors")
        void octetsAreCopiedWithoutMovingTheCaller(Function<ByteBuffer, ByteBuffer> accessor) {
            byte[] backing = "--debug".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer source = ByteBuffer.wrap(backing);
            source.position(2);
            ByteBuffer octets = accessor.apply(source);
            assertThat(source.position()).isEqualTo(2);
            backing[2] = 'D';
            source.position(7);
            assertThat(ascii(octets)).isEqualTo("debug");
        }

        @Test
        void accessorsReturnIndependentReadOnlyDuplicates() {
            ConnectionTerminated goAway = new ConnectionTerminated(ErrorCode.PROTOCOL_ERROR, 9, ascii("why"));
            UnknownFrameReceived unknown = new UnknownFrameReceived(0xfa, 0x1, 3, ascii("ext"));
            goAway.additionalData().get();
            unknown.payload().get();
            assertThat(ascii(goAway.additionalData())).isEqualTo("why");
            assertThat(ascii(unknown.payload())).isEqualTo("ext");
            assertThat(goAway.additionalData().isReadOnly()).isTrue();
            assertThatThrownBy(() -> unknown.payload().put((byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
        }

        @Test
        void equalsComparesContent() {
            assertThat(new ConnectionTerminated(ErrorCode.NO_ERROR, 1, ascii("a")))
                    .isEqualTo(new ConnectionTerminated(ErrorCode.NO_ERROR, 1, ascii("a")))
                    .hasSameHashCodeAs(new ConnectionTerminated(ErrorCode.NO_ERROR, 1, ascii("a")))
                    .isNotEqualTo(new ConnectionTerminated(ErrorCode.NO_ERROR, 1, ascii("b")));
            assertThat(new UnknownFrameReceived(0xfa, 0, 0, ascii("a")))
                    .isEqualTo(new UnknownFrameReceived(0xfa, 0, 0, ascii("a")))
                    .isNotEqualTo(new UnknownFrameReceived(0xfa, 0, 0, ascii("")));
        }

        @Test
        void goAwayRulesAreChecked() {
            nullComponent(() -> new ConnectionTerminated(null, 0, ascii("")), "errorCode");
            nullComponent(() -> new ConnectionTerminated(ErrorCode.NO_ERROR, 0, null), "additionalData");
            illegal(() -> new ConnectionTerminated(ErrorCode.NO_ERROR, -1, ascii("")), "§4.1");
            ConnectionTerminated goAway =
                    new ConnectionTerminated(ErrorCode.ENHANCE_YOUR_CALM, MAX_STREAM_ID, ascii(""));
            assertThat(goAway.lastStreamId()).isEqualTo(MAX_STREAM_ID);
            assertThat(goAway.errorCode()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
        }

        @Test
        void unknownFrameRulesAreChecked() {
            illegal(() -> new UnknownFrameReceived(-1, 0, 0, ascii("")), "frame type -1 is not an 8-bit value");
            illegal(() -> new UnknownFrameReceived(256, 0, 0, ascii("")), "frame type 256 is not an 8-bit value");
            illegal(() -> new UnknownFrameReceived(0xfa, -1, 0, ascii("")), "flags -1 is not an 8-bit value");
            illegal(() -> new UnknownFrameReceived(0xfa, 256, 0, ascii("")), "flags 256 is not an 8-bit value");
            illegal(() -> new UnknownFrameReceived(0xfa, 0, -1, ascii("")), "§4.1");
            nullComponent(() -> new UnknownFrameReceived(0xfa, 0, 0, null), "payload");
            UnknownFrameReceived frame = new UnknownFrameReceived(0xff, 0xff, MAX_STREAM_ID, ascii(""));
            assertThat(frame.typeCode()).isEqualTo(0xff);
            assertThat(frame.flags()).isEqualTo(0xff);
            assertThat(frame.streamId()).isEqualTo(MAX_STREAM_ID);
        }
    }

    @Nested
    class Extensions {

        @Test
        void altSvcOriginIsRequiredOnStreamZeroAndAbsentElsewhere() {
            illegal(() -> new AlternativeServiceAvailable(0, "", "h3=\":443\""), "RFC 7838 §4");
            illegal(() -> new AlternativeServiceAvailable(1, "https://example.com", "h3=\":443\""), "RFC 7838 §4");
            assertThat(new AlternativeServiceAvailable(0, "https://example.com", "clear").origin())
                    .isEqualTo("https://example.com");
            assertThat(new AlternativeServiceAvailable(MAX_STREAM_ID, "", "clear").fieldValue()).isEqualTo("clear");
        }

        @Test
        void altSvcRefusesNullsAnd32BitStreamIds() {
            illegal(() -> new AlternativeServiceAvailable(-1, "", "clear"), "§4.1");
            nullComponent(() -> new AlternativeServiceAvailable(1, null, "clear"), "origin");
            nullComponent(() -> new AlternativeServiceAvailable(1, "", null), "fieldValue");
        }

        @Test
        void originsAreCopiedAndUnmodifiable() {
            nullComponent(() -> new OriginReceived(null), "origins");
            assertThatThrownBy(() -> new OriginReceived(Arrays.asList("https://a.example", null)))
                    .isInstanceOf(NullPointerException.class);
            List<String> source = new ArrayList<>(List.of("https://a.example", "https://b.example"));
            OriginReceived origin = new OriginReceived(source);
            source.set(0, "https://evil.example");
            assertThat(origin.origins()).containsExactly("https://a.example", "https://b.example");
            assertThatThrownBy(() -> origin.origins().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void everyEventIsPermittedAndOnlyEvents() {
        assertThat(Event.class.getPermittedSubclasses()).containsExactlyInAnyOrder(
                RequestReceived.class, ResponseReceived.class, TrailersReceived.class,
                InformationalResponseReceived.class, DataReceived.class, StreamEnded.class, WindowUpdated.class,
                RemoteSettingsChanged.class, SettingsAcknowledged.class, PingReceived.class, PingAckReceived.class,
                StreamReset.class, PushedStreamReceived.class, PriorityUpdated.class, ConnectionTerminated.class,
                AlternativeServiceAvailable.class, UnknownFrameReceived.class, OriginReceived.class,
                PriorityUpdateReceived.class);
    }
}
