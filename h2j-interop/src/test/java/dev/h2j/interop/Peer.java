package dev.h2j.interop;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of the interop matrix: one per peer and way of connecting, with the scenarios the peer
 * cannot do and why, and the peer-specific checks it makes.
 */
public enum Peer {
    /** h2j's own client against h2j's own server: the reference row, and the framework's own check. */
    H2J("h2j-io client (reference)", Role.CLIENT),
    /** curl with prior knowledge over cleartext. */
    CURL_H2C("curl (h2c, prior knowledge)", Role.CLIENT,
            unsupported(Scenario.CONCURRENT_STREAMS, NativeReasons.CURL_H2C_REUSE),
            unsupported(Scenario.RESET_MID_BODY, NativeReasons.CURL_H2C_REUSE),
            unsupported(Scenario.GOAWAY_UNDER_LOAD, NativeReasons.CURL_H2C_REUSE)),
    /** curl over TLS, h2 by ALPN. */
    CURL_TLS("curl (TLS, ALPN)", Role.CLIENT),
    /** nghttp, nghttp2's client. */
    NGHTTP("nghttp (h2c, prior knowledge)", Role.CLIENT, extra(Scenario.PAGE_ASSETS),
            unsupported(Scenario.RESET_MID_BODY, "nghttp has no way to cancel one stream (RST_STREAM, RFC 9113"
                    + " §6.4): its only limit, --timeout, closes the whole connection")),
    /** h2load, nghttp2's load generator. */
    H2LOAD("h2load (h2c)", Role.CLIENT, extra(Scenario.LOAD),
            unsupported(Scenario.SMALL_GET, NativeReasons.H2LOAD_BODIES),
            unsupported(Scenario.LARGE_GET, NativeReasons.H2LOAD_BODIES),
            unsupported(Scenario.POST_ECHO, "h2load does not check bodies: it can send one (-d) but never compares"
                    + " the answer"),
            unsupported(Scenario.TRAILERS, "h2load does not check bodies, nor show trailer fields"),
            unsupported(Scenario.RESET_MID_BODY, "h2load never cancels a stream (RST_STREAM, RFC 9113 §6.4)"),
            unsupported(Scenario.GOAWAY_UNDER_LOAD, "h2load does not check bodies, and sends the same request on"
                    + " every stream, so it cannot tell which request the server's GOAWAY (RFC 9113 §6.8) let"
                    + " finish")),
    /** The JDK's java.net.http.HttpClient over TLS. */
    JDK_TLS("JDK HttpClient (TLS, ALPN)", Role.CLIENT, unsupported(Scenario.TRAILERS, Peer.JDK_DROPS_TRAILERS)),
    /** The JDK's java.net.http.HttpClient over cleartext, by the h2c upgrade. */
    JDK_H2C("JDK HttpClient (h2c upgrade)", Role.CLIENT, unsupported(Scenario.TRAILERS, Peer.JDK_DROPS_TRAILERS)),
    /** OkHttp 5. */
    OKHTTP("OkHttp 5 (TLS, ALPN)", Role.CLIENT),
    /** Netty's HTTP/2 client. */
    NETTY_CLIENT("Netty 4.2 client (TLS, ALPN)", Role.CLIENT),
    /** Jetty 12's low-level HTTP2Client. */
    JETTY_CLIENT("Jetty 12 HTTP2Client (TLS, ALPN)", Role.CLIENT, unsupported(Scenario.GOAWAY_UNDER_LOAD,
            "Jetty 12.0.16 loses complete responses when the server closes after its final GOAWAY (RFC 9113 §6.8):"
            + " a stream counts as ended only once the application has read its last DATA frame, and the end of"
            + " the connection fails every stream not yet read that far with input_shutdown, though its frames"
            + " had all arrived")),
    /** Node's built-in http2 client, over TLS with ALPN h2. */
    NODE_CLIENT("Node http2 client (TLS, ALPN)", Role.CLIENT),
    /** A client script on python3-h2, the seed's implementation, over cleartext with prior knowledge. */
    PYTHON_H2_CLIENT("python3-h2 client (h2c, prior knowledge)", Role.CLIENT,
            unsupported(Scenario.GOAWAY_UNDER_LOAD, "python-h2 4.1 moves its connection to CLOSED on receiving any "
                    + "GOAWAY and raises ProtocolError on the HEADERS and DATA still due on streams at or below the "
                    + "last stream id, which RFC 9113 §6.8 lets complete (python-hyper/h2#1181)")),
    /** Debian's Chromium, headless. */
    CHROMIUM("headless Chromium", Role.CLIENT, extra(Scenario.PAGE_ASSETS),
            unsupported(Scenario.TRAILERS, "browsers do not expose trailers to pages: the Fetch API has no way to"
                    + " read response trailer fields")),

