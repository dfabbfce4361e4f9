package dev.h2j.interop;

/**
 * What one cell of the interop matrix checks. The first nine are asked of every peer (a peer that cannot
 * do one says why in {@link Peer}); the last two are checks only some peers make.
 */
public enum Scenario {
    /** GET of a small file, byte-exact. */
    SMALL_GET("small GET", true),
    /** GET of a 16 MiB file, its SHA-256 checked. */
    LARGE_GET("16 MiB GET", true),
    /** POST of 1 MiB, echoed back equal. */
    POST_ECHO("1 MiB POST echo", true),
    /** A response with trailer fields (RFC 9113 §8.1). */
    TRAILERS("trailers", true),
    /** 100 streams in flight on one connection. */
    CONCURRENT_STREAMS("100 streams", true),
    /** One stream reset mid-body (RST_STREAM, RFC 9113 §6.4); the others on the connection finish. */
    RESET_MID_BODY("reset mid-body", true),
    /** The server's GOAWAY while requests are in flight (RFC 9113 §6.8): none lost, none run twice. */
    GOAWAY_UNDER_LOAD("GOAWAY under load", true),
    /** An 8 KiB cookie. */
    LARGE_HEADER("8 KiB cookie", true),
    /** 100 extra header fields. */
    MANY_HEADERS("100 fields", true),
    /** A page and its 20 assets, all over HTTP/2. */
    PAGE_ASSETS("page with 20 assets", false),
    /** A load run: h2load -n 20000 -c 10 -m 10 without a failed or errored request. */
    LOAD("h2load -n 20000 -c 10 -m 10", false);

    private final String title;
    private final boolean core;

    Scenario(String title, boolean core) {
        this.title = title;
        this.core = core;
    }

    /** The column heading in docs/INTEROP.md. */
    public String title() {
        return title;
    }

    /** Whether every peer is asked for it (false: only peers that list it as an extra). */
    public boolean core() {
        return core;
    }
}
