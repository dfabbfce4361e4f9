package dev.h2j.cli;

import dev.h2j.hpack.HeaderField;
import dev.h2j.io.client.CleartextMode;
import dev.h2j.io.client.ClientConnection;
import dev.h2j.io.client.ClientOptions;
import dev.h2j.io.client.H2Client;
import dev.h2j.io.client.Request;
import dev.h2j.io.client.ResponseStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLHandshakeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code h2j get}: fetches URLs over HTTP/2 with the h2j client, curl style. URLs of one origin share a
 * connection and go out at once, multiplexed; each origin gets a connection of its own. Bodies go to
 * standard output (binary-safe, in the order of the URLs) or to files; messages, {@code -v} frames and
 * the progress bar go to standard error.
 */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fetch URLs over HTTP/2: https with TLS and ALPN h2, http with the h2c upgrade (RFC 7540 §3.2) or,"
                    + " with --prior-knowledge, the connection preface at once. HTTP/2 only: a server that answers"
                    + " the upgrade in HTTP/1.1 is a failure whose message quotes its status line.",
            "URLs of the same origin (scheme, host, port) share one connection and are requested at once,"
                    + " multiplexed; each other origin gets a connection of its own.",
            "Bodies are written to standard output as they arrive, unchanged (binary-safe), one after the"
                    + " other in the order of the URLs, unless -o or -O sends them to files. Messages, -v"
                    + " frames and the progress bar (long bodies, when standard error is a terminal) go to"
                    + " standard error.",
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every URL was fetched",
            "1:a connection, TLS, h2c upgrade or protocol failure: a stream reset (RST_STREAM), a GOAWAY"
                    + " with an error, an I/O error; the message names the HTTP/2 error code. Standard output"
                    + " that cannot be written (a pipe whose reader left, as with | head) stops every fetch.",
            "2:a usage error",
            "22:with --fail, a response with status 400 or more (and no failure of status 1)",
        })
