package dev.h2j.examples;

import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.Response;
import dev.h2j.io.client.ResponseStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking client: h2j-io's {@link H2Client} opens one connection per origin, and
 * {@link ClientConnection#execute(Request)} sends a request and waits for the whole response. Also
 * shows a POST and a streamed download.
 *
 * <pre>{@code
 * examples/run BlockingClient http://127.0.0.1:8080/ http://127.0.0.1:8080/countdown
 * examples/run BlockingClient -k https://127.0.0.1:8443/       # -k: any certificate (testing only)
 * examples/run BlockingClient --prior-knowledge http://127.0.0.1:8080/   # no h2c upgrade
 * }</pre>
 */
public final class BlockingClient {

    private BlockingClient() {
    }

    /**
     * Fetches each URI, one after another on one connection, and prints each status and body.
     *
     * @param args {@code -k} to trust any certificate, {@code --prior-knowledge} to start cleartext HTTP/2
     *     without an upgrade, then URIs of one origin
     * @throws IOException if the connection or a request fails
     * @throws InterruptedException if interrupted while waiting for a response
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        ClientOptions options = ClientOptions.defaults();
        List<URI> uris = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("-k")) {
                options = options.insecure();
            } else if (arg.equals("--prior-knowledge")) {
                options = options.withCleartextMode(CleartextMode.PRIOR_KNOWLEDGE);
            } else {
                uris.add(URI.create(arg));
            }
        }
        if (uris.isEmpty()) {
            uris.add(URI.create("http://127.0.0.1:8080/"));
        }
        fetch(uris, options, System.out);
    }

    /**
     * Fetches each URI in turn over one connection to their origin and prints each status and body.
     *
     * @param uris {@code http} or {@code https} URIs, all of the same origin
     * @param options how to connect: TLS trust, cleartext mode, windows
     * @param out where the statuses and bodies go
     * @throws IOException if the connection or a request fails
     * @throws InterruptedException if interrupted while waiting for a response
     */
    // docs:blocking-client:start
    public static void fetch(List<URI> uris, ClientOptions options, PrintStream out)
            throws IOException, InterruptedException {
        try (ClientConnection connection = H2Client.connect(uris.get(0), options)) {  // one origin, one connection
            for (URI uri : uris) {
                Response response = connection.execute(Request.get(uri));             // waits for the whole response
                out.println(response.status() + " " + uri);
                out.print(response.bodyText());
            }
        }                                                                             // GOAWAY, then the socket closes
    }
    // docs:blocking-client:end

    /**
     * Posts a body and returns the response body as text.
     *
     * @param connection a connection to the URI's origin
     * @param uri where to post
     * @param body the request content
     * @return the response body, decoded as UTF-8
     * @throws IOException if the request fails, or the status is not 200
     * @throws InterruptedException if interrupted while waiting for the response
     */
    // docs:blocking-post:start
    public static String post(ClientConnection connection, URI uri, byte[] body)
            throws IOException, InterruptedException {
        Request request = Request.newBuilder(uri)
                .method("POST")
                .header("content-type", "text/plain")
                .body(body)                                 // a byte array also sets content-length
                .build();
        Response response = connection.execute(request);
        if (response.status() != 200) {
            throw new IOException("POST " + uri + ": status " + response.status());
        }
        return response.bodyText();
    }
    // docs:blocking-post:end

    /**
     * Streams a response body to {@code to} as it arrives, without holding it in memory.
     *
     * @param connection a connection to the URI's origin
     * @param uri what to download
     * @param to where the body goes
     * @return the octets copied
     * @throws IOException if the request fails or the body cannot be copied
     */
    // docs:blocking-download:start
    public static long download(ClientConnection connection, URI uri, OutputStream to) throws IOException {
        try (ResponseStream response = connection.stream(Request.get(uri)).join()) {  // the header fields are in
            return response.body().transferTo(to);          // the server's window reopens as the body is read
        }
    }
    // docs:blocking-download:end
}
