package dev.h2j;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The limits an {@link H2Connection} advertises to its peer and enforces on it, with safe, finite
 * defaults. Immutable: each {@code with...} method returns a copy with one limit changed.
 *
 * <pre>{@code
 * Limits limits = Limits.defaults().withMaxConcurrentStreams(50).withMaxHeaderListSize(16_384);
 * }</pre>
 *
 * <p>Three kinds: the settings advertised to the peer (concurrent streams, header list size, frame size,
 * HPACK table, initial window); caps on what one frame, field block or queue may hold; and
 * {@link RateLimit}s on frames that cost the connection work without moving anything forward, measured
 * on the connection's clock ({@link H2Configuration#clock()}). A peer past a cap or a rate gets a
 * connection error ENHANCE_YOUR_CALM (RFC 9113 §10.5), unless the method says otherwise (a refused or reset
 * stream); the events parsed before it stay in {@link H2Exception#events()}. {@code docs/LIMITS.md} lists
 * every limit beside the defaults other HTTP/2 implementations ship.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-6.5.2">RFC 9113 §6.5.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-10.5">RFC 9113 §10.5</a>
 */
public final class Limits {
    private static final Limits DEFAULTS = new Limits(new Values());

    private final int maxConcurrentStreams;
    private final int maxHeaderListSize;
    private final int maxFrameSize;
    private final int headerTableSize;
    private final int initialWindowSize;
    private final int recentlyResetStreams;
    private final int outboundBufferSize;
    private final int maxQueuedControlFrames;
    private final int maxHeaderBlockSize;
    private final int maxContinuationFrames;
    private final int maxSettingsEntries;
    private final RateLimit maxPingRate;
    private final RateLimit maxSettingsRate;
    private final RateLimit maxPriorityRate;
    private final RateLimit maxEmptyFrameRate;
    private final RateLimit maxReceivedResetRate;
    private final RateLimit maxProvokedResetRate;
    private final RateLimit maxWindowUpdateRate;
    private final int maxHeaderFields;
    private final int maxReservedStreams;
    private final RateLimit maxUnknownFrameRate;

    private Limits(Values v) {
        this.maxConcurrentStreams = v.maxConcurrentStreams;
        this.maxHeaderListSize = v.maxHeaderListSize;
        this.maxFrameSize = v.maxFrameSize;
        this.headerTableSize = v.headerTableSize;
        this.initialWindowSize = v.initialWindowSize;
        this.recentlyResetStreams = v.recentlyResetStreams;
        this.outboundBufferSize = v.outboundBufferSize;
        this.maxQueuedControlFrames = v.maxQueuedControlFrames;
        this.maxHeaderBlockSize = v.maxHeaderBlockSize;
        this.maxContinuationFrames = v.maxContinuationFrames;
        this.maxSettingsEntries = v.maxSettingsEntries;
        this.maxPingRate = v.maxPingRate;
        this.maxSettingsRate = v.maxSettingsRate;
        this.maxPriorityRate = v.maxPriorityRate;
        this.maxEmptyFrameRate = v.maxEmptyFrameRate;
        this.maxReceivedResetRate = v.maxReceivedResetRate;
        this.maxProvokedResetRate = v.maxProvokedResetRate;
        this.maxWindowUpdateRate = v.maxWindowUpdateRate;
        this.maxHeaderFields = v.maxHeaderFields;
        this.maxReservedStreams = v.maxReservedStreams;
        this.maxUnknownFrameRate = v.maxUnknownFrameRate;
    }

    /** Every limit as a mutable field, initialised to its default: a wither copies, changes one, freezes. */
    private static final class Values {
        int maxConcurrentStreams = 100;
        int maxHeaderListSize = 65_536;
        int maxFrameSize = 16_384;
        int headerTableSize = 4_096;
        int initialWindowSize = 65_535;
        int recentlyResetStreams = 64;
        int outboundBufferSize = 1_048_576;
        int maxQueuedControlFrames = 1_000;
        int maxHeaderBlockSize = 131_072;
        int maxContinuationFrames = 8;
        int maxSettingsEntries = 32;
        RateLimit maxPingRate = new RateLimit(1_000, Duration.ofSeconds(30));
        RateLimit maxSettingsRate = new RateLimit(100, Duration.ofSeconds(30));
        RateLimit maxPriorityRate = new RateLimit(1_000, Duration.ofSeconds(30));
        RateLimit maxEmptyFrameRate = new RateLimit(100, Duration.ofSeconds(30));
        RateLimit maxReceivedResetRate = new RateLimit(1_000, Duration.ofSeconds(30));
        RateLimit maxProvokedResetRate = new RateLimit(200, Duration.ofSeconds(30));
        RateLimit maxWindowUpdateRate = new RateLimit(1_000, Duration.ofSeconds(30));
        int maxHeaderFields = 200;
        int maxReservedStreams = 100;
        RateLimit maxUnknownFrameRate = new RateLimit(1_000, Duration.ofSeconds(30));

        Values() {
            // The defaults are the field initialisers.
        }

        Values(Limits l) {
            maxConcurrentStreams = l.maxConcurrentStreams;
            maxHeaderListSize = l.maxHeaderListSize;
            maxFrameSize = l.maxFrameSize;
            headerTableSize = l.headerTableSize;
            initialWindowSize = l.initialWindowSize;
            recentlyResetStreams = l.recentlyResetStreams;
            outboundBufferSize = l.outboundBufferSize;
            maxQueuedControlFrames = l.maxQueuedControlFrames;
            maxHeaderBlockSize = l.maxHeaderBlockSize;
            maxContinuationFrames = l.maxContinuationFrames;
            maxSettingsEntries = l.maxSettingsEntries;
            maxPingRate = l.maxPingRate;
            maxSettingsRate = l.maxSettingsRate;
            maxPriorityRate = l.maxPriorityRate;
            maxEmptyFrameRate = l.maxEmptyFrameRate;
            maxReceivedResetRate = l.maxReceivedResetRate;
            maxProvokedResetRate = l.maxProvokedResetRate;
            maxWindowUpdateRate = l.maxWindowUpdateRate;
            maxHeaderFields = l.maxHeaderFields;
            maxReservedStreams = l.maxReservedStreams;
            maxUnknownFrameRate = l.maxUnknownFrameRate;
        }
    }

    /** A copy of these limits with {@code change} applied. */
    private Limits with(Consumer<Values> change) {
        Values v = new Values(this);
        change.accept(v);
        return new Limits(v);
    }

    /**
     * Returns the default limits: 100 concurrent streams, a 64 KiB header list of at most 200 fields in a
     * field block of at most 128 KiB and 8 CONTINUATION frames, 16 KiB frames, a 4096-octet HPACK table, a
     * 65,535-octet initial stream window, 100 reserved streams, 64 recently reset streams remembered, a
     * 1 MiB outbound buffer, 1000 self-queued control frames, 32 settings per SETTINGS frame, and per 30
     * seconds at most 1000 PING, 100 SETTINGS, 1000 PRIORITY or PRIORITY_UPDATE, 100 empty, 1000 unknown
     * and 1000 unearned WINDOW_UPDATE frames, 1000 RST_STREAM frames received and 200 provoked.
     *
     * @return the defaults
     */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /**
     * Returns SETTINGS_MAX_CONCURRENT_STREAMS: how many streams the peer may have open at once. It is
     * enforced from the first frame, before the peer acknowledges it; a stream over the limit is refused
     * with RST_STREAM REFUSED_STREAM (RFC 9113 §5.1.2). Default 100.
     *
     * @return the limit
     */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /**
     * Returns SETTINGS_MAX_HEADER_LIST_SIZE: the largest decoded field block accepted, counted as RFC
     * 9113 §6.5.2 does (name + value + 32 per field). It is enforced from the first frame; a larger block
     * is still decoded (so the HPACK state stays in sync) and its stream is refused. Default 65,536.
     *
     * @return the limit, in octets
     */
    public int maxHeaderListSize() {
        return maxHeaderListSize;
    }

    /**
     * Returns SETTINGS_MAX_FRAME_SIZE: the largest frame payload accepted once the peer acknowledged it
     * (RFC 9113 §4.2). Default 16,384.
     *
     * @return the limit, 16,384 to 16,777,215
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Returns SETTINGS_HEADER_TABLE_SIZE: the largest HPACK dynamic table the peer's encoder may use
     * (RFC 7541 §4.2). Default 4096.
     *
     * @return the limit, in octets
     */
    public int headerTableSize() {
        return headerTableSize;
    }

    /**
     * Returns SETTINGS_INITIAL_WINDOW_SIZE: how many DATA octets the peer may send on a new stream before
     * a WINDOW_UPDATE (RFC 9113 §6.9.2). Default 65,535.
     *
     * @return the window, 0 to 2^31-1
     */
    public int initialWindowSize() {
        return initialWindowSize;
    }

    /**
     * Returns how many streams this endpoint reset are remembered, so that frames the peer sent before
     * it saw the RST_STREAM are discarded quietly rather than answered with STREAM_CLOSED (RFC 9113
     * §5.1). Memory for closed streams is this bound, however long the connection lives. Default 64.
     *
     * @return the number of streams
     */
    public int recentlyResetStreams() {
        return recentlyResetStreams;
    }

    /**
     * Returns the soft limit of the outbound buffer: while at least this many octets wait to be sent,
     * {@link H2Connection#sendHeaders(int, java.util.List, boolean)}, {@link H2Connection#sendData(int,
     * java.nio.ByteBuffer, boolean)} and {@link H2Connection#pushStream(int, int, java.util.List)} refuse
     * with {@link OutboundBufferFullException} instead of letting the buffer grow without bound (python
     * h2's buffer is unbounded; h2o stops at 512 KiB). Default 1 MiB.
     *
     * @return the limit, in octets
     */
    public int outboundBufferSize() {
        return outboundBufferSize;
    }

    /**
     * Returns how many control frames the connection may queue by itself (PING and SETTINGS ACKs,
     * RST_STREAM and WINDOW_UPDATE answering the peer) while the caller has not drained the outbound
     * buffer; one more is a connection error ENHANCE_YOUR_CALM, since a peer that sends them faster
     * than it reads the answers is attacking memory (CVE-2019-9512, CVE-2019-9514; nghttp2 uses 1000).
     * Default 1000.
     *
     * @return the number of frames
     */
    public int maxQueuedControlFrames() {
        return maxQueuedControlFrames;
    }

    /**
     * Returns a copy with another soft limit for the outbound buffer.
     *
     * @param value the limit in octets, 1 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is less than 1
     */
    public Limits withOutboundBufferSize(int value) {
        return with(v -> v.outboundBufferSize = atLeast(1, value, "outboundBufferSize"));
    }

    /**
     * Returns a copy with another cap on control frames queued by the connection itself.
     *
     * @param value the number of frames, 1 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is less than 1
     */
    public Limits withMaxQueuedControlFrames(int value) {
        return with(v -> v.maxQueuedControlFrames = atLeast(1, value, "maxQueuedControlFrames"));
    }

    /**
     * Returns a copy with another SETTINGS_MAX_CONCURRENT_STREAMS.
     *
     * @param value the limit, 0 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Limits withMaxConcurrentStreams(int value) {
        return with(v -> v.maxConcurrentStreams = atLeast(0, value, "maxConcurrentStreams"));
    }

    /**
     * Returns a copy with another SETTINGS_MAX_HEADER_LIST_SIZE.
     *
     * @param value the limit in octets, 0 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Limits withMaxHeaderListSize(int value) {
        return with(v -> v.maxHeaderListSize = atLeast(0, value, "maxHeaderListSize"));
    }

    /**
     * Returns a copy with another SETTINGS_MAX_FRAME_SIZE.
     *
     * @param value the limit, 16,384 to 16,777,215 (RFC 9113 §6.5.2)
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is outside that range
     */
    public Limits withMaxFrameSize(int value) {
        if (value < 16_384 || value > 16_777_215) {
            throw new IllegalArgumentException("RFC 9113 §6.5.2: maxFrameSize " + value + " is outside 16384..16777215");
        }
        return with(v -> v.maxFrameSize = value);
    }

    /**
     * Returns a copy with another SETTINGS_HEADER_TABLE_SIZE.
     *
     * @param value the limit in octets, 0 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Limits withHeaderTableSize(int value) {
        return with(v -> v.headerTableSize = atLeast(0, value, "headerTableSize"));
    }

    /**
     * Returns a copy with another SETTINGS_INITIAL_WINDOW_SIZE.
     *
     * @param value the window, 0 to 2^31-1
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Limits withInitialWindowSize(int value) {
        return with(v -> v.initialWindowSize = atLeast(0, value, "initialWindowSize"));
    }

    /**
     * Returns a copy that remembers another number of recently reset streams.
     *
     * @param value the number of streams, 1 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is less than 1
     */
    public Limits withRecentlyResetStreams(int value) {
        return with(v -> v.recentlyResetStreams = atLeast(1, value, "recentlyResetStreams"));
    }

    /**
     * Returns the largest encoded field block accepted: the octets of a HEADERS or PUSH_PROMISE frame's
     * fragment plus those of its CONTINUATION frames (RFC 9113 §4.3). A larger block is a connection error
     * ENHANCE_YOUR_CALM as soon as it passes the limit, before it is decoded: it guards the memory a block
     * collects while its CONTINUATION frames arrive (SECURITY.md #12). HPACK encodes a field in fewer octets
     * than the 32 per field that {@link #maxHeaderListSize()} counts, so an honest block is smaller than the
     * list it carries; raise this limit with that one. Default 131,072, twice the default header list size
     * (Go refuses a fragment over twice what is left of its header budget).
     *
     * @return the limit, in octets
     */
    public int maxHeaderBlockSize() {
        return maxHeaderBlockSize;
    }

    /**
     * Returns a copy with another cap on the encoded size of one field block.
     *
     * @param value the limit in octets, 0 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Limits withMaxHeaderBlockSize(int value) {
        return with(v -> v.maxHeaderBlockSize = atLeast(0, value, "maxHeaderBlockSize"));
    }

    /**
     * Returns how many CONTINUATION frames may follow one HEADERS or PUSH_PROMISE frame (RFC 9113 §6.10).
     * One more is a connection error ENHANCE_YOUR_CALM. Empty frames count: a block bounded only by its
     * octets never ends when its CONTINUATION frames carry none (CVE-2024-28182, CVE-2026-33871). Only
     * complete frames are counted, so where the input is split does not matter. Default 8, as nghttp2: a
     * block of {@link #maxHeaderBlockSize()} octets in frames of the default 16 KiB needs 8.
     *
     * @return the number of frames
     */
    public int maxContinuationFrames() {
        return maxContinuationFrames;
    }

    /**
     * Returns a copy with another cap on CONTINUATION frames per field block.
     *
     * @param value the number of frames, 0 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Limits withMaxContinuationFrames(int value) {
        return with(v -> v.maxContinuationFrames = atLeast(0, value, "maxContinuationFrames"));
    }

    /**
     * Returns how many settings one SETTINGS frame may carry. One more is a connection error
     * ENHANCE_YOUR_CALM before any of them is applied: RFC 9113 defines few settings, and a frame of
     * thousands of entries, each to be applied and acknowledged, is a flood (CVE-2019-9515). Default 32,
     * as nghttp2 and Node.js (Jetty allows 64, Go 100).
     *
     * @return the number of settings
     */
    public int maxSettingsEntries() {
        return maxSettingsEntries;
    }

    /**
     * Returns a copy with another cap on the settings in one SETTINGS frame.
     *
     * @param value the number of settings, 1 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is less than 1
     */
    public Limits withMaxSettingsEntries(int value) {
        return with(v -> v.maxSettingsEntries = atLeast(1, value, "maxSettingsEntries"));
    }

    /**
     * Returns the rate of PING frames (without ACK) the peer may send. Each needs an answer; a peer that
     * sends them faster is flooding (CVE-2019-9512) and gets a connection error ENHANCE_YOUR_CALM.
     * {@link #maxQueuedControlFrames()} separately bounds the answers waiting to be sent. Default 1000 per
     * 30 seconds (nghttp2's reset bucket has the same shape; Jetty allows 128 suspicious frames a second of
     * all kinds together).
     *
     * @return the rate
     */
    public RateLimit maxPingRate() {
        return maxPingRate;
    }

    /**
     * Returns a copy with another rate limit on received PING frames.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxPingRate(RateLimit value) {
        return with(v -> v.maxPingRate = Objects.requireNonNull(value, "maxPingRate"));
    }

    /**
     * Returns the rate of SETTINGS frames (without ACK) the peer may send. Each is applied, some to every
     * stream, and acknowledged; a peer that sends them faster is flooding (CVE-2019-9515) and gets a
     * connection error ENHANCE_YOUR_CALM. Default 100 per 30 seconds: peers send a handful per connection.
     *
     * @return the rate
     */
    public RateLimit maxSettingsRate() {
        return maxSettingsRate;
    }

    /**
     * Returns a copy with another rate limit on received SETTINGS frames.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxSettingsRate(RateLimit value) {
        return with(v -> v.maxSettingsRate = Objects.requireNonNull(value, "maxSettingsRate"));
    }

    /**
     * Returns the rate of PRIORITY (RFC 9113 §6.3) and PRIORITY_UPDATE (RFC 9218 §7) frames the peer may
     * send, counted together. They change no stream state and cost nothing to send, so a flood of them is all
     * cost (CVE-2019-9513); past the rate, a connection error ENHANCE_YOUR_CALM. Priority fields inside
     * HEADERS frames are not counted. Default 1000 per 30 seconds.
     *
     * @return the rate
     */
    public RateLimit maxPriorityRate() {
        return maxPriorityRate;
    }

    /**
     * Returns a copy with another rate limit on received PRIORITY and PRIORITY_UPDATE frames.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxPriorityRate(RateLimit value) {
        return with(v -> v.maxPriorityRate = Objects.requireNonNull(value, "maxPriorityRate"));
    }

    /**
     * Returns the rate of empty frames the peer may send: DATA without END_STREAM that carries no data
     * (padding alone is no data), and HEADERS, PUSH_PROMISE or CONTINUATION without END_HEADERS whose field
     * block fragment is empty. They make the connection work and move nothing forward (CVE-2019-9518); past
     * the rate, a connection error ENHANCE_YOUR_CALM. Default 100 per 30 seconds (hyperium h2 allows 100
     * empty DATA frames, Netty 2 in a row).
     *
     * @return the rate
     */
    public RateLimit maxEmptyFrameRate() {
        return maxEmptyFrameRate;
    }

    /**
     * Returns a copy with another rate limit on received empty frames.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxEmptyFrameRate(RateLimit value) {
        return with(v -> v.maxEmptyFrameRate = Objects.requireNonNull(value, "maxEmptyFrameRate"));
    }

    /**
     * Returns the rate of RST_STREAM frames the peer may send. Rapid Reset (CVE-2023-44487) opens streams
     * and cancels them at once: the concurrency limit never trips, while every request may start work in the
     * application. Past the rate, a connection error ENHANCE_YOUR_CALM. Default 1000 per 30 seconds, as
     * nghttp2's bucket (1000, refilled at 33 a second); Netty allows 200 per 30 seconds.
     *
     * @return the rate
     */
    public RateLimit maxReceivedResetRate() {
        return maxReceivedResetRate;
    }

    /**
     * Returns a copy with another rate limit on received RST_STREAM frames.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxReceivedResetRate(RateLimit value) {
        return with(v -> v.maxReceivedResetRate = Objects.requireNonNull(value, "maxReceivedResetRate"));
    }

    /**
     * Returns the rate of RST_STREAM frames the peer may provoke: those the connection sends by itself
     * because the peer broke a stream-level rule or exceeded a limit (a stream error, a refused stream, a
     * frame on a closed stream). MadeYouReset (CVE-2025-8671) provokes resets with frames that are only
     * stream errors, so the server closes streams the application may still be working on; past the rate, a
     * connection error ENHANCE_YOUR_CALM. Resets the application asks for ({@link
     * H2Connection#resetStream(int, dev.h2j.frame.ErrorCode)}) are not counted. Default 200 per 30 seconds,
     * as Netty.
     *
     * @return the rate
     */
    public RateLimit maxProvokedResetRate() {
        return maxProvokedResetRate;
    }

    /**
     * Returns a copy with another rate limit on RST_STREAM frames the peer provokes.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxProvokedResetRate(RateLimit value) {
        return with(v -> v.maxProvokedResetRate = Objects.requireNonNull(value, "maxProvokedResetRate"));
    }

    /**
     * Returns the rate of unearned WINDOW_UPDATE frames the peer may send. Each DATA frame sent earns the
     * peer one WINDOW_UPDATE for its stream and one for the connection, and every window may get one more,
     * usually the first that enlarges it; the others open windows nothing used, make the connection work for
     * nothing, and past the rate are a connection error ENHANCE_YOUR_CALM. WINDOW_UPDATE frames for closed
     * streams are discarded and not counted. Default 1000 per 30 seconds. (Jetty counts only increments of 0,
     * which h2j answers as stream errors, counted by {@link #maxProvokedResetRate()}.)
     *
     * @return the rate
     */
    public RateLimit maxWindowUpdateRate() {
        return maxWindowUpdateRate;
    }

    /**
     * Returns a copy with another rate limit on unearned WINDOW_UPDATE frames.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxWindowUpdateRate(RateLimit value) {
        return with(v -> v.maxWindowUpdateRate = Objects.requireNonNull(value, "maxWindowUpdateRate"));
    }

    /**
     * Returns how many fields one field block may carry, cookie crumbs counted one by one (RFC 9113
     * §8.2.3). Like a list over {@link #maxHeaderListSize()}, a block with more is still decoded to its end,
     * so HPACK stays in sync, keeps no field past the limit, and its stream is refused (REFUSED_STREAM) or
     * reset (PROTOCOL_ERROR). Tiny fields cost the application more than the 32 octets each that the list
     * size counts (the "HTTP/2 Bomb", SECURITY.md #10). Default 200: browsers keep up to 180 cookies a
     * site, which they may send as crumbs (httpd and nghttpx allow 100 fields, Node.js 128).
     *
     * @return the number of fields
     */
    public int maxHeaderFields() {
        return maxHeaderFields;
    }

    /**
     * Returns a copy with another cap on the fields of one field block.
     *
     * @param value the number of fields, 1 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is less than 1
     */
    public Limits withMaxHeaderFields(int value) {
        return with(v -> v.maxHeaderFields = atLeast(1, value, "maxHeaderFields"));
    }

    /**
     * Returns how many streams the server may have promised us (reserved (remote), RFC 9113 §8.4) and not
     * yet started. Reserved streams do not count toward {@link #maxConcurrentStreams()} (RFC 9113 §5.1.2),
     * so without this cap a server could promise without end; a promise past it is refused with RST_STREAM
     * ENHANCE_YOUR_CALM on the promised stream (SECURITY.md #25). Only matters to a client that enables push.
     * Default 100, as Netty (nghttp2 allows 200).
     *
     * @return the number of streams
     */
    public int maxReservedStreams() {
        return maxReservedStreams;
    }

    /**
     * Returns a copy with another cap on streams promised to us and not yet started.
     *
     * @param value the number of streams, 0 or more
     * @return the copy
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Limits withMaxReservedStreams(int value) {
        return with(v -> v.maxReservedStreams = atLeast(0, value, "maxReservedStreams"));
    }

    /**
     * Returns the rate of frames of unknown types (RFC 9113 §5.5) the peer may send. They are reported and
     * otherwise ignored, so a flood of them is all cost (SECURITY.md #26); past the rate, a connection error
     * ENHANCE_YOUR_CALM. Default 1000 per 30 seconds (Jetty counts them among its suspicious frames).
     *
     * @return the rate
     */
    public RateLimit maxUnknownFrameRate() {
        return maxUnknownFrameRate;
    }

    /**
     * Returns a copy with another rate limit on received frames of unknown types.
     *
     * @param value the rate
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public Limits withMaxUnknownFrameRate(RateLimit value) {
        return with(v -> v.maxUnknownFrameRate = Objects.requireNonNull(value, "maxUnknownFrameRate"));
    }

    private static int atLeast(int min, int value, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " " + value + " is below " + min);
        }
        return value;
    }

    /**
     * Returns the limits as text, for logs.
     *
     * @return a description naming every limit
     */
    @Override
    public String toString() {
        return "Limits[maxConcurrentStreams=" + maxConcurrentStreams + ", maxHeaderListSize=" + maxHeaderListSize
                + ", maxFrameSize=" + maxFrameSize + ", headerTableSize=" + headerTableSize + ", initialWindowSize="
                + initialWindowSize + ", recentlyResetStreams=" + recentlyResetStreams + ", outboundBufferSize="
                + outboundBufferSize + ", maxQueuedControlFrames=" + maxQueuedControlFrames
                + ", maxHeaderBlockSize=" + maxHeaderBlockSize
                + ", maxContinuationFrames=" + maxContinuationFrames
                + ", maxSettingsEntries=" + maxSettingsEntries
                + ", maxPingRate=" + maxPingRate
                + ", maxSettingsRate=" + maxSettingsRate
                + ", maxPriorityRate=" + maxPriorityRate
                + ", maxEmptyFrameRate=" + maxEmptyFrameRate
                + ", maxReceivedResetRate=" + maxReceivedResetRate
                + ", maxProvokedResetRate=" + maxProvokedResetRate
                + ", maxWindowUpdateRate=" + maxWindowUpdateRate
                + ", maxHeaderFields=" + maxHeaderFields
                + ", maxReservedStreams=" + maxReservedStreams
                + ", maxUnknownFrameRate=" + maxUnknownFrameRate + "]";
    }
}