final class GetCommand implements Callable<Integer> {
    /** Exit status for an HTTP error under {@code --fail}: curl's. */
    static final int HTTP_ERROR = 22;

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "URL", description = "The http:// or https:// URLs to fetch.")
    List<String> urls = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the body to FILE instead of standard output. Repeat it: the first -o is for"
                    + " the first URL, the second for the second, and so on. With -i or -I the header fields go"
                    + " there too.")
    List<Path> outputs = new ArrayList<>();

    @Option(names = {"-O", "--remote-name"},
            description = "Write each body that has no -o of its own to a file named after the last segment of"
                    + " its URL's path, in the current directory or --output-dir.")
    boolean remoteName;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "The directory -o names and -O files are relative to.")
    Path outputDir;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Add a header field to every request. Repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-d", "--data"}, paramLabel = "DATA",
            description = "Send DATA as the request body, with method POST: the text itself, @FILE for a file's"
                    + " octets, @- for standard input; sent unchanged (curl's --data-binary), with content-type"
                    + " application/x-www-form-urlencoded unless -H gives one.")
    String data;

    @Option(names = {"-X", "--request"}, paramLabel = "METHOD",
            description = "The request method (default GET; POST with -d; HEAD with -I).")
    String method;

    @Option(names = {"-I", "--head"},
            description = "Send HEAD and print the response's status and header fields (like curl -I).")
    boolean head;

    @Option(names = {"-i", "--include"},
            description = "Print the status and header fields before the body, and the trailers after it,"
                    + " as 'HTTP/2 200' and 'name: value' lines.")
    boolean include;

    @Option(names = {"-k", "--insecure"},
            description = "Accept any TLS certificate for any host name. INSECURE: for tests and debugging.")
    boolean insecure;

    @Option(names = {"--prior-knowledge", "--http2-prior-knowledge"},
            description = "For http:// URLs, start HTTP/2 at once (RFC 9113 §3.3) instead of the h2c upgrade.")
    boolean priorKnowledge;

    @Option(names = {"-f", "--fail"},
            description = "Treat a status of 400 or more as a failure: its body is not written, and the exit"
                    + " status is 22.")
    boolean fail;

    @Option(names = {"-v", "--verbose"},
            description = "Print every frame sent and received on standard error, nghttp -v style, with the"
                    + " decoded header fields, and the h2c upgrade's HTTP/1.1 heads.")
    boolean verbose;

    @Option(names = {"-s", "--silent"}, description = "Show no progress bar.")
    boolean silent;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "How long the TCP connect and the TLS handshake may each take (default: ${DEFAULT-VALUE}).")
    double connectTimeout = 10;

    private final OutputStream stdout;
    private final InputStream stdin;
    private final LongSupplier nanoTime;

    /** The command on the process's standard streams. */
    GetCommand() {
        // Not System.out: a PrintStream swallows write errors, so a closed pipe would go unnoticed.
        this(new FileOutputStream(FileDescriptor.out), System.in);
    }

    /** The command on other streams, for running in process. */
    GetCommand(OutputStream stdout, InputStream stdin) {
        this.stdout = stdout;
        this.stdin = stdin;
        this.nanoTime = System::nanoTime;
    }

    /** One URL to fetch and where its body goes. */
    private record Target(String text, URI uri, String origin, Path file) {}

    @Override
    public Integer call() throws IOException {
        List<Target> targets = targets();
        List<String[]> fields = headerFields();
        byte[] body = body();
        String verb = method != null ? method : head ? "HEAD" : data != null ? "POST" : "GET";
        PrintWriter err = spec.commandLine().getErr();
        FramePrinter printer = verbose ? new FramePrinter(err, nanoTime) : null;

        Map<String, ClientConnection> connections = new LinkedHashMap<>();
        Map<String, IOException> unreachable = new LinkedHashMap<>();
        for (Target target : targets) {
            if (!connections.containsKey(target.origin()) && !unreachable.containsKey(target.origin())) {
                try {
                    connections.put(target.origin(), connect(target, printer));
                } catch (IOException e) {
                    unreachable.put(target.origin(), e);
                }
            }
        }
        List<CompletableFuture<ResponseStream>> responses = new ArrayList<>();
        for (Target target : targets) {
            ClientConnection connection = connections.get(target.origin());
            responses.add(connection == null ? null : connection.stream(request(target, verb, fields, body)));
        }

        boolean failed = false;
        boolean httpError = false;
        boolean finished = false;
        try {
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get(i);
                try {
                    if (responses.get(i) == null) {
                        throw unreachable.get(target.origin());
                    }
                    httpError |= !fetch(target, await(responses.get(i)), err);
                } catch (StdoutFailed e) {
                    // Nothing more can be printed: stop every fetch, as curl does; the finally aborts them.
                    err.println("h2j get: " + target.text() + ": " + e.getMessage());
                    err.flush();
                    return 1;
                } catch (IOException e) {
                    failed = true;
                    err.println("h2j get: " + target.text() + ": " + e.getMessage() + hint(e));
                    err.flush();
                }
            }
            finished = true;
        } finally {
            for (ClientConnection connection : connections.values()) {
                // Every response was read or closed: close waits for nothing. After a surprise, abort.
                if (finished) {
                    connection.close();
                } else {
                    connection.abort();
                }
            }
        }
        return failed ? 1 : httpError ? HTTP_ERROR : 0;
    }

    /** Writes one response where it goes; false if it was an HTTP error that --fail turns away. */
    private boolean fetch(Target target, ResponseStream response, PrintWriter err) throws IOException {
        try (response; OutputStream out = open(target.file())) {
            if (fail && response.status() >= 400) {
                err.println("h2j get: " + target.text() + ": the server answered " + response.status() + " (--fail)");
                err.flush();
                return false;
            }
            if (head || include) {
                StringBuilder text = new StringBuilder("HTTP/2 ").append(response.status()).append('\n');
                appendFields(text, response.headers());
                out.write(text.append('\n').toString().getBytes(StandardCharsets.ISO_8859_1));
            }
            copy(response, out, target.file() != null, err);
            if ((head || include) && !response.trailers().isEmpty()) {
                StringBuilder text = new StringBuilder();
                appendFields(text, response.trailers());
                out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
            return true;
        }
    }

    private OutputStream open(Path file) throws IOException {
        if (file == null) {
            return new KeepOpen(stdout);
        }
        try {
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e, e);
        }
    }

    private void copy(ResponseStream response, OutputStream out, boolean toFile, PrintWriter err) throws IOException {
        // A bar redrawn in place needs a terminal on standard error, and a body that is not printed there.
        boolean bar = !silent && !verbose && Progress.stderrIsTerminal() && (toFile || System.console() == null);
        long total = response.header("content-length").map(GetCommand::parseLength).orElse(-1L);
        Progress progress = bar ? new Progress(err, nanoTime, total) : null;
        InputStream in = response.body();
        byte[] buffer = new byte[16_384];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (progress != null) {
                progress.advance(n);
            }
        }
        if (progress != null) {
            progress.finish();
        }
    }

    private ClientConnection connect(Target target, FramePrinter printer) throws IOException {
        ClientOptions options = ClientOptions.defaults()
                .withCleartextMode(priorKnowledge ? CleartextMode.PRIOR_KNOWLEDGE : CleartextMode.UPGRADE)
                .withConnectTimeout(Duration.ofMillis((long) (connectTimeout * 1000)));
        if (insecure) {
            options = options.insecure();
        }
        if (printer != null) {
            options = options.withFrameListener(printer);
            printer.note("Connecting to " + target.origin());
        }
        ClientConnection connection = H2Client.connect(target.uri(), options);
        if (printer != null) {
            connection.tlsSession().ifPresent(session -> printer.note("TLS " + session.getProtocol() + ", "
                    + session.getCipherSuite() + ", ALPN h2"));
        }
        return connection;
    }

    private Request request(Target target, String verb, List<String[]> fields, byte[] body) throws IOException {
        Request.Builder request = Request.newBuilder(target.uri()).method(verb);
        boolean userAgent = false;
        boolean accept = false;
        boolean contentType = false;
        for (String[] field : fields) {
            request.header(field[0], field[1]);
            userAgent |= field[0].equalsIgnoreCase("user-agent");
            accept |= field[0].equalsIgnoreCase("accept");
            contentType |= field[0].equalsIgnoreCase("content-type");
        }
        // As curl does: who is asking, for anything.
        if (!userAgent) {
            request.header("user-agent", new Main.Version().getVersion()[0].replace(' ', '/'));
        }
        if (!accept) {
            request.header("accept", "*/*");
        }
        if (data != null) {
            if (!contentType) {
                request.header("content-type", "application/x-www-form-urlencoded");
            }
            if (body != null) {
                request.body(body);
            } else {
                // @FILE: streamed from the file, one stream per request.
                request.body(Files.newInputStream(Path.of(data.substring(1))));
            }
        }
        return request.build();
    }

    private static ResponseStream await(CompletableFuture<ResponseStream> response) throws IOException {
        try {
            return response.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException failure) {
                throw failure;
            }
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String hint(IOException e) {
        return !insecure && e.getCause() instanceof SSLHandshakeException
                ? " (-k accepts any certificate, insecurely)" : "";
    }

    // ------------------------------------------------------------------ arguments

    private List<Target> targets() {
        if (outputs.size() > urls.size()) {
            throw usage("there are " + outputs.size() + " -o options for " + urls.size() + " URLs");
        }
        if (head && data != null) {
            throw usage("-I sends HEAD, which has no body: it does not go with -d");
        }
        if (!(connectTimeout > 0 && connectTimeout * 1000 <= Integer.MAX_VALUE)) {
            throw usage("--connect-timeout takes a positive number of seconds, not " + connectTimeout);
        }
        if (method != null) {
            try {
                Request.newBuilder(URI.create("http://check/")).method(method);
            } catch (IllegalArgumentException e) {
                throw usage("-X: " + e.getMessage());
            }
        }
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String text = urls.get(i);
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw usage("not a URL: " + text + " (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw usage("not an http:// or https:// URL with a host: " + text);
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            String origin = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            Path file = i < outputs.size() ? resolve(outputs.get(i)) : remoteName ? resolve(remoteFile(uri)) : null;
            targets.add(new Target(text, uri, origin, file));
        }
        return targets;
    }

    private Path resolve(Path file) {
        return outputDir == null ? file : outputDir.resolve(file);
    }

    private Path remoteFile(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw usage("-O: " + uri + " has no file name at the end of its path; use -o");
        }
        return Path.of(name);
    }

    private List<String[]> headerFields() {
        List<String[]> fields = new ArrayList<>();
        for (String header : headers) {
            int colon = header.indexOf(':', 1);
            String name = colon < 0 ? "" : header.substring(0, colon).strip();
            if (name.isEmpty() || name.startsWith(":")) {
                throw usage("-H takes 'name: value' with a regular field name, not '" + header + "'");
            }
            fields.add(new String[] {name.toLowerCase(Locale.ROOT), header.substring(colon + 1).strip()});
        }
        try {
            // Refuse what no request could carry now, as a usage error, before anything connects.
            Request.Builder check = Request.newBuilder(URI.create("http://check/"));
            fields.forEach(field -> check.header(field[0], field[1]));
        } catch (IllegalArgumentException e) {
            throw usage("-H: " + e.getMessage());
        }
        return fields;
    }

    /** The body's octets; null for {@code @FILE}, which is streamed from the file. */
    private byte[] body() throws IOException {
        if (data == null) {
            return null;
        }
        if (data.equals("@-")) {
            return stdin.readAllBytes();
        }
        if (data.startsWith("@")) {
            Path file = Path.of(data.substring(1));
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                throw usage("-d " + data + ": cannot read " + file);
            }
            return null;
        }
        return data.getBytes(StandardCharsets.UTF_8);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void appendFields(StringBuilder text, List<HeaderField> fields) {
        for (HeaderField field : fields) {
            if (!field.name().startsWith(":")) {
                text.append(field.name()).append(": ").append(field.value()).append('\n');
            }
        }
    }

    private static Long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    /** Standard output, which one response must not close for the next; its failures are {@link StdoutFailed}. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new StdoutFailed(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new StdoutFailed(e);
            }
        }
    }

    /** Standard output failed, usually a pipe whose reader went away: no later body could be printed either. */
    private static final class StdoutFailed extends IOException {
        private static final long serialVersionUID = 1L;

        StdoutFailed(IOException cause) {
            super("cannot write to standard output: " + cause.getMessage(), cause);
        }
    }
}
