package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.io.server.H2Server;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sans-I/O client fetches from h2j-io's server over loopback, by its method and by its main. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HelloClientTest {

    @Test
    void getsTheStatusAndTheBodyFromAnH2Server() throws Exception {
        try (H2Server server = NioServer.start(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel channel = SocketChannel.open(server.cleartextAddresses().get(0))) {
            assertThat(HelloClient.get(channel, "127.0.0.1", "/")).isEqualTo("200\nhello from h2j\n");
        }
    }

    @Test
    void getsA404ForAPathTheServerDoesNotHave() throws Exception {
        try (H2Server server = NioServer.start(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel channel = SocketChannel.open(server.cleartextAddresses().get(0))) {
            assertThat(HelloClient.get(channel, "127.0.0.1", "/missing")).isEqualTo("404\n");
        }
    }

    @Test
    void mainPrintsTheResponseToAUri() throws Exception {
        try (H2Server server = NioServer.start(new InetSocketAddress("127.0.0.1", 0))) {
            String uri = "http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + "/countdown";

            String printed = Console.output(() -> HelloClient.main(new String[] {uri}));

            assertThat(printed).isEqualTo("200\n10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n");
        }
    }
}
