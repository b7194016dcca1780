package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import dev.nodescope.web.BusyNodeArchive;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nodescope web} as a user runs it: the URL it prints, the token, TLS, redaction, and one line for each mistake. */
class WebCommandTest {
    private static final Pattern URL = Pattern.compile("the dashboard is at (\\S+)");

    @TempDir
    static Path dir;
    static BusyNodeArchive archive;

    @BeforeAll
    static void record() throws Exception {
        archive = BusyNodeArchive.write(dir.resolve("rec"));
    }

    private static void assertOneLineError(Cli.Result r, String expectedPart) {
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).startsWith("nodescope: ").contains(expectedPart).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void mistakesGetOneLine() throws Exception {
        String rec = archive.dir().toString();
        assertOneLineError(Cli.run("web", "--replay", rec, "--listen", "here"), "--listen: expected HOST:PORT, got 'here'");
        assertOneLineError(Cli.run("web", "--replay", rec, "--update-every", "10ms"), "--update-every must be at least 50ms");
        assertOneLineError(Cli.run("web", "--replay", rec, "--token-file", dir.resolve("none").toString()), "cannot read --token-file");
        assertOneLineError(Cli.run("web", "--replay", rec, "--tls-keystore", dir.resolve("ks.p12").toString()),
                "--tls-keystore needs --tls-keystore-password-file");
        assertOneLineError(Cli.run("web", "--replay", dir.resolve("nothing-here").toString()), "nothing-here");
    }

    /** A running {@code web}: the process and the URL it printed. */
    record Served(Process process, URI url, String stderrBeforeUrl) implements AutoCloseable {
        static Served start(String... args) throws Exception {
            Process p = Cli.start(args);
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            StringBuilder before = new StringBuilder();
            String line;
            while ((line = err.readLine()) != null) {
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    Thread.ofVirtual().start(() -> err.lines().forEach(l -> { })); // keep draining stderr
                    return new Served(p, URI.create(m.group(1)), before.append(line).toString());
                }
                before.append(line).append('\n');
            }
            throw new AssertionError("web printed no URL: " + before);
        }

        String origin() {
            return url.getScheme() + "://" + url.getRawAuthority();
        }

        @Override
        public void close() throws Exception {
            process.toHandle().destroy(); // SIGTERM, as an operator stops it
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM ends as a signalled process, after the clean stop
        }
    }

    @Test
    void aGeneratedTokenIsPrintedOnceInTheUrlAndOpensTheApi() throws Exception {
        try (Served web = Served.start("web", "--replay", archive.dir().toString(), "--speed", "max", "--listen", "127.0.0.1:0")) {
            assertThat(web.url().getHost()).isEqualTo("127.0.0.1");
            String query = web.url().getQuery();
            assertThat(query).matches("token=[0-9a-f]{32}");
            String token = query.substring("token=".length());
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpRequest.Builder api = HttpRequest.newBuilder(URI.create(web.origin() + "/api/view/peers"));
                assertThat(http.send(api.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
                HttpRequest authorized = api.header("Authorization", "Bearer " + token).build();
                HttpResponse<String> ok = http.send(authorized, HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).isEqualTo(200);
                // the replay runs on its own: the view names the node once its first events were read
                for (int tries = 0; tries < 200 && new ObjectMapper().readTree(ok.body()).get("node").isNull(); tries++) {
                    Thread.sleep(50);
                    ok = http.send(authorized, HttpResponse.BodyHandlers.ofString());
                }
                assertThat(new ObjectMapper().readTree(ok.body()).get("node").asText()).isEqualTo(BusyNodeArchive.NODE);
            }
        }
    }

    @Test
    void aTokenFromAFileIsNeverPrinted() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "file-token-abcdef0123456789\n");
        try (Served web = Served.start("web", "--replay", archive.dir().toString(), "--speed", "max", "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString())) {
            assertThat(web.url().getQuery()).isNull();
            assertThat(web.stderrBeforeUrl()).doesNotContain("file-token").contains("(the token is the one in --token-file)");
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(web.origin() + "/api/view/health"))
                        .header("Authorization", "Bearer file-token-abcdef0123456789").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void redactedAddressesArePseudonymsStableWhileItRuns() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token2"), "file-token-abcdef0123456789\n");
        List<String> real = new ArrayList<>();
        archive.events().forEach(e -> {
            if (e instanceof dev.nodescope.event.ConnectionOpened o) {
                real.add(o.addr().substring(0, o.addr().lastIndexOf(':')));
            }
        });
        try (Served web = Served.start("web", "--replay", archive.dir().toString(), "--speed", "max", "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString(), "--redact-ips");
             HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest api = HttpRequest.newBuilder(URI.create(web.origin() + "/api/view/peers"))
                    .header("Authorization", "Bearer file-token-abcdef0123456789").build();
            awaitPlayedOut(http, web, "file-token-abcdef0123456789");
            String first = http.send(api, HttpResponse.BodyHandlers.ofString()).body();
            String second = http.send(api, HttpResponse.BodyHandlers.ofString()).body();
            JsonNode peers = new ObjectMapper().readTree(first).get("peers");
            assertThat(peers.size()).isGreaterThan(8);
            for (String ip : real) {
                assertThat(first).doesNotContain("\"" + ip + ":");
            }
            assertThat(peers.get(0).get("addr").asText()).isNotEmpty();
            assertThat(second).isEqualTo(first);
        }
    }

    /** Waits until the replay delivered every event of the archive (the health view counts what the source delivered). */
    private static void awaitPlayedOut(HttpClient http, Served web, String token) throws Exception {
        long all = archive.events().stream().filter(e -> e instanceof dev.nodescope.event.TracepointEvent).count();
        HttpRequest health = HttpRequest.newBuilder(URI.create(web.origin() + "/api/view/health"))
                .header("Authorization", "Bearer " + token).build();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (new ObjectMapper().readTree(http.send(health, HttpResponse.BodyHandlers.ofString()).body()).get("events").asLong() < all) {
            assertThat(System.nanoTime()).as("replay played out in 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void tlsServesHttpsWithASecureCookie() throws Exception {
        Path ks = dir.resolve("web.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process kt = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "nodescope", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(kt.getInputStream().readAllBytes());
        assertThat(kt.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kt.exitValue()).as(out).isZero();
        Path password = Files.writeString(dir.resolve("ks-password"), "changeit\n");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (Served web = Served.start("web", "--replay", archive.dir().toString(), "--speed", "max", "--listen", "127.0.0.1:0",
                "--tls-keystore", ks.toString(), "--tls-keystore-password-file", password.toString());
             HttpClient https = HttpClient.newBuilder().sslContext(ssl).build()) {
            assertThat(web.url().getScheme()).isEqualTo("https");
            HttpResponse<String> entry = https.send(HttpRequest.newBuilder(web.url()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(entry.statusCode()).isEqualTo(302);
            assertThat(entry.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict")
                    .endsWith("; Secure");
            assertThat(https.send(HttpRequest.newBuilder(URI.create(web.origin() + "/")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(401);
        }
    }
}
