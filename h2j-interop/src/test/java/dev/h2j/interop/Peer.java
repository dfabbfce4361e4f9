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
    CURL_H2C("curl (h2c, prior knowledge)", Role.CLIENT),
    /** curl over TLS, h2 by ALPN. */
    CURL_TLS("curl (TLS, ALPN)", Role.CLIENT),
    /** nghttp, nghttp2's client. */
    NGHTTP("nghttp", Role.CLIENT, extra(Scenario.PAGE_ASSETS)),
    /** h2load, nghttp2's load generator. */
    H2LOAD("h2load", Role.CLIENT, extra(Scenario.LOAD)),
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
    /** Node's built-in http2 client. */
    NODE_CLIENT("Node http2 client", Role.CLIENT),
    /** A client script on python3-h2, the seed's implementation. */
    PYTHON_H2_CLIENT("python3-h2 client", Role.CLIENT),
    /** Debian's Chromium, headless. */
    CHROMIUM("headless Chromium", Role.CLIENT, extra(Scenario.PAGE_ASSETS)),

    /** nghttpd over cleartext. */
    NGHTTPD_H2C("nghttpd (--no-tls)", Role.SERVER),
    /** nghttpd over TLS. */
    NGHTTPD_TLS("nghttpd (TLS)", Role.SERVER),
    /** h2o. */
    H2O("h2o", Role.SERVER),
    /** nginx with http2 on. */
    NGINX("nginx (http2)", Role.SERVER),
    /** Node's built-in http2 server. */
    NODE_SERVER("Node http2 server", Role.SERVER),
    /** Jetty 12's HTTP/2 server. */
    JETTY_SERVER("Jetty 12 server", Role.SERVER),
    /** Netty's HTTP/2 server. */
    NETTY_SERVER("Netty 4.2 server", Role.SERVER),
    /** A server script on python3-h2. */
    PYTHON_H2_SERVER("python3-h2 server", Role.SERVER);

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
}
