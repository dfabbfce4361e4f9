package dev.h2j.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The TLS rules of RFC 9113 §9.2 and ALPN (RFC 7301) for h2, applied to the JDK's {@link SSLEngine} or
 * {@link SSLSocket}.
 *
 * <p>An engine made here offers TLS 1.3 and 1.2 only (§9.2: "TLS 1.2 or higher"), enables no cipher
 * suite of the RFC's Appendix A, and offers the ALPN protocol {@value #ALPN_H2} alone. After the
 * handshake, {@link #inadequateSecurity(SSLSession)} says whether the session may carry HTTP/2.
 */
public final class Tls {

    /** The ALPN protocol identifier of HTTP/2 over TLS (RFC 9113 §3.2). */
    public static final String ALPN_H2 = "h2";

    /** The TLS versions an engine made here offers, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Set<String> PROHIBITED = loadProhibited();

    private Tls() {
    }

    /**
     * Says whether a cipher suite is on RFC 9113 Appendix A, the TLS 1.2 suites HTTP/2 must not use.
     *
     * @param cipherSuite a cipher suite's standard name, such as {@code TLS_RSA_WITH_AES_128_CBC_SHA}
     * @return true if HTTP/2 over TLS 1.2 must not use it
     * @throws NullPointerException if {@code cipherSuite} is null
     */
    public static boolean isProhibited(String cipherSuite) {
        return PROHIBITED.contains(Objects.requireNonNull(cipherSuite, "cipherSuite"));
    }

    /**
     * Makes a server engine for h2 from a context holding the server's key and certificate.
     *
     * @param context an initialised TLS context
     * @return an engine in server mode, configured by {@link #configure(SSLEngine)}
     * @throws NullPointerException if {@code context} is null
     */
    public static SSLEngine serverEngine(SSLContext context) {
        SSLEngine engine = Objects.requireNonNull(context, "context").createSSLEngine();
        engine.setUseClientMode(false);
        configure(engine);
        return engine;
    }

    /**
     * Makes a client engine for h2; the host and port name the server for SNI and session reuse.
     *
     * @param context an initialised TLS context holding the trust the client needs
     * @param host the server's host name, sent as SNI when it is a name rather than an address
     * @param port the server's port
     * @return an engine in client mode, configured by {@link #configure(SSLEngine)}, that checks the
     *     server's certificate against {@code host} (HTTPS endpoint identification)
     * @throws NullPointerException if {@code context} or {@code host} is null
     */
    public static SSLEngine clientEngine(SSLContext context, String host, int port) {
        SSLEngine engine = Objects.requireNonNull(context, "context")
                .createSSLEngine(Objects.requireNonNull(host, "host"), port);
        engine.setUseClientMode(true);
        configure(engine);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Restricts an engine to what HTTP/2 allows: TLS 1.3 and 1.2 (§9.2), the enabled cipher suites minus
     * those of Appendix A (§9.2.2), the server's suite order preferred, and ALPN {@value #ALPN_H2}.
     *
     * @param engine the engine to configure, before its handshake
     * @throws NullPointerException if {@code engine} is null
     * @throws IllegalArgumentException if the engine supports neither TLS 1.3 nor TLS 1.2, or has no
     *     enabled cipher suite that HTTP/2 allows
     */
    public static void configure(SSLEngine engine) {
        Objects.requireNonNull(engine, "engine");
        engine.setSSLParameters(forH2(engine.getSSLParameters(), engine.getSupportedProtocols(),
                engine.getEnabledCipherSuites()));
    }

    /**
     * Restricts a socket to what HTTP/2 allows, as {@link #configure(SSLEngine)} does for an engine:
     * TLS 1.3 and 1.2, no cipher suite of Appendix A, the server's suite order preferred, and ALPN
     * {@value #ALPN_H2}. Works for client and server sockets; endpoint identification is left as it is.
     *
     * @param socket the socket to configure, before its handshake
     * @throws NullPointerException if {@code socket} is null
     * @throws IllegalArgumentException if the socket supports neither TLS 1.3 nor TLS 1.2, or has no
     *     enabled cipher suite that HTTP/2 allows
     */
    public static void configure(SSLSocket socket) {
        Objects.requireNonNull(socket, "socket");
        socket.setSSLParameters(forH2(socket.getSSLParameters(), socket.getSupportedProtocols(),
                socket.getEnabledCipherSuites()));
    }

    private static SSLParameters forH2(SSLParameters parameters, String[] supportedProtocols, String[] enabledSuites) {
        List<String> supported = Arrays.asList(supportedProtocols);
        String[] protocols = PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
        if (protocols.length == 0) {
            throw new IllegalArgumentException("RFC 9113 §9.2: HTTP/2 needs TLS 1.2 or higher; TLS here supports "
                    + supported);
        }
        List<String> suites = new ArrayList<>();
        for (String suite : enabledSuites) {
            if (!isProhibited(suite)) {
                suites.add(suite);
            }
        }
        if (suites.isEmpty()) {
            throw new IllegalArgumentException(
                    "RFC 9113 §9.2.2: every enabled cipher suite is on the prohibited list of Appendix A");
        }
        parameters.setProtocols(protocols);
        parameters.setCipherSuites(suites.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setApplicationProtocols(new String[] {ALPN_H2});
        return parameters;
    }

    /**
     * Says why a handshaken session must not carry HTTP/2, or null if it may. A connection on such a
     * session ends with a connection error INADEQUATE_SECURITY (RFC 9113 §9.2).
     *
     * @param session the session after its handshake
     * @return a message naming the rule the session breaks, or null if it keeps them all
     * @throws NullPointerException if {@code session} is null
     */
    public static String inadequateSecurity(SSLSession session) {
        String protocol = Objects.requireNonNull(session, "session").getProtocol();
        if (!PROTOCOLS.contains(protocol)) {
            return "RFC 9113 §9.2: HTTP/2 needs TLS 1.2 or higher, the session uses " + protocol;
        }
        String suite = session.getCipherSuite();
        if ("TLSv1.2".equals(protocol) && isProhibited(suite)) {
            return "RFC 9113 §9.2.2: cipher suite " + suite + " is prohibited for HTTP/2 (Appendix A)";
        }
        return null;
    }

    private static Set<String> loadProhibited() {
        InputStream in = Tls.class.getResourceAsStream("prohibited-tls12-cipher-suites.txt");
        if (in == null) {
            throw new IllegalStateException("h2j-io is missing its resource prohibited-tls12-cipher-suites.txt");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
