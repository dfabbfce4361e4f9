package dev.h2j.io.client;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust of {@link ClientOptions#insecure()}: every server certificate is accepted and no host name
 * is checked. <strong>Insecure by design</strong>: for {@code h2j get -k}, tests and debugging only;
 * nothing else in h2j uses it.
 *
 * <p>An {@link X509ExtendedTrustManager} that accepts everything also switches off the JDK's own
 * endpoint identification, which runs inside the extended trust manager's checks.
 */
final class InsecureTrust extends X509ExtendedTrustManager {

    private InsecureTrust() {
    }

    /** A TLS context whose only trust manager accepts any certificate. */
    static SSLContext context() throws NoSuchAlgorithmException {
        SSLContext context = SSLContext.getInstance("TLS");
        try {
            context.init(null, new TrustManager[] {new InsecureTrust()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise a TLS context", e);
        }
        return context;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Insecure by design: any certificate, any host.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Insecure by design: any certificate, any host.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // Insecure by design: any certificate.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("a client's trust manager checks no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("a client's trust manager checks no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("a client's trust manager checks no client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
