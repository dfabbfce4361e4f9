package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.h2j.H2Configuration;
import dev.h2j.H2Connection;
import dev.h2j.Headers;
import dev.h2j.Limits;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.event.DataReceived;
import dev.h2j.event.Event;
import dev.h2j.event.RequestReceived;
import dev.h2j.event.ResponseReceived;
import dev.h2j.event.StreamEnded;
import dev.h2j.frame.ErrorCode;
import dev.h2j.frame.Setting;
import dev.h2j.frame.SettingId;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.Response;
import dev.h2j.io.server.H2Server;
import dev.h2j.priority.Priority;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's examples: the sans-I/O client and server, compiled and run against each other over
 * loopback TCP, and the h2j-io server answering the JDK's HttpClient; the README shows exactly the code
 * that runs here.
 */
class ReadmeExamplesTest {

    // README:client:start
    static String get(SocketChannel channel, String authority, String path) throws IOException {
        H2Connection conn = new H2Connection(H2Configuration.client());
        conn.initiateConnection();
        int id = conn.nextAvailableStreamId();
        conn.sendHeaders(id, Headers.request("GET", "http", authority, path).build(), true);
        StringBuilder body = new StringBuilder();
        ByteBuffer in = ByteBuffer.allocate(16_384);
        while (true) {
            channel.write(conn.dataToSend());
            if (channel.read(in.clear()) < 0) {
                throw new EOFException("the server closed the connection");
            }
            for (Event event : conn.receiveData(in.flip())) {
                if (event instanceof DataReceived data) {
                    body.append(StandardCharsets.UTF_8.decode(data.data()));
                    conn.acknowledgeReceivedData(data.flowControlledLength(), id);
                } else if (event instanceof StreamEnded ended && ended.streamId() == id) {
                    conn.closeConnection(ErrorCode.NO_ERROR);
                    channel.write(conn.dataToSend());
                    return body.toString();
                }
            }
        }
    }
    // README:client:end

    // README:server:start
    static void serve(SocketChannel channel) throws IOException {
        H2Connection conn = new H2Connection(H2Configuration.server());
        conn.initiateConnection();
        ByteBuffer in = ByteBuffer.allocate(16_384);
        while (channel.read(in.clear()) >= 0) {
            for (Event event : conn.receiveData(in.flip())) {
                if (event instanceof RequestReceived request) {
                    String path = Headers.first(request.headers(), ":path").orElse("/");
                    byte[] body = ("hello from " + path).getBytes(StandardCharsets.UTF_8);
                    conn.sendHeaders(request.streamId(), Headers.response(200)
                            .add("content-length", Integer.toString(body.length)).build(), false);
                    conn.sendData(request.streamId(), ByteBuffer.wrap(body), true);
                } else if (event instanceof ConnectionTerminated) {
                    channel.write(conn.dataToSend());
                    return;
                }
            }
            channel.write(conn.dataToSend());
        }
    }
    // README:server:end

    // README:io-server:start
    static H2Server helloServer(int port) throws IOException {
        return H2Server.builder((request, response) -> response.send(
                        Headers.response(200).add("content-type", "text/plain").build(),
                        ByteBuffer.wrap(("hello from " + request.path()).getBytes(StandardCharsets.UTF_8))))
                .cleartext(new InetSocketAddress("127.0.0.1", port))
                .build()
                .start();
    }
    // README:io-server:end

    // README:io-priority:start
    static H2Server siteServer(int port) throws IOException {
        return H2Server.builder((request, response) -> {
                    if (request.path().endsWith(".woff2")) {
                        response.priority(new Priority(0, false));      // fonts first, whatever the client said
                    }
                    response.send(Headers.response(200).build(), ByteBuffer.allocate(64 * 1024));
                })
                .configuration(H2Configuration.server().withNoRfc7540Priorities(true)) // RFC 9218 with every client
                .cleartext(new InetSocketAddress("127.0.0.1", port))
                .build()
                .start();
    }
    // README:io-priority:end

