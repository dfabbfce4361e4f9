package dev.h2j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 9113 §9.2: TLS versions, the Appendix A cipher suites, and ALPN h2, on real JDK engines. */
class TlsTest {

    @TempDir
    static Path dir;

    static SSLContext server;
    static SSLContext client;

    @BeforeAll
    static void contexts() throws Exception {
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "secret")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "secret".toCharArray());
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
    }

    @Test
    void the_prohibited_list_is_appendix_a_of_rfc_9113() throws IOException {
        String rfc = Files.readString(Path.of(System.getProperty("h2j.shared"), "rfc", "rfc9113.txt"));
        String appendix = rfc.substring(rfc.indexOf("Appendix A.  Prohibited TLS 1.2 Cipher Suites\n\n"),
                rfc.indexOf("Appendix B.  Changes from RFC 7540\n\n"));
        Matcher suite = Pattern.compile("(?m)^   \\*  (TLS_\\w+)$").matcher(appendix);
        int count = 0;
        while (suite.find()) {
            assertThat(Tls.isProhibited(suite.group(1))).as(suite.group(1)).isTrue();
            count++;
        }
        assertThat(count).isEqualTo(276);
        assertThat(Tls.isProhibited("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isFalse();
        assertThat(Tls.isProhibited("TLS_AES_128_GCM_SHA256")).isFalse();
    }

    @Test
    void an_engine_offers_tls_1_2_and_up_no_prohibited_suite_and_alpn_h2() {
        SSLEngine engine = Tls.serverEngine(server);

        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty().noneMatch(Tls::isProhibited)
                // §9.2.2: TLS 1.2 deployments MUST support this one.
                .contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(engine.getSSLParameters().getApplicationProtocols()).containsExactly("h2");
        assertThat(engine.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
        assertThat(engine.getUseClientMode()).isFalse();
    }

    @Test
    void a_client_engine_names_the_host_and_checks_the_certificate_against_it() {
        SSLEngine engine = Tls.clientEngine(client, "localhost", 8443);

        assertThat(engine.getUseClientMode()).isTrue();
        assertThat(engine.getPeerHost()).isEqualTo("localhost");
        assertThat(engine.getPeerPort()).isEqualTo(8443);
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(engine.getSSLParameters().getApplicationProtocols()).containsExactly("h2");
    }

    @Test
    void a_socket_is_configured_like_an_engine() throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            Tls.configure(socket);

            assertThat(socket.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(socket.getEnabledCipherSuites()).isNotEmpty().noneMatch(Tls::isProhibited);
            assertThat(socket.getSSLParameters().getApplicationProtocols()).containsExactly("h2");
            assertThat(socket.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
        }
    }

    @Test
    void a_socket_with_only_prohibited_suites_is_refused() throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            socket.setEnabledCipherSuites(Arrays.stream(socket.getSupportedCipherSuites())
                    .filter(Tls::isProhibited).toArray(String[]::new));

            assertThatThrownBy(() -> Tls.configure(socket)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("§9.2.2");
        }
    }

    @Test
    void an_engine_with_only_prohibited_suites_is_refused() {
        SSLEngine engine = server.createSSLEngine();
        engine.setEnabledCipherSuites(Arrays.stream(engine.getSupportedCipherSuites())
                .filter(Tls::isProhibited).toArray(String[]::new));

        assertThatThrownBy(() -> Tls.configure(engine)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("§9.2.2");
    }

    @Test
    void a_handshake_between_two_engines_negotiates_h2() throws Exception {
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            SSLEngine s = Tls.serverEngine(server);
            SSLEngine c = Tls.clientEngine(client, "localhost", 8443);
            c.setEnabledProtocols(new String[] {version});

            handshake(c, s);

            assertThat(c.getApplicationProtocol()).as(version).isEqualTo("h2");
            assertThat(s.getApplicationProtocol()).as(version).isEqualTo("h2");
            assertThat(c.getSession().getProtocol()).isEqualTo(version);
            assertThat(Tls.inadequateSecurity(c.getSession())).isNull();
            assertThat(Tls.inadequateSecurity(s.getSession())).isNull();
        }
    }

    @Test
    void a_session_below_tls_1_2_or_with_a_prohibited_suite_is_inadequate() {
        assertThat(Tls.inadequateSecurity(session("TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")))
                .contains("§9.2").contains("TLSv1.1");
        assertThat(Tls.inadequateSecurity(session("TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA")))
                .contains("§9.2.2").contains("TLS_RSA_WITH_AES_128_CBC_SHA");
        assertThat(Tls.inadequateSecurity(session("TLSv1.3", "TLS_AES_128_GCM_SHA256"))).isNull();
    }

    private static SSLSession session(String protocol, String suite) {
        return (SSLSession) Proxy.newProxyInstance(TlsTest.class.getClassLoader(), new Class<?>[] {SSLSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProtocol" -> protocol;
                    case "getCipherSuite" -> suite;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Runs a handshake between two engines through in-memory buffers, tasks on this thread. */
    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer app = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 2);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            step(client, toClient, toServer, app);
            step(server, toServer, toClient, app);
            if (done(client) && done(server)) {
                return;
            }
        }
        throw new AssertionError("handshake did not finish in 100 rounds");
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws Exception {
        in.flip();
        SSLEngineResult result = engine.unwrap(in, app);
        in.compact();
        app.clear();
        runTasks(engine);
        result = engine.wrap(ByteBuffer.allocate(0), out);
        assertThat(result.getStatus()).isNotEqualTo(SSLEngineResult.Status.CLOSED);
        runTasks(engine);
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
