package dev.h2j.io.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.h2j.io.testing.Certificates;
import dev.h2j.io.testing.TestServer;
import dev.h2j.io.testing.TestServer.Reply;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 9113 §3.2, §9.2: https connections negotiate h2 with ALPN over TLS 1.2+, and check the certificate. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientTlsTest {
    static final Certificates CERTIFICATES = Certificates.selfSigned();

    @Test
    void aTrustedServerIsReachedOverTlsWithAlpnH2() throws Exception {
        try (TestServer server = TestServer.tls(CERTIFICATES.serverContext(), request -> Reply.ok("secure"));
                ClientConnection connection = H2Client.connect(server.uri("/"),
                        ClientOptions.defaults().withSslContext(CERTIFICATES.clientContext()))) {
            Response response = connection.execute(Request.get(server.uri("/")));

            assertThat(response.bodyText()).isEqualTo("secure");
            assertThat(connection.tlsSession()).hasValueSatisfying(session ->
                    assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
        }
    }

    @Test
    void theDefaultTrustRefusesASelfSignedCertificate() throws Exception {
        try (TestServer server = TestServer.tls(CERTIFICATES.serverContext(), request -> Reply.ok("secure"))) {
            assertThatThrownBy(() -> H2Client.connect(server.uri("/")))
                    .isInstanceOf(H2ClientException.class)
                    .hasMessageStartingWith("TLS handshake with https://127.0.0.1:" + server.port() + " failed")
                    .hasCauseInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void insecureTrustsAnyCertificateForAnyHost() throws Exception {
        Certificates elsewhere = Certificates.forNames("dns:elsewhere.invalid");
        try (TestServer server = TestServer.tls(elsewhere.serverContext(), request -> Reply.ok("anyway"));
                ClientConnection connection = H2Client.connect(server.uri("/"), ClientOptions.defaults().insecure())) {
            assertThat(connection.execute(Request.get(server.uri("/"))).bodyText()).isEqualTo("anyway");
        }
    }

    @Test
    void aTrustedCertificateMustStillNameTheHost() throws Exception {
        Certificates elsewhere = Certificates.forNames("dns:elsewhere.invalid");
        try (TestServer server = TestServer.tls(elsewhere.serverContext(), request -> Reply.ok("secure"))) {
            assertThatThrownBy(() -> H2Client.connect(server.uri("/"),
                    ClientOptions.defaults().withSslContext(elsewhere.clientContext())))
                    .isInstanceOf(H2ClientException.class).hasMessageContaining("TLS handshake")
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void aServerThatSelectsNoAlpnProtocolIsNotSpokenTo() throws Exception {
        try (TestServer server = TestServer.tlsWithoutAlpn(CERTIFICATES.serverContext(), request -> Reply.ok(""))) {
            assertThatThrownBy(() -> H2Client.connect(server.uri("/"),
                    ClientOptions.defaults().withSslContext(CERTIFICATES.clientContext())))
                    .isInstanceOf(H2ClientException.class)
                    .hasMessageContaining("did not select ALPN h2 (it selected nothing)")
                    .hasMessageContaining("RFC 9113 §3.2");
        }
    }
}
