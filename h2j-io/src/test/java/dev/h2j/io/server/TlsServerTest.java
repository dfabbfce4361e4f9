package dev.h2j.io.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.Limits;
import dev.h2j.event.ConnectionTerminated;
import dev.h2j.frame.ErrorCode;
import dev.h2j.io.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP/2 over TLS: ALPN h2 and the rules of RFC 9113 §9.2. */
@Timeout(30)
class TlsServerTest {
    /** On RFC 9113 Appendix A (CBC), and enabled by the JDK: for a server that breaks §9.2.2. */
    static final String PROHIBITED = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";

    static H2Server server;
    static H2Server careless;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.builder(Servers.HELLO).tls(Servers.loopback(), TestTls.get().server).build().start();
        // A server whose engines were not made by Tls.configure: TLS 1.2 with a prohibited suite only.
        careless = Servers.builder(Servers.HELLO).tls(Servers.loopback(), () -> {
            SSLEngine engine = TestTls.get().server.createSSLEngine();
            engine.setUseClientMode(false);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.2"});
            parameters.setCipherSuites(new String[] {PROHIBITED});
            parameters.setApplicationProtocols(new String[] {Tls.ALPN_H2});
            engine.setSSLParameters(parameters);
            return engine;
        }).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
        careless.close();
    }

    static SSLSocket socket(InetSocketAddress address, List<String> alpn, String suite) throws IOException {
        SSLSocket socket = (SSLSocket) TestTls.get().client.getSocketFactory().createSocket(
                address.getAddress(), address.getPort());
        socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        if (suite != null) {
            parameters.setProtocols(new String[] {"TLSv1.2"});
            parameters.setCipherSuites(new String[] {suite});
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    @Test
    void alpnH2CarriesHttp2() throws Exception {
        SSLSocket socket = socket(server.tlsAddresses().get(0), List.of("h2"), null);
        assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
        assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        try (RawClient client = RawClient.over(socket, Limits.defaults())) {
            client.conn.initiateConnection();
            client.flush();
            int id = client.request(dev.h2j.Headers.request("GET", "https", "localhost", "/tls").build(), true);
            assertThat(client.await(id).text()).isEqualTo("hello from /tls");
        }
    }

    @Test
    void clientWithoutAlpnIsDisconnectedAfterTheHandshake() throws Exception {
        try (SSLSocket socket = socket(server.tlsAddresses().get(0), List.of(), null)) {
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // RFC 9113 §3.2: no ALPN h2, no HTTP/2: the server sends no SETTINGS and closes.
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void clientOfferingOnlyHttp11FailsTheHandshake() {
        assertThatThrownBy(() -> socket(server.tlsAddresses().get(0), List.of("http/1.1"), null).close())
                .isInstanceOf(SSLException.class);
    }

    @Test
    void prohibitedCipherSuiteGetsGoAwayInadequateSecurity() throws Exception {
        SSLSocket socket = socket(careless.tlsAddresses().get(0), List.of("h2"), PROHIBITED);
        assertThat(socket.getSession().getCipherSuite()).isEqualTo(PROHIBITED);
        try (RawClient client = RawClient.over(socket, Limits.defaults())) {
            client.conn.initiateConnection();
            client.flush();
            List<ConnectionTerminated> goAways = client.readToEnd();
            // RFC 9113 §9.2.2: a connection error INADEQUATE_SECURITY, naming the rule in its debug data.
            assertThat(goAways).hasSize(1);
            assertThat(goAways.get(0).errorCode()).isEqualTo(ErrorCode.INADEQUATE_SECURITY);
            assertThat(StandardCharsets.UTF_8.decode(goAways.get(0).additionalData()).toString())
                    .startsWith("RFC 9113 §9.2.2: cipher suite " + PROHIBITED);
        }
    }
}
