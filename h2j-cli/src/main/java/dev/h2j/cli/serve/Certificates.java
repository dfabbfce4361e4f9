package dev.h2j.cli.serve;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate of {@code h2j serve}: PEM files given with {@code --cert} and {@code --key}, or a
 * self-signed one made at first start and kept in the state directory for later starts.
 *
 * <p>The self-signed certificate has an EC P-256 key, names {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1} (subjectAltName), is valid for 365 days and is made again when it has less than a day
 * left. Signing and key handling use the JDK's providers; BouncyCastle only builds and parses the
 * certificate and PEM structures.
 */
public final class Certificates {
    /** The certificate's file name in the state directory. */
    public static final String CERT_FILE = "serve-cert.pem";
    /** The private key's file name in the state directory. */
    public static final String KEY_FILE = "serve-key.pem";
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private Certificates(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /**
     * Reads a certificate chain and its private key from PEM files.
     *
     * @param certFile one or more certificates, the server's first
     * @param keyFile the private key (PKCS#8, or a traditional RSA or EC key), unencrypted
     * @return the certificate and key
     * @throws IOException if a file cannot be read or holds no certificate or key
     */
    public static Certificates read(Path certFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder) {
                    chain.add(converter.getCertificate((X509CertificateHolder) o));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + ": not a valid certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(certFile + " holds no PEM certificate");
        }
        PrivateKey key = null;
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null && key == null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo) {
                    key = converter.getPrivateKey((PrivateKeyInfo) o);
                } else if (o instanceof PEMKeyPair) {
                    key = converter.getPrivateKey(((PEMKeyPair) o).getPrivateKeyInfo());
                }
            }
        }
        if (key == null) {
            throw new IOException(keyFile + " holds no unencrypted PEM private key");
        }
        return new Certificates(chain, key);
    }

    /**
     * Reuses the self-signed certificate kept in {@code stateDir}, or makes one (and the directory) when it
     * is missing or expires within a day.
     *
     * @param stateDir where the certificate and key are kept
     * @return the certificate and key
     * @throws IOException if the files cannot be read or written
     */
    public static Certificates selfSigned(Path stateDir) throws IOException {
        Path certFile = stateDir.resolve(CERT_FILE);
        Path keyFile = stateDir.resolve(KEY_FILE);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            Certificates kept = read(certFile, keyFile);
            if (kept.certificate().getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
                return kept;
            }
        }
        Certificates made = generate();
        Files.createDirectories(stateDir);
        made.write(certFile, keyFile);
        return made;
    }

    /**
     * Makes a new self-signed certificate for localhost, 127.0.0.1 and ::1.
     *
     * @return the certificate and its key
     */
    public static Certificates generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=localhost, O=h2j serve (self-signed)");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new Certificates(List.of(certificate), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the server's certificate, the first of the chain.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Writes the chain and the key as PEM; the key file is readable by its owner only (where the file
     * system has POSIX permissions).
     *
     * @param certFile where the certificates go
     * @param keyFile where the key goes (PKCS#8)
     * @throws IOException if a file cannot be written
     */
    public void write(Path certFile, Path keyFile) throws IOException {
        try (Writer out = Files.newBufferedWriter(certFile, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : chain) {
                pem.writeObject(certificate);
            }
        }
        Files.deleteIfExists(keyFile);
        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(keyFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer out = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        }
    }

    /**
     * Makes a TLS context that presents this certificate.
     *
     * @return an initialised context
     */
    public SSLContext sslContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "h2j".toCharArray();
            store.setKeyEntry("h2j", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the certificate and key do not make a TLS context: " + e.getMessage(), e);
        }
    }
}