    /** nghttpd over cleartext. */
    NGHTTPD_H2C("nghttpd (--no-tls)", Role.SERVER,
            unsupported(Scenario.GOAWAY_UNDER_LOAD, NativeReasons.NGHTTPD_NO_SHUTDOWN)),
    /** nghttpd over TLS. */
    NGHTTPD_TLS("nghttpd (TLS)", Role.SERVER,
            unsupported(Scenario.GOAWAY_UNDER_LOAD, NativeReasons.NGHTTPD_NO_SHUTDOWN)),
    /** h2o over TLS, with mruby handlers for the contract. */
    H2O("h2o (TLS)", Role.SERVER,
            unsupported(Scenario.TRAILERS, "h2o 2.2.5 cannot send trailer fields (RFC 9113 §8.1): its file handler"
                    + " sends none, and its mruby (Rack) handlers answer with a status, header fields and a body"
                    + " only")),
    /** nginx with http2 on a TLS listener, njs for the contract's dynamic endpoints. */
    NGINX("nginx (TLS, http2)", Role.SERVER),
    /** Node's built-in http2 server, over TLS with ALPN h2. */
    NODE_SERVER("Node http2 server (TLS, ALPN)", Role.SERVER),
    /** Jetty 12's HTTP/2 server (core Handler API), over TLS with ALPN h2. */
    JETTY_SERVER("Jetty 12 server (TLS, ALPN)", Role.SERVER),
    /** Netty's HTTP/2 server (Http2FrameCodec, Http2MultiplexHandler), over cleartext with prior knowledge. */
    NETTY_SERVER("Netty 4.2 server (h2c, prior knowledge)", Role.SERVER),
    /** A server script on python3-h2, over cleartext with prior knowledge. */
    PYTHON_H2_SERVER("python3-h2 server (h2c, prior knowledge)", Role.SERVER,
            unsupported(Scenario.GOAWAY_UNDER_LOAD, "python-h2 4.1 moves its connection to CLOSED on sending "
                    + "GOAWAY and then raises ProtocolError on the HEADERS and DATA of streams at or below the last "
                    + "stream id, which RFC 9113 §6.8 lets a server finish: no graceful shutdown with requests in "
                    + "flight (python-hyper/h2#1181)"));

    /** Why the JDK's client rows cannot check trailers (a constant, so the rows above may name it). */
    private static final String JDK_DROPS_TRAILERS = "java.net.http has no API for trailer fields (RFC 9113 §8.1):"
            + " the client decodes the trailing HEADERS frame and drops it";

    private final String title;
    private final Role role;
    private final Set<Scenario> extras = EnumSet.noneOf(Scenario.class);
    private final Map<Scenario, String> unsupported = new EnumMap<>(Scenario.class);

    Peer(String title, Role role, Note... notes) {
        this.title = title;
        this.role = role;
        for (Note note : notes) {
            if (note.reason == null) {
                extras.add(note.scenario);
            } else {
                unsupported.put(note.scenario, note.reason);
            }
        }
    }

    /** The row heading in docs/INTEROP.md. */
    public String title() {
        return title;
    }

    /** Which side the peer plays. */
    public Role role() {
        return role;
    }

    /** Whether the matrix asks this peer for the scenario (a core one, or one of its extras). */
    public boolean asked(Scenario scenario) {
        return scenario.core() || extras.contains(scenario);
    }

    /** Why the peer cannot do an asked scenario, or empty if it can. */
    public Optional<String> unsupported(Scenario scenario) {
        return Optional.ofNullable(unsupported.get(scenario));
    }

    /** The peer-specific checks it makes. */
    public Set<Scenario> extras() {
        return Collections.unmodifiableSet(extras);
    }

    /** A peer-specific check the peer makes. */
    private static Note extra(Scenario scenario) {
        return new Note(scenario, null);
    }

    /** A scenario the peer cannot do, and why: the peer's behaviour and, where it applies, the RFC section. */
    private static Note unsupported(Scenario scenario, String reason) {
        return new Note(scenario, reason);
    }

    /** One entry of a row's declaration. */
    private record Note(Scenario scenario, String reason) {}

    /** Reasons several cells of the native tools' rows (curl, nghttp2's tools, h2o, nginx) share. */
    private static final class NativeReasons {
        static final String CURL_H2C_REUSE = "curl 7.88.1 fails every transfer after the first on a prior-knowledge"
                + " connection with error 16, \"Error in the HTTP2 framing layer\" (curl issue 10634, fixed in"
                + " 7.89.0), so it cannot run several streams on one h2c connection";
        static final String NGHTTPD_NO_SHUTDOWN = "nghttpd has no graceful shutdown: it handles no signal (it only"
                + " ignores SIGPIPE), so SIGTERM or SIGINT end it without a GOAWAY (RFC 9113 §6.8) and the streams in"
                + " flight are cut";
        static final String H2LOAD_BODIES = "h2load does not check bodies: it counts statuses and octets only";
    }
}
