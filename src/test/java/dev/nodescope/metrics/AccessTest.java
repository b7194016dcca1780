package dev.nodescope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth, bearer token and TLS on the exporter's endpoint. */
class AccessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static int status(HttpClient client, URI uri, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri);
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void basicAuth() throws Exception {
        try (MetricsExporter e = MetricsExporter.builder().port(0).jvmMetrics(false).basicAuth("prom", "s3cret").build().start()) {
            String good = "Basic " + Base64.getEncoder().encodeToString("prom:s3cret".getBytes(StandardCharsets.UTF_8));
            String bad = "Basic " + Base64.getEncoder().encodeToString("prom:wrong".getBytes(StandardCharsets.UTF_8));
            assertThat(status(HTTP, e.metricsUri(), null)).isEqualTo(401);
            assertThat(status(HTTP, e.metricsUri(), bad)).isEqualTo(401);
            assertThat(status(HTTP, e.metricsUri(), good)).isEqualTo(200);
        }
    }

    @Test
    void bearerToken() throws Exception {
        try (MetricsExporter e = MetricsExporter.builder().port(0).jvmMetrics(false).bearerToken("t0ken").build().start()) {
            assertThat(status(HTTP, e.metricsUri(), null)).isEqualTo(401);
            assertThat(status(HTTP, e.metricsUri(), "Bearer nope")).isEqualTo(401);
            assertThat(status(HTTP, e.metricsUri(), "Bearer t0ken")).isEqualTo(200);
        }
    }

    @Test
    void tls(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "nodescope", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();

        try (MetricsExporter e = MetricsExporter.builder().port(0).jvmMetrics(false).node("test").tls(ks, "changeit".toCharArray())
                .bearerToken("t0ken").build().start()) {
            assertThat(e.metricsUri().getScheme()).isEqualTo("https");
            assertThat(status(https, e.metricsUri(), "Bearer t0ken")).isEqualTo(200);
            assertThat(status(https, e.metricsUri(), null)).isEqualTo(401);
            String body = https.send(HttpRequest.newBuilder(e.metricsUri()).header("Authorization", "Bearer t0ken").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("nodescope_attached{node=\"test\"} 0");
        }
    }
}
