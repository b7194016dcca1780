package dev.nodescope.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpsConfigurator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Access control for the exporter's HTTP server: basic auth, bearer token, TLS. */
final class Access {
    private Access() {
    }

    /** Constant-time comparison, so a wrong secret takes as long as a right one. */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static Authenticator basic(String user, String password) {
        return new BasicAuthenticator("nodescope") {
            @Override
            public boolean checkCredentials(String u, String p) {
                return same(u, user) & same(p, password);
            }
        };
    }

    static Authenticator bearer(String token) {
        return new Authenticator() {
            @Override
            public Result authenticate(HttpExchange exchange) {
                String header = exchange.getRequestHeaders().getFirst("Authorization");
                if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && same(header.substring(7).strip(), token)) {
                    return new Success(new HttpPrincipal("bearer", "nodescope"));
                }
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"nodescope\"");
                return new Retry(401);
            }
        };
    }

    /** TLS from a PKCS#12 key store holding the server's key and certificate chain. */
    static HttpsConfigurator tls(Path keyStore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return new HttpsConfigurator(ssl);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
    }
}
