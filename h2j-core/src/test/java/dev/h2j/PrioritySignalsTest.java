package dev.h2j;

import static dev.h2j.frame.ErrorCode.FRAME_SIZE_ERROR;
import static dev.h2j.frame.ErrorCode.PROTOCOL_ERROR;
import static dev.h2j.frame.SettingId.MAX_CONCURRENT_STREAMS;
import static dev.h2j.frame.SettingId.NO_RFC7540_PRIORITIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.event.Event;
import dev.h2j.event.PriorityUpdateReceived;
import dev.h2j.event.PriorityUpdated;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.event.StreamReset;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.Setting;
import dev.h2j.priority.Priority;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Priority signals on the connection: SETTINGS_NO_RFC7540_PRIORITIES advertised, honoured and never
 * changed (RFC 9218 §2.1); PRIORITY_UPDATE sent by clients only and checked by servers (RFC 9218 §7.1);
 * the {@code priority} header read from a request (RFC 9218 §5).
 */
class PrioritySignalsTest {

    private static final TestFrame.Headers GET_1 = Frames.headers(1).request("GET", "/");
    private static final H2Configuration RFC_9218_SERVER = H2Configuration.server().withNoRfc7540Priorities(true);

    // ---------------------------------------------------------------- SETTINGS_NO_RFC7540_PRIORITIES

    @Test
    void anEndpointThatDisablesRfc7540PrioritiesSaysSoInItsFirstSettings() {
        H2Connection server = new H2Connection(RFC_9218_SERVER);
        server.initiateConnection();
        H2Connection client = new H2Connection(H2Configuration.client().withNoRfc7540Priorities(true));
        client.initiateConnection();

        // RFC 9218 §2.1: sent in the first SETTINGS frame.
        TestFrame.Settings serverSettings = (TestFrame.Settings) Peer.readingFromServer().read(server.dataToSend()).get(0);
        TestFrame.Settings clientSettings = (TestFrame.Settings) Peer.readingFromClient().read(client.dataToSend()).get(0);
        assertThat(serverSettings.settings()).contains(new Setting(NO_RFC7540_PRIORITIES, 1));
        assertThat(clientSettings.settings()).contains(new Setting(NO_RFC7540_PRIORITIES, 1));
        assertThat(server.ignoresRfc7540Priorities()).isTrue();
    }

    @Test
    void byDefaultNothingIsSentAndRfc7540SignalsAreReported() {
        H2Connection server = new H2Connection(H2Configuration.server());
        server.initiateConnection();

        TestFrame.Settings settings = (TestFrame.Settings) Peer.readingFromServer().read(server.dataToSend()).get(0);
        assertThat(settings.settings()).extracting(Setting::id).doesNotContain(NO_RFC7540_PRIORITIES);
        Scenario scenario = Scenario.server();
        assertThat(scenario.conn.ignoresRfc7540Priorities()).isFalse();
        assertThat(scenario.receive(GET_1.priority(0, 42, true), Frames.priority(3, 1, 7, false)))
                .containsExactly(new RequestReceived(1, GET_1.fields(), java.util.Optional.empty(),
                        java.util.Optional.of(new PriorityUpdated(1, 42, 0, true))),
                        new PriorityUpdated(1, 42, 0, true), new PriorityUpdated(3, 7, 1, false));
    }

