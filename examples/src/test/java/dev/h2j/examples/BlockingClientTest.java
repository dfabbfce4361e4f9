package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.H2Configuration;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.server.H2Server;
import dev.h2j.io.testing.Certificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking client against the H2Server example over loopback: TLS, h2c upgrade, POST, a streamed body. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingClientTest {

    private static H2Server server;
    private static URI tls;
    private static URI cleartext;

    @BeforeAll
    static void start() throws Exception {
        server = NioServer.start(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0),
                Certificates.selfSigned().serverContext());
        tls = URI.create("https://localhost:" + server.tlsAddresses().get(0).getPort() + "/");
        cleartext = URI.create("http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void fetchPrintsEachResponseOfOneOriginOverTls() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        BlockingClient.fetch(List.of(tls, tls.resolve("/nowhere")),
                ClientOptions.defaults().withSslContext(Certificates.selfSigned().clientContext()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo("200 " + tls + "\nhello from h2j\n404 " + tls.resolve("/nowhere") + "\n");
    }

    @Test
    void mainTrustsAnyCertificateWithMinusK() throws Exception {
        String printed = Console.output(() -> BlockingClient.main(new String[] {"-k", tls.toString()}));

        assertThat(printed).isEqualTo("200 " + tls + "\nhello from h2j\n");
    }

    @Test
    void mainUpgradesCleartextConnectionsToH2c() throws Exception {
        String printed = Console.output(() -> BlockingClient.main(new String[] {cleartext.toString()}));

        assertThat(printed).isEqualTo("200 " + cleartext + "\nhello from h2j\n");
    }

    @Test
    void mainSpeaksPriorKnowledgeToTheSansIoServer() throws Exception {
        try (PriorityServer priorityServer = new PriorityServer(new InetSocketAddress("127.0.0.1", 0),
                H2Configuration.server())) {
            Thread loop = new Thread(priorityServer, "priority-server");
            loop.start();
            URI uri = URI.create("http://127.0.0.1:" + priorityServer.address().getPort() + "/a");

            String printed = Console.output(() -> BlockingClient.main(new String[] {"--prior-knowledge", uri.toString()}));

            assertThat(printed).startsWith("200 " + uri + "\nthe response to /a\n");
            priorityServer.close();
            loop.join();
        }
    }

    @Test
    void postGetsItsBodyEchoedAndDownloadStreamsTheCountdown() throws Exception {
        try (ClientConnection connection = H2Client.connect(cleartext,
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
            String echoed = BlockingClient.post(connection, cleartext.resolve("/echo"),
                    "ping".getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
            long octets = BlockingClient.download(connection, cleartext.resolve("/countdown"), downloaded);

            assertThat(echoed).isEqualTo("ping");
            assertThat(octets).isEqualTo(21);
            assertThat(downloaded.toString(StandardCharsets.UTF_8)).isEqualTo("10\n9\n8\n7\n6\n5\n4\n3\n2\n1\n");
        }
    }
}
