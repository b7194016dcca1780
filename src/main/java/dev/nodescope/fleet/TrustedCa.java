package dev.nodescope.fleet;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS that trusts the CA of a fleet's own NATS servers ({@code --nats-ca FILE}): operators sign
 * their servers' certificates with a private CA, which the JVM's trust store does not hold.
 */
final class TrustedCa {
    private TrustedCa() {
    }

    /** A TLS context trusting exactly the certificates in the PEM file {@code ca}. */
    static SSLContext sslContext(Path ca) {
        if (!Files.isReadable(ca)) {
            throw new UserException("cannot read --nats-ca " + ca);
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(ca)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException | IOException e) {
            throw new UserException("--nats-ca " + ca + " is not a PEM certificate (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw new UserException("--nats-ca " + ca + " holds no certificate: give the PEM file of the CA that signed the servers' certificates");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JVM cannot make a TLS context", e); // a broken JVM, not a user mistake
        }
    }
}
