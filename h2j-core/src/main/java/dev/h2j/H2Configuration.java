package dev.h2j;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How an {@link H2Connection} behaves: its role, header validation and normalisation, the settings it
 * advertises beyond its {@link Limits}, and a logger. Immutable: each {@code with...} method returns a
 * copy with one option changed.
 *
 * <pre>{@code
 * H2Configuration config = H2Configuration.server()
 *         .withLimits(Limits.defaults().withMaxConcurrentStreams(50))
 *         .withSplitOutboundCookies(true);
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9113#section-8.2">RFC 9113 §8.2</a>
 */
public final class H2Configuration {
    private static final System.Logger DEFAULT_LOGGER = System.getLogger("dev.h2j");

    private final boolean clientSide;
    private final boolean validateInboundHeaders;
    private final boolean normalizeInboundHeaders;
    private final boolean validateOutboundHeaders;
    private final boolean normalizeOutboundHeaders;
    private final boolean splitOutboundCookies;
    private final boolean enablePush;
    private final boolean enableConnectProtocol;
    private final boolean noRfc7540Priorities;
    private final boolean copyReceivedData;
    private final Limits limits;
    private final System.Logger logger;
    // Null for frame time: see clock().
    private final LongSupplier clock;

    private H2Configuration(Values v) {
        this.clientSide = v.clientSide;
        this.validateInboundHeaders = v.validateInboundHeaders;
        this.normalizeInboundHeaders = v.normalizeInboundHeaders;
        this.validateOutboundHeaders = v.validateOutboundHeaders;
        this.normalizeOutboundHeaders = v.normalizeOutboundHeaders;
        this.splitOutboundCookies = v.splitOutboundCookies;
        this.enablePush = v.enablePush;
        this.enableConnectProtocol = v.enableConnectProtocol;
        this.noRfc7540Priorities = v.noRfc7540Priorities;
        this.copyReceivedData = v.copyReceivedData;
        this.limits = v.limits;
        this.logger = v.logger;
        this.clock = v.clock;
    }

    /** The options being set, for the one constructor every wither goes through. */
    private static final class Values {
        boolean clientSide;
        boolean validateInboundHeaders = true;
        boolean normalizeInboundHeaders = true;
        boolean validateOutboundHeaders = true;
        boolean normalizeOutboundHeaders = true;
        boolean splitOutboundCookies;
        boolean enablePush;
        boolean enableConnectProtocol;
        boolean noRfc7540Priorities;
        boolean copyReceivedData = true;
        Limits limits = Limits.defaults();
        System.Logger logger = DEFAULT_LOGGER;
        LongSupplier clock;

        Values(boolean clientSide) {
            // The other defaults are the field initialisers.
            this.clientSide = clientSide;
        }

        Values(H2Configuration c) {
            clientSide = c.clientSide;
            validateInboundHeaders = c.validateInboundHeaders;
            normalizeInboundHeaders = c.normalizeInboundHeaders;
            validateOutboundHeaders = c.validateOutboundHeaders;
            normalizeOutboundHeaders = c.normalizeOutboundHeaders;
            splitOutboundCookies = c.splitOutboundCookies;
            enablePush = c.enablePush;
            enableConnectProtocol = c.enableConnectProtocol;
            noRfc7540Priorities = c.noRfc7540Priorities;
            copyReceivedData = c.copyReceivedData;
            limits = c.limits;
            logger = c.logger;
            clock = c.clock;
        }
    }

    private H2Configuration with(Consumer<Values> change) {
        Values v = new Values(this);
        change.accept(v);
        return new H2Configuration(v);
    }

    /**
     * Returns the default client configuration: every validation and normalisation on, cookies not
     * split, server push refused (SETTINGS_ENABLE_PUSH 0), RFC 7540 priorities not disabled (no
     * SETTINGS_NO_RFC7540_PRIORITIES sent), {@link Limits#defaults()}, and the
     * {@code System.Logger} named "dev.h2j".
     *
     * @return the configuration
     */
    public static H2Configuration client() {
        return new H2Configuration(new Values(true));
    }

    /**
     * Returns the default server configuration: as {@link #client()}, for the server role, and without
     * extended CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL not sent).
     *
     * @return the configuration
     */
    public static H2Configuration server() {
        return new H2Configuration(new Values(false));
    }

    /**
     * Returns whether the connection is the client.
     *
     * @return true for a client, false for a server
     */
    public boolean clientSide() {
        return clientSide;
    }

    /**
     * Returns whether received field blocks are checked against RFC 9113 §8.2 and §8.3; a malformed one
     * resets its stream with PROTOCOL_ERROR. Default true.
     *
     * @return the option
     */
    public boolean validateInboundHeaders() {
        return validateInboundHeaders;
    }

    /**
     * Returns whether received cookie crumbs are joined into one field (RFC 9113 §8.2.3). Default true.
     *
     * @return the option
     */
    public boolean normalizeInboundHeaders() {
        return normalizeInboundHeaders;
    }

    /**
     * Returns whether field blocks to send are checked against RFC 9113 §8.2 and §8.3, CR, LF and NUL in
     * names and values included; a bad one is refused before anything is encoded. Default true.
     *
     * @return the option
     */
    public boolean validateOutboundHeaders() {
        return validateOutboundHeaders;
    }

    /**
     * Returns whether field blocks to send are normalised first: names lowercased, connection-specific
     * fields dropped, credentials and short cookies marked never-indexed. Default true.
     *
     * @return the option
     */
    public boolean normalizeOutboundHeaders() {
        return normalizeOutboundHeaders;
    }

    /**
     * Returns whether a cookie field to send is split into one field per crumb, which compresses better
     * (RFC 9113 §8.2.3). Default false.
     *
     * @return the option
     */
    public boolean splitOutboundCookies() {
        return splitOutboundCookies;
    }

    /**
     * Returns whether a client accepts server push: SETTINGS_ENABLE_PUSH 1. Default false: the client
     * advertises 0, and a PUSH_PROMISE is a connection error (RFC 9113 §8.4). Servers ignore it.
     *
     * @return the option
     */
    public boolean enablePush() {
        return enablePush;
    }

    /**
     * Returns whether a server accepts extended CONNECT (RFC 8441): it advertises
     * SETTINGS_ENABLE_CONNECT_PROTOCOL 1, and requests may carry {@code :protocol}. Default false. Clients
     * ignore it.
     *
     * @return the option
     */
    public boolean enableConnectProtocol() {
        return enableConnectProtocol;
    }

    /**
     * Returns whether the connection disables RFC 7540 priorities: it sends SETTINGS_NO_RFC7540_PRIORITIES
     * 1 in its first SETTINGS frame and ignores the peer's RFC 7540 priority signals (PRIORITY frames and
     * the priority fields of HEADERS, which are still checked against their frame rules), leaving
     * RFC 9218's priority header and PRIORITY_UPDATE frames as the signals (RFC 9218 §2.1). The value
     * cannot change once sent. Default false: nothing is sent, and RFC 7540 signals are reported unless
     * the peer disables them.
     *
     * @return the option
     * @see <a href="https://www.rfc-editor.org/rfc/rfc9218#section-2.1">RFC 9218 §2.1</a>
     */
    public boolean noRfc7540Priorities() {
        return noRfc7540Priorities;
    }

    /**
     * Returns whether each {@link dev.h2j.event.DataReceived} holds its own copy of the DATA payload
     * (the default, true), or a read-only view of the buffer given to
     * {@link H2Connection#receiveData(java.nio.ByteBuffer)}. A view costs no copy, the fast path for a
     * caller that consumes the data at once, but it is valid only until the next {@code receiveData} call,
     * and only while the caller leaves that input buffer unchanged (a payload that arrived across two
     * calls is still copied, since the connection's own assembly buffer is reused).
     *
     * @return the option
     */
    public boolean copyReceivedData() {
        return copyReceivedData;
    }

    /**
     * Returns the limits advertised and enforced. Default {@link Limits#defaults()}.
     *
     * @return the limits
     */
    public Limits limits() {
        return limits;
    }

    /**
     * Returns the logger that connection errors and refused streams are reported to, at DEBUG level.
     * Default: {@code System.getLogger("dev.h2j")}.
     *
     * @return the logger
     */
    public System.Logger logger() {
        return logger;
    }

    /**
     * Returns the clock that rate limits ({@link RateLimit}) and stalls
     * ({@link H2Connection#stalledStreams(java.time.Duration)}) are measured with: monotonic nanoseconds
     * from the caller, such as {@code System::nanoTime}. The core reads no clock of its own. Without one
     * (the default) the connection keeps frame time: every frame received advances it by 10 milliseconds,
     * about the pace of a busy browser connection, so a limit of N per 30 seconds allows N per 3,000
     * frames. A flood trips it as surely, but frame time cannot tell a slow trickle from a fast one: a
     * peer that sends nothing but keep-alive PINGs passes {@link Limits#maxPingRate()} after about 1,500
     * of them however far apart, and a silent peer stops the clock. Long-lived connections, and drivers
     * that time out stalled streams, should supply a clock.
     *
     * @return the clock, or empty for frame time
     */
    public Optional<LongSupplier> clock() {
        return Optional.ofNullable(clock);
    }

    /**
     * Returns a copy with inbound validation switched.
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withValidateInboundHeaders(boolean value) {
        return with(v -> v.validateInboundHeaders = value);
    }

    /**
     * Returns a copy with inbound normalisation switched.
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withNormalizeInboundHeaders(boolean value) {
        return with(v -> v.normalizeInboundHeaders = value);
    }

    /**
     * Returns a copy with outbound validation switched.
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withValidateOutboundHeaders(boolean value) {
        return with(v -> v.validateOutboundHeaders = value);
    }

    /**
     * Returns a copy with outbound normalisation switched.
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withNormalizeOutboundHeaders(boolean value) {
        return with(v -> v.normalizeOutboundHeaders = value);
    }

    /**
     * Returns a copy with outbound cookie splitting switched.
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withSplitOutboundCookies(boolean value) {
        return with(v -> v.splitOutboundCookies = value);
    }

    /**
     * Returns a copy with server push accepted or refused (clients only).
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withEnablePush(boolean value) {
        return with(v -> v.enablePush = value);
    }

    /**
     * Returns a copy with extended CONNECT (RFC 8441) accepted or not (servers only).
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withEnableConnectProtocol(boolean value) {
        return with(v -> v.enableConnectProtocol = value);
    }

    /**
     * Returns a copy that disables RFC 7540 priorities, or not (see {@link #noRfc7540Priorities()}).
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withNoRfc7540Priorities(boolean value) {
        return with(v -> v.noRfc7540Priorities = value);
    }

    /**
     * Returns a copy whose DATA events copy their payload, or are views of the input (see
     * {@link #copyReceivedData()}).
     *
     * @param value the option
     * @return the copy
     */
    public H2Configuration withCopyReceivedData(boolean value) {
        return with(v -> v.copyReceivedData = value);
    }

    /**
     * Returns a copy with other limits.
     *
     * @param value the limits
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public H2Configuration withLimits(Limits value) {
        return with(v -> v.limits = Objects.requireNonNull(value, "limits"));
    }

    /**
     * Returns a copy with another logger.
     *
     * @param value the logger
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public H2Configuration withLogger(System.Logger value) {
        return with(v -> v.logger = Objects.requireNonNull(value, "logger"));
    }

    /**
     * Returns a copy that measures time with {@code value}; see {@link #clock()}.
     *
     * @param value monotonic nanoseconds, such as {@code System::nanoTime}; only differences between its
     *     readings matter
     * @return the copy
     * @throws NullPointerException if {@code value} is null
     */
    public H2Configuration withClock(LongSupplier value) {
        return with(v -> v.clock = Objects.requireNonNull(value, "clock"));
    }
}
