package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.io.server.H2Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The h2c-upgrade client against h2j-io's server, and against a server that answers in HTTP/1.1. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UpgradeClientTest {

    @Test
    void theResponseToTheUpgradeRequestComesOverHttp2OnStream1() throws Exception {
        try (H2Server server = NioServer.start(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel channel = SocketChannel.open(server.cleartextAddresses().get(0))) {
            assertThat(UpgradeClient.get(channel, "127.0.0.1", "/")).isEqualTo("200\nhello from h2j\n");
        }
    }

    @Test
    void mainPrintsTheResponse() throws Exception {
        try (H2Server server = NioServer.start(new InetSocketAddress("127.0.0.1", 0))) {
            String uri = "http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + "/countdown";

            assertThat(Console.output(() -> UpgradeClient.main(new String[] {uri})))
                    .isEqualTo("200\n10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n");
        }
    }

    @Test
    void aServerThatAnswersInHttp11IsNoUpgrade() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture<Void> http11 = CompletableFuture.runAsync(() -> {
                try (SocketChannel accepted = listener.accept()) {
                    accepted.read(ByteBuffer.allocate(4096));
                    accepted.write(StandardCharsets.US_ASCII.encode("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SocketChannel channel = SocketChannel.open(listener.getLocalAddress())) {
                assertThatThrownBy(() -> UpgradeClient.get(channel, "127.0.0.1", "/"))
                        .isInstanceOf(IOException.class)
                        .hasMessage("the server did not switch to h2c: HTTP/1.1 200 OK");
            }
            http11.join();
        }
    }
}
