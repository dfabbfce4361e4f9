package dev.h2j.io.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates (by default for {@code localhost} and {@code 127.0.0.1}), each made once per
 * test JVM by the JDK's keytool, with the TLS contexts and PEM files tests need.
 */
public final class Certificates {
    private static final char[] PASSWORD = "secret".toCharArray();
    private static final java.util.Map<String, Certificates> MADE = new java.util.HashMap<>();

    private final KeyStore keys;
    private final Path directory;

    private Certificates(KeyStore keys, Path directory) {
        this.keys = keys;
        this.directory = directory;
    }

    /** The certificate for localhost and 127.0.0.1, made on first use. */
    public static Certificates selfSigned() {
        return forNames("dns:localhost,ip:127.0.0.1");
    }

    /** A self-signed certificate for other names, in keytool's SAN syntax ({@code dns:example.org}). */
    public static synchronized Certificates forNames(String subjectAltNames) {
        Certificates made = MADE.get(subjectAltNames);
        if (made == null) {
            try {
                Path directory = Files.createTempDirectory("h2j-tls");
                directory.toFile().deleteOnExit();
                Path store = directory.resolve("localhost.p12");
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=h2j test", "-ext", "SAN=" + subjectAltNames, "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                        .redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    keys.load(in, PASSWORD);
                }
                store.toFile().deleteOnExit();
                made = new Certificates(keys, directory);
                MADE.put(subjectAltNames, made);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return made;
    }

    /** A server context holding the key and certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts this certificate only. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keys);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the private key (PKCS #8) as PEM, for servers such as nghttpd; returns its path. */
    public Path keyPem() {
        try {
            return pem("localhost.key", "PRIVATE KEY", keys.getKey("localhost", PASSWORD).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM; returns its path. */
    public Path certificatePem() {
        try {
            Certificate certificate = keys.getCertificate("localhost");
            return pem("localhost.crt", "CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path pem(String name, String label, byte[] der) {
        Path file = directory.resolve(name);
        String text = "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.toFile().deleteOnExit();
        return file;
    }
}