    @Test
    void aServerThatDisabledThemReportsNoRfc7540Signals() {
        Scenario server = Scenario.server(RFC_9218_SERVER);

        List<Event> events = server.receive(GET_1.priority(0, 42, true).endStream(), Frames.priority(3, 1, 7, false),
                Frames.priority(1, 0, 200, false));

        // RFC 9218 §2.1: the signals are ignored; the request itself is not.
        assertThat(events).hasExactlyElementsOfTypes(RequestReceived.class, StreamEnded.class);
        assertThat(((RequestReceived) events.get(0)).priorityUpdated()).isEmpty();
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void aServerWhoseClientDisabledThemMustIgnoreRfc7540Signals() {
        Scenario server = Scenario.server(Frames.settings().with(NO_RFC7540_PRIORITIES, 1));

        // RFC 9218 §2.1: a server that receives the value 1 MUST ignore HTTP/2 priority signals.
        assertThat(server.conn.ignoresRfc7540Priorities()).isTrue();
        assertThat(server.receive(GET_1.priority(0, 42, true), Frames.priority(3, 1, 7, false)))
                .hasExactlyElementsOfTypes(RequestReceived.class);
    }

    @Test
    void aClientWhoseServerDisabledThemKnowsIt() {
        Scenario client = Scenario.client(Frames.settings().with(NO_RFC7540_PRIORITIES, 1));

        // RFC 9218 §2.1.1: the client SHOULD stop sending RFC 7540 signals.
        assertThat(client.conn.ignoresRfc7540Priorities()).isTrue();
        assertThat(client.conn.remoteSettings().noRfc7540Priorities()).isTrue();
    }

    @Test
    void ignoredSignalsAreStillCheckedAgainstTheirFrameRules() {
        Scenario server = Scenario.server(RFC_9218_SERVER);
        server.receive(GET_1);

        // RFC 9113 §6.3: a PRIORITY frame of another length than 5 is a stream error FRAME_SIZE_ERROR.
        assertThat(server.receive(Frames.raw(FrameType.PRIORITY, 0, 1, new byte[4])))
                .containsExactly(new StreamReset(1, FRAME_SIZE_ERROR, false));
        server.receive(Frames.headers(3).request("GET", "/"));
        // RFC 7540 §5.3.1: a stream that depends on itself is a stream error PROTOCOL_ERROR.
        assertThat(server.receive(Frames.priority(3, 3, 16, false)))
                .containsExactly(new StreamReset(3, PROTOCOL_ERROR, false));
        assertThat(server.sent()).containsExactly(Frames.rstStream(1, FRAME_SIZE_ERROR),
                Frames.rstStream(3, PROTOCOL_ERROR));
        // RFC 9113 §6.3: PRIORITY on stream 0 is a connection error.
        server.failsConnection(H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9113 §6.3",
                Frames.raw(FrameType.PRIORITY, 0, 0, new byte[5]));
    }

    @Test
    void aPeerThatChangesTheSettingAfterItsFirstSettingsCommitsAConnectionError() {
        Scenario server = Scenario.server(Frames.settings().with(NO_RFC7540_PRIORITIES, 1));
        server.receive(Frames.settings().with(NO_RFC7540_PRIORITIES, 1));
        assertThat(server.sent()).containsExactly(Frames.settingsAck());

        // RFC 9218 §2.1: senders MUST NOT change it; receivers MAY treat a change as PROTOCOL_ERROR.
        server.failsConnection(InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 9218 §2.1",
                Frames.settings().with(NO_RFC7540_PRIORITIES, 0));
        assertThat(TestFrame.withoutDebugData(server.sent())).containsExactly(Frames.goAway(0, PROTOCOL_ERROR));
    }

    @Test
    void aPeerThatSentNothingCannotTurnItOnLater() {
        Scenario client = Scenario.client();
        client.receive(Frames.settings().with(NO_RFC7540_PRIORITIES, 0));

        // Absent from the first SETTINGS means 0 (RFC 9218 §2.1: "The initial value is 0").
        client.failsConnection(InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 9218 §2.1",
                Frames.settings().with(NO_RFC7540_PRIORITIES, 1));
    }

    @Test
    void ourValueCannotChangeAfterTheFirstSettingsEither() {
        Scenario server = Scenario.server(RFC_9218_SERVER);
        Scenario client = Scenario.client();

        server.refuses(() -> server.conn.updateSettings(List.of(new Setting(NO_RFC7540_PRIORITIES, 0))),
                InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 9218 §2.1");
        client.refuses(() -> client.conn.updateSettings(List.of(new Setting(NO_RFC7540_PRIORITIES, 1))),
                InvalidSettingsValueException.class, PROTOCOL_ERROR, "RFC 9218 §2.1");
        server.conn.updateSettings(List.of(new Setting(NO_RFC7540_PRIORITIES, 1)));
        assertThat(server.sent()).containsExactly(Frames.settings().with(NO_RFC7540_PRIORITIES, 1));
    }

    @Test
    void theValueOfAnH2cUpgradeHeaderCountsAsTheFirstSettings() {
        H2Connection client = new H2Connection(H2Configuration.client().withNoRfc7540Priorities(true));
        String header = client.initiateUpgradeConnection();
        H2Connection server = new H2Connection(H2Configuration.server());

        server.initiateUpgradeConnection(header);

        assertThat(server.ignoresRfc7540Priorities()).isTrue();
    }

    // ---------------------------------------------------------------- PRIORITY_UPDATE sent

    @Test
    void aClientSendsPriorityUpdate() {
        Scenario client = Scenario.client();
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        client.conn.prioritize(1, new Priority(1, true));
        // RFC 9218 §7.1: a request may be prioritized before it is sent.
        client.conn.prioritize(3, Priority.parse("u=6"));

        assertThat(client.sent()).containsExactly(Frames.priorityUpdate(1, "u=1, i"), Frames.priorityUpdate(3, "u=6"));
    }

    @Test
    void aServerCannotSendPriorityUpdate() {
        Scenario server = Scenario.server();
        server.receive(GET_1);

        // RFC 9218 §7.1: servers MUST NOT send PRIORITY_UPDATE frames.
        server.refuses(() -> server.conn.prioritize(1, Priority.DEFAULT), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9218 §7.1");
    }

    @Test
    void aClientCannotPrioritizeAPushStreamBeforeItsPromise() {
        Scenario client = Scenario.client(H2Configuration.client().withEnablePush(true), Frames.settings());
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();

        // RFC 9218 §7.1: clients MUST NOT provide a prioritized stream ID that is an idle push stream.
        client.refuses(() -> client.conn.prioritize(2, Priority.DEFAULT), H2ProtocolException.class, PROTOCOL_ERROR,
                "RFC 9218 §7.1");
        client.receive(Frames.pushPromise(1, 2).request("GET", "/pushed"));
        client.conn.prioritize(2, new Priority(6, false));
        assertThat(client.sent()).containsExactly(Frames.priorityUpdate(2, "u=6"));
    }

    @Test
    void idlePrioritizedStreamsCountAgainstTheServersConcurrencyLimit() {
        Scenario client = Scenario.client(Frames.settings().with(MAX_CONCURRENT_STREAMS, 2));
        client.conn.prioritize(1, Priority.DEFAULT);
        client.conn.prioritize(3, Priority.DEFAULT);
        client.conn.prioritize(3, new Priority(0, false));
        client.sent();

        // RFC 9218 §7.1: idle prioritized plus active streams MUST NOT exceed SETTINGS_MAX_CONCURRENT_STREAMS.
        client.refuses(() -> client.conn.prioritize(5, Priority.DEFAULT), TooManyStreamsException.class,
                PROTOCOL_ERROR, "RFC 9218 §7.1");
        // Opening stream 1 moves it from idle to active: the count stays 2.
        client.conn.sendHeaders(1, GET_1.fields(), true);
        client.sent();
        client.refuses(() -> client.conn.prioritize(5, Priority.DEFAULT), TooManyStreamsException.class,
                PROTOCOL_ERROR, "RFC 9218 §7.1");
        client.receive(Frames.headers(1).response(200).endStream());
        client.conn.prioritize(5, Priority.DEFAULT);
        assertThat(client.sent()).containsExactly(Frames.priorityUpdate(5, "u=3"));
    }

    @Test
    void streamZeroCannotBePrioritized() {
        Scenario client = Scenario.client();

        assertThatThrownBy(() -> client.conn.prioritize(0, Priority.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 9218 §7.1");
        assertThat(client.conn.outboundSize()).isZero();
    }

    // ---------------------------------------------------------------- PRIORITY_UPDATE received

    @Test
    void priorityUpdateCarriesUrgencyAndIncremental() {
        Scenario server = Scenario.server();
        server.receive(GET_1);

        List<Event> events = server.receive(Frames.priorityUpdate(1, "u=1, i"), Frames.priorityUpdate(1, "u=9, i=?7"));

        assertThat(events).extracting(e -> ((PriorityUpdateReceived) e).priority())
                .containsExactly(new Priority(1, true), Priority.DEFAULT);
    }

    @Test
    void priorityUpdateForAnIdlePushStreamIsAConnectionError() {
        Scenario server = Scenario.server();

        // RFC 9218 §7.1: a PRIORITY_UPDATE for a push stream in the idle state: connection error PROTOCOL_ERROR.
        server.failsConnection(H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9218 §7.1",
                Frames.priorityUpdate(2, "u=1"));
    }

    @Test
    void priorityUpdateForAPromisedStreamIsReported() {
        Scenario server = Scenario.server(Frames.settings());
        server.receive(GET_1);
        server.conn.pushStream(1, 2, Headers.request("GET", "https", "example.com", "/style.css").build());

        assertThat(server.receive(Frames.priorityUpdate(2, "u=0")))
                .containsExactly(new PriorityUpdateReceived(2, "u=0"));
    }

    @Test
    void priorityUpdateForAClosedStreamIsDropped() {
        Scenario server = Scenario.server();
        server.receive(GET_1.endStream());
        server.conn.sendHeaders(1, Headers.response(204).build(), true);
        server.sent();

        // RFC 9218 §7.1: servers can discard frames for streams in the closed state.
        assertThat(server.receive(Frames.priorityUpdate(1, "u=0"))).isEmpty();
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void tooManyIdlePrioritizedStreamsIsAConnectionError() {
        Scenario server = Scenario.server(H2Configuration.server()
                .withLimits(Limits.defaults().withMaxConcurrentStreams(3)));
        server.receive(GET_1);
        assertThat(server.receive(Frames.priorityUpdate(3, "u=1"), Frames.priorityUpdate(5, "u=1"),
                Frames.priorityUpdate(5, "u=2"))).hasSize(3);

        // RFC 9218 §7.1: 1 active plus 3 idle prioritized streams exceed the limit of 3.
        H2Exception e = server.failsConnection(H2ProtocolException.class, PROTOCOL_ERROR, "RFC 9218 §7.1",
                Frames.priorityUpdate(7, "u=1"));
        assertThat(e.getMessage()).contains("SETTINGS_MAX_CONCURRENT_STREAMS 3");
    }

    @Test
    void idlePrioritizedStreamsWithinTheLimitAreAllReported() {
        Scenario server = Scenario.server();
        Wire[] updates = new Wire[20];
        for (int i = 0; i < updates.length; i++) {
            updates[i] = Frames.priorityUpdate(2 * i + 1, "u=" + (i % 8));
        }

        assertThat(server.receive(updates)).hasSize(20).extracting(e -> ((PriorityUpdateReceived) e).priority())
                .contains(new Priority(7, false));
        assertThat(server.sent()).isEmpty();
    }

    @Test
    void openedStreamsAreIdleNoMore() {
        Scenario server = Scenario.server(H2Configuration.server()
                .withLimits(Limits.defaults().withMaxConcurrentStreams(2)));
        server.receive(Frames.priorityUpdate(1, "u=1"), Frames.priorityUpdate(3, "u=1"));
        server.receive(GET_1.endStream(), Frames.headers(3).request("GET", "/").endStream());
        server.conn.sendHeaders(1, Headers.response(204).build(), true);
        server.conn.sendHeaders(3, Headers.response(204).build(), true);

        assertThat(server.receive(Frames.priorityUpdate(5, "u=1"), Frames.priorityUpdate(7, "u=1")))
                .hasSize(2);
    }

    @Test
    void aLimitThePeerHasNotAcknowledgedDropsTheUpdateInstead() {
        H2Connection server = new H2Connection(H2Configuration.server()
                .withLimits(Limits.defaults().withMaxConcurrentStreams(1)));
        server.initiateConnection();

        List<Event> events = server.receiveData(Frames.concat(Frames.clientPreface(), Frames.settings(),
                Frames.priorityUpdate(1, "u=1"), Frames.priorityUpdate(3, "u=1")));

        // The client may not have read our SETTINGS yet: no error, but stream 3's update is not kept.
        assertThat(events).filteredOn(PriorityUpdateReceived.class::isInstance)
                .containsExactly(new PriorityUpdateReceived(1, "u=1"));
    }

    @Test
    void priorityUpdateBeyondOurGoAwayIsDropped() {
        Scenario server = Scenario.server();
        server.receive(GET_1);
        server.conn.closeConnection(ErrorCode.NO_ERROR);
        server.sent();

        // RFC 9113 §6.8: stream 3 will never be processed.
        assertThat(server.receive(Frames.priorityUpdate(3, "u=0"))).isEmpty();
        assertThat(server.receive(Frames.priorityUpdate(1, "u=0"))).hasSize(1);
    }

    // ---------------------------------------------------------------- the priority header

    @Test
    void aRequestCarriesThePriorityOfItsHeader() {
        Scenario server = Scenario.server();

        List<Event> events = server.receive(GET_1.field("priority", "u=5, i"),
                Frames.headers(3).request("GET", "/").field("priority", "u=1").field("priority", "i"),
                Frames.headers(5).request("GET", "/"), Frames.headers(7).request("GET", "/").field("priority", "u=x="));

        assertThat(events).extracting(e -> ((RequestReceived) e).priority()).containsExactly(new Priority(5, true),
                new Priority(1, true), Priority.DEFAULT, Priority.DEFAULT);
    }
}