    // README:io-client:start
    static List<String> fetchAll(URI origin, List<String> paths) throws IOException {
        try (ClientConnection connection = H2Client.connect(origin,
                ClientOptions.defaults().withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE))) {
            List<CompletableFuture<Response>> responses = new ArrayList<>();
            for (String path : paths) {
                responses.add(connection.send(Request.get(origin.resolve(path))));
            }
            List<String> bodies = new ArrayList<>();
            for (CompletableFuture<Response> response : responses) {
                bodies.add(response.join().status() + " " + response.join().bodyText());
            }
            return bodies;
        }
    }
    // README:io-client:end

    @Test
    void theH2ClientExampleFetchesFromTheH2ServerExampleOnOneConnection() throws Exception {
        try (H2Server server = helloServer(0)) {
            URI origin = URI.create("http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + "/");
            List<String> bodies = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> fetchAll(origin, List.of("/a", "/b", "/c")));

            assertThat(bodies).containsExactly("200 hello from /a", "200 hello from /b", "200 hello from /c");
        }
    }

    @Test
    void theJdkHttpClientGetsAnAnswerFromTheH2ServerExampleOverAnH2cUpgrade() throws Exception {
        try (H2Server server = helloServer(0)) {
            URI uri = URI.create("http://127.0.0.1:" + server.cleartextAddresses().get(0).getPort() + "/readme");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from /readme");
        }
    }

    @Test
    void theH2ServerSendsTheMostUrgentResponsesFirst() throws Exception {
        List<Integer> order = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (H2Server server = siteServer(0);
                    SocketChannel channel = SocketChannel.open(server.cleartextAddresses().get(0))) {
                // Stream windows shut (SETTINGS_INITIAL_WINDOW_SIZE 0) until every response is ready.
                H2Connection conn = new H2Connection(H2Configuration.client()
                        .withLimits(Limits.defaults().withInitialWindowSize(0)));
                conn.initiateConnection();
                for (String[] request : new String[][] {{"/app.js", "u=7"}, {"/font.woff2", "u=6"},
                        {"/style.css", "u=0"}}) {
                    conn.sendHeaders(conn.nextAvailableStreamId(), Headers.request("GET", "http", "localhost",
                            request[0]).add("priority", request[1]).build(), true);
                }
                List<Integer> dataFrames = new ArrayList<>();
                Set<Integer> answered = new HashSet<>();
                Set<Integer> ended = new HashSet<>();
                ByteBuffer in = ByteBuffer.allocate(65_536);
                while (ended.size() < 3) {
                    channel.write(conn.dataToSend());
                    if (channel.read(in.clear()) < 0) {
                        throw new EOFException("the server closed the connection");
                    }
                    for (Event event : conn.receiveData(in.flip())) {
                        if (event instanceof ResponseReceived response && answered.add(response.streamId())
                                && answered.size() == 3) {
                            // RFC 9113 §6.9.2: one SETTINGS frame opens every stream's window at once.
                            conn.incrementFlowControlWindow(1 << 20);
                            conn.updateSettings(List.of(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)));
                        } else if (event instanceof DataReceived data) {
                            dataFrames.add(data.streamId());
                        } else if (event instanceof StreamEnded end) {
                            ended.add(end.streamId());
                        }
                    }
                }
                return dataFrames;
            }
        });

        // RFC 9218 §10: urgency 0 first, the font (made urgency 0 by the server, RFC 9218 §8) and the
        // style sheet one at a time in request order; the script, urgency 7, last.
        int font = 3;
        int css = 5;
        int js = 1;
        assertThat(order).hasSize(12);
        assertThat(order.subList(0, 4)).containsOnly(font);
        assertThat(order.subList(4, 8)).containsOnly(css);
        assertThat(order.subList(8, 12)).containsOnly(js);
    }

    @Test
    void theClientExampleGetsAResponseFromTheServerExample() {
        String body = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                    try (SocketChannel accepted = listener.accept()) {
                        serve(accepted);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                try (SocketChannel channel = SocketChannel.open(listener.getLocalAddress())) {
                    String response = get(channel, "localhost", "/readme");
                    server.join();
                    return response;
                }
            }
        });
        assertThat(body).isEqualTo("hello from /readme");
    }

    @Test
    void readmeShowsTheExamplesAsTheyRun() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/h2j/cli/ReadmeExamplesTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String name : new String[] {"client", "server", "io-server", "io-priority", "io-client"}) {
            Matcher body = Pattern.compile("// README:" + name + ":start\\n(.*?)\\n\\s*// README:" + name + ":end",
                    Pattern.DOTALL).matcher(test);
            assertThat(body.find()).as(name).isTrue();
            String example = body.group(1).replaceAll("(?m)^ {4}", "");
            assertThat(readme).as("README shows the %s example as it runs", name)
                    .contains("```java\n" + example + "\n```");
        }
    }
}
