package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.Event;
import dev.h2j.event.RemoteSettingsChanged;
import dev.h2j.frame.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful shutdown (RFC 9113 §6.8): stop accepting, two-phase GOAWAY, streams in flight finish. */
@Timeout(30)
class ShutdownTest {

    @Test
    void streamInFlightFinishesAfterTheTwoGoAways() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CompletableFuture<Response> pending = new CompletableFuture<>();
        H2Server server = Servers.cleartext((request, response) -> {
            pending.complete(response);
            received.countDown();
        });
        InetSocketAddress address = server.cleartextAddresses().get(0);
        try (RawClient client = RawClient.open(address)) {
            int id = client.request("GET", "/slow", true);
            assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(server::close);
            closer.start();
            // The first GOAWAY names 2^31-1; our PING ACK lets the server send the final one.
            client.awaitEvent(ConnectionTerminated.class, g -> g.lastStreamId() == Integer.MAX_VALUE);
            client.awaitEvent(ConnectionTerminated.class, g -> g.lastStreamId() == id);
            assertThat(closer.isAlive()).isTrue();
            pending.get().send(Headers.response(200).build(), ByteBuffer.wrap("done".getBytes(StandardCharsets.UTF_8)));
            RawClient.Exchange exchange = client.await(id);
            assertThat(exchange.text()).isEqualTo("done");
            List<ConnectionTerminated> goAways = client.readToEnd();
            assertThat(goAways).allSatisfy(g -> assertThat(g.errorCode()).isEqualTo(ErrorCode.NO_ERROR));
            closer.join(10_000);
            assertThat(closer.isAlive()).isFalse();
        }
        assertThatThrownBy(() -> new Socket().connect(address, 2_000)).isInstanceOf(ConnectException.class);
    }

    @Test
    void streamsStillOpenAtTheTimeoutAreCut() throws Exception {
        CompletableFuture<ErrorCode> reset = new CompletableFuture<>();
        H2Server server = Servers.builder((request, response) -> {
            response.sendHeaders(Headers.response(200).build());
            response.onReset(reset::complete);
        }).cleartext(Servers.loopback()).shutdownTimeout(Duration.ofMillis(500)).build().start();
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0))) {
            int id = client.request("GET", "/never-ends", true);
            client.awaitEvent(dev.h2j.event.ResponseReceived.class, r -> r.streamId() == id);
            server.close();
            assertThat(reset.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.CANCEL);
            client.readToEnd();
            assertThat(client.exchange(id).ended).isFalse();
        }
    }

    @Test
    void closeOfAServerNeverStartedDoesNothing() {
        H2Server server = Servers.builder(Servers.HELLO).cleartext(Servers.loopback()).build();
        server.close();
        assertThat(server.cleartextAddresses()).isEmpty();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shutdownNowClosesAtOnce() throws Exception {
        CompletableFuture<ErrorCode> reset = new CompletableFuture<>();
        H2Server server = Servers.cleartext((request, response) -> response.onReset(reset::complete));
        try (RawClient client = RawClient.open(server.cleartextAddresses().get(0))) {
            client.request("GET", "/pending", true);
            client.awaitEvent(dev.h2j.event.SettingsAcknowledged.class, s -> true);
            server.shutdownNow();
            assertThat(reset.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.CANCEL);
            client.readToEnd();
        }
    }

    @Test
    void aTlsClientThatHasNotSentItsPrefaceGetsOneGoAwayNamingNoStreamAndIsClosedAtOnce() throws Exception {
        H2Server server = Servers.builder(Servers.HELLO).tls(Servers.loopback(), TestTls.get().server)
                .shutdownTimeout(Duration.ofSeconds(20)).build().start();
        // As a browser's preconnected socket: TLS done, h2 chosen by ALPN, not a frame sent yet.
        SSLSocket silent = TlsServerTest.socket(server.tlsAddresses().get(0), List.of("h2"), null);
        Thread closer = new Thread(server::close);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            // The server's SETTINGS first: then the server has the connection as HTTP/2, waiting for the
            // client's preface (closing earlier, mid-handshake on its side, would close without a frame).
            InputStream in = silent.getInputStream();
            byte[] header = in.readNBytes(9);
            received.writeBytes(header);
            received.writeBytes(in.readNBytes(((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff)));
            closer.start();
            received.writeBytes(in.readAllBytes());
        } finally {
            silent.close();
        }
        closer.join(10_000);
        assertThat(closer.isAlive()).as("the close, with 20 s for streams").isFalse();
        // A client core reads the server's frames; nothing of it is sent.
        H2Connection reader = new H2Connection(H2Configuration.client());
        reader.initiateConnection();
        List<Event> events = reader.receiveData(ByteBuffer.wrap(received.toByteArray()));
        // RFC 9113 §6.8: no GOAWAY 2^31-1 and PING to wait on, as no stream can be in flight.
        assertThat(events).filteredOn(event -> !(event instanceof RemoteSettingsChanged)).singleElement()
                .isEqualTo(new ConnectionTerminated(ErrorCode.NO_ERROR, 0, ByteBuffer.allocate(0)));
    }

    @Test
    void connectionsThatSpeakNoHttp2YetCloseAtOnce() throws Exception {
        H2Server server = Servers.builder(Servers.HELLO).cleartext(Servers.loopback())
                .shutdownTimeout(Duration.ofSeconds(20)).build().start();
        try (Socket silent = new Socket()) {
            silent.connect(server.cleartextAddresses().get(0), RawClient.TIMEOUT_MILLIS);
            silent.setSoTimeout(RawClient.TIMEOUT_MILLIS);
            // Half an HTTP/1.1 request head: the connection is neither HTTP/2 nor answered yet.
            silent.getOutputStream().write("GET / HT".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(100);
            long start = System.nanoTime();
            server.close();
            // Not the 20 s shutdown timeout: there was no stream to wait for.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
    }
}
