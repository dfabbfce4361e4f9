package dev.h2j.io.server.attacks;

import static dev.h2j.io.server.attacks.Attacker.getBlock;
import static dev.h2j.io.server.attacks.Attacker.headersFrame;
import static dev.h2j.io.server.attacks.Attacker.repeat;
import static dev.h2j.io.server.attacks.Attacker.windowUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.FrameType;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that cost the server by being slow (SECURITY.md #1, #7, #22, and slowloris): tiny windows, no
 * reading, shut windows kept alive with PINGs, connections that never finish their preface or their
 * header block. Memory per connection stays bounded, content is pulled only as windows and the socket
 * allow, idle half-open connections are closed after the idle timeout, and the bystander on the same event
 * loop is served throughout.
 */
@Timeout(60)
class SlowClientAttacksTest {
    /** The longest the server may take to close an idle connection: the timeout, a timer tick, slack. */
    static final Duration IDLE_CLOSE = Target.IDLE_TIMEOUT.plusSeconds(2);

    Target target;

    @BeforeEach
    void start() throws Exception {
        target = Target.start();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    @Test
    void dataDribbleGetsOneTinyFramePerTinyWindowUpdate() throws Exception {
        // CVE-2019-9511: large responses on 10 streams whose windows open one octet at a time. Frames are cut
        // when sent, never queued per window: each 1-octet WINDOW_UPDATE earns one 1-octet DATA frame.
        int streams = 10;
        int rounds = 100;
        try (Attacker attacker = target.attacker().preface(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0))) {
            attacker.send(repeat(streams, i -> attacker.headers(2 * i + 1, Attacker.get("/big"), true)));
            for (int i = 0; i < streams; i++) {
                assertThat(attacker.awaitStatus(2 * i + 1)).isEqualTo(200);
            }
            for (int round = 1; round <= rounds; round++) {
                attacker.send(repeat(streams, i -> windowUpdate(2 * i + 1, 1)));
                assertThat(attacker.awaitCountOrGoAway(FrameType.DATA, round * streams)).isTrue();
            }
            List<Attacker.Seen> data = attacker.seen(FrameType.DATA, 0);
            assertThat(data).hasSize(rounds * streams).allSatisfy(d -> assertThat(d.length()).isEqualTo(1));
            assertThat(target.pulled.get()).isEqualTo(rounds * streams);
            assertThat(attacker.goAway()).isEmpty();
        }
        target.assertRecovered();
    }

    @Test
    void dataDribbleNotWaitingForTheDataIsCalmed() throws Exception {
        // The same updates sent at once: the server had no DATA in between to earn them, so they count as a
        // WINDOW_UPDATE flood.
        try (Attacker attacker = target.attacker().preface(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0))) {
            attacker.send(repeat(10, i -> attacker.headers(2 * i + 1, Attacker.get("/big"), true)));
            attacker.send(repeat(5_000, i -> windowUpdate(2 * (i % 10) + 1, 1)));
            FloodAttacksTest.assertCalmed(attacker, "maxWindowUpdateRate");
        }
        target.assertRecovered();
    }

    @Test
    void clientThatNeverReadsCostsABoundedBufferAndIsDropped() throws Exception {
        // CVE-2019-9517: windows opened wide on 20 streams of 1 GiB, and the socket never read.
        try (Attacker attacker = Attacker.connectNotReading(target.address)) {
            attacker.send(attacker.prefaceOctets(new Setting(SettingId.INITIAL_WINDOW_SIZE, Integer.MAX_VALUE)),
                    attacker.settingsAck(), windowUpdate(0, Integer.MAX_VALUE - 65_535),
                    repeat(20, i -> attacker.headers(2 * i + 1, Attacker.get("/big"), true)));
            // While the server's output is stuck, the bystander on the same loop is served.
            target.bystander.awaitServed(20, Duration.ofSeconds(10));
            // The output stalled for the idle timeout: the server dropped the connection.
            target.awaitConnections(1);
            assertThat(target.server.peakConnectionOutput()).isLessThan(Target.OUTPUT_BOUND);
            // The kernel's socket buffers took some megabytes; of 20 GiB, the server pulled no more.
            assertThat(target.pulled.get()).isPositive().isLessThan(64L << 20);
        }
        target.assertRecovered();
    }

    @Test
    void zeroWindowsKeptAliveWithPingsPinNoContent() throws Exception {
        // CVE-2016-1546 / #22: SETTINGS_INITIAL_WINDOW_SIZE 0, 100 streams asking for 1 GiB each, and a PING
        // every 100 ms so the connection never looks idle.
        try (Attacker attacker = target.attacker().preface(new Setting(SettingId.INITIAL_WINDOW_SIZE, 0))) {
            attacker.send(repeat(100, i -> attacker.headers(2 * i + 1, Attacker.get("/big"), true)));
            for (int i = 0; i < 100; i++) {
                assertThat(attacker.awaitStatus(2 * i + 1)).isEqualTo(200);
            }
            long until = System.nanoTime() + Target.IDLE_TIMEOUT.multipliedBy(2).toNanos();
            for (long ping = 0; System.nanoTime() < until && !attacker.isClosedByServer(); ping++) {
                attacker.send(attacker.ping(ping));
                Thread.sleep(100);
            }
            // No content was made for windows that never opened; the bystander was served all along.
            assertThat(target.pulled.get()).isZero();
            assertThat(attacker.seen(FrameType.DATA, 0)).isEmpty();
            target.bystander.awaitServed(5, Duration.ofSeconds(10));
        }
        target.assertRecovered();
    }

    @Test
    void connectionsThatNeverFinishThePrefaceAreClosed() throws Exception {
        // Slowloris: 50 connections send half the preface and wait.
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket();
                socket.connect(target.address, 5_000);
                socket.setSoTimeout((int) IDLE_CLOSE.toMillis());
                socket.getOutputStream().write("PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            target.awaitConnections(51);
            target.bystander.awaitServed(5, Duration.ofSeconds(10));
            for (Socket socket : sockets) {
                assertThat(socket.getInputStream().read()).as("the server closes without a word").isEqualTo(-1);
            }
            target.awaitConnections(1);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        target.assertRecovered();
    }

    @Test
    void connectionsThatNeverFinishAHeaderBlockAreClosed() throws Exception {
        // Slowloris over HTTP/2: 20 connections send HEADERS without END_HEADERS and then nothing. No request
        // exists yet, so the connection is idle: GOAWAY NO_ERROR (RFC 9113 §9.1), then the close.
        List<Attacker> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Attacker attacker = target.attacker().preface();
                attacker.send(headersFrame(1, getBlock("/smuggled"), true, false));
                attackers.add(attacker);
            }
            for (Attacker attacker : attackers) {
                attacker.awaitGoAway(ErrorCode.NO_ERROR);
                assertThat(attacker.awaitClosed()).isLessThan(IDLE_CLOSE);
            }
        } finally {
            for (Attacker attacker : attackers) {
                attacker.close();
            }
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    @Test
    void prefaceTrickledAnOctetAtATimeIsClosedAfterTheIdleTimeout() throws Exception {
        // Slowloris that defeats a timer reset by every octet: the preface, one octet per 200 ms, would take
        // 4.8 s; the server gives a connection the idle timeout to start HTTP/2.
        try (Socket socket = new Socket()) {
            socket.connect(target.address, 5_000);
            long start = System.nanoTime();
            trickle(socket, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    () -> target.server.openConnections() == 1);
            target.awaitConnections(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE_CLOSE);
        }
        target.assertRecovered();
    }

    @Test
    void headerBlockTrickledAnOctetAtATimeIsClosedAfterTheIdleTimeout() throws Exception {
        // The same over HTTP/2: a HEADERS frame one octet per 200 ms completes no frame, so it is no progress.
        try (Attacker attacker = target.attacker().preface()) {
            long start = System.nanoTime();
            trickle(attacker.socket, attacker.headers(1, Attacker.get("/smuggled"), true),
                    () -> attacker.goAway().isPresent());
            attacker.awaitGoAway(ErrorCode.NO_ERROR);
            attacker.awaitClosed();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE_CLOSE);
        }
        assertThat(target.smuggled.get()).isZero();
        target.assertRecovered();
    }

    /** Sends {@code octets} one per 200 ms until they are all out or {@code closed} says the server gave up. */
    private static void trickle(Socket socket, byte[] octets, BooleanSupplier closed) throws InterruptedException {
        try {
            OutputStream out = socket.getOutputStream();
            for (byte octet : octets) {
                out.write(octet);
                out.flush();
                Thread.sleep(200);
                if (closed.getAsBoolean()) {
                    return;
                }
            }
        } catch (IOException e) {
            // The server closed the connection under the trickle.
        }
    }
}
