package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.web.BusyNodeArchive;
import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two credentials of NATS's decentralised auth, on real servers: an NKey seed file (a server
 * that knows the user's public key) and a {@code .creds} file (a server in operator mode that
 * trusts the operator who signed the account that signed the user); and TLS to a server whose
 * certificate the fleet's own CA signed ({@code --nats-ca}). Each works with publish and a
 * consumer; a wrong one is one line; the seed never shows.
 */
class FleetCredentialsTest {
    @TempDir
    static Path dir;
    static Path archive;
    static int events;

    @BeforeAll
    static void node() throws Exception {
        BusyNodeArchive busy = BusyNodeArchive.write(dir.resolve("fra1"), "fra1", 1, 300);
        archive = busy.dir();
        events = busy.events().size();
    }

    static String seed(NKey key) throws Exception {
        return new String(key.getSeed());
    }

    static String pub(NKey key) throws Exception {
        return new String(key.getPublicKey());
    }

    static Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    /** publish the archive to {@code url} with these credential options, and a consumer with the same reads every event. */
    static void publishesAndReads(String url, String... credentials) throws Exception {
        String[] consumerArgs = concat(new String[] {"log", "--nats", url, "--format", "json"}, credentials);
        try (CliProcess consumer = CliProcess.consumer(consumerArgs)) {
            Cli.Result r = Cli.run(concat(new String[] {"publish", "--replay", archive.toString(), "--nats", url}, credentials));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(PublishSummary.of(r.stderr()).published()).isEqualTo(events);
            consumer.awaitStdout(events);
            consumer.awaitQuiet(300);
            assertThat(new FleetLines(consumer.stdout()).events).hasSize(events);
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void anNKeySeedFile() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        try (NatsServer server = NatsServer.start(dir.resolve("nkey"), "nkey", "authorization { users: [ { nkey: " + pub(user) + " } ] }")) {
            Path seedFile = file("user.nk", seed(user) + "\n");
            publishesAndReads(server.url(), "--nats-nkey", seedFile.toString());

            NKey stranger = NKey.createUser(new SecureRandom());
            Cli.Result wrong = Cli.run("publish", "--replay", archive.toString(), "--nats", server.url(), "--nats-nkey",
                    file("stranger.nk", seed(stranger)).toString());
            FleetBadInputTest.oneLine(wrong, "refused the credentials", seed(stranger), seed(user));
        }
    }

    @Test
    void aCredsFileOfAnOperatorsAccount() throws Exception {
        NKey operator = NKey.createOperator(new SecureRandom());
        NKey account = NKey.createAccount(new SecureRandom());
        NKey user = NKey.createUser(new SecureRandom());
        long now = JwtUtils.currentTimeSeconds();
        String operatorJwt = JwtUtils.issueJWT(operator, pub(operator), "fleet-operator", null, now, pub(operator),
                claim("{\"type\":\"operator\",\"version\":2}"));
        String accountJwt = JwtUtils.issueJWT(operator, pub(account), "fleet", null, now, pub(operator), claim("{\"limits\":{\"subs\":-1,"
                + "\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1},\"type\":\"account\",\"version\":2}"));
        String userJwt = JwtUtils.issueUserJWT(account, pub(account), pub(user));
        try (NatsServer server = NatsServer.start(dir.resolve("operator"), "operator", "operator: \"" + operatorJwt + "\"\n"
                + "resolver: MEMORY\nresolver_preload: { " + pub(account) + ": \"" + accountJwt + "\" }")) {
            Path creds = file("user.creds", String.format(JwtUtils.NATS_USER_JWT_FORMAT, userJwt, seed(user)));
            publishesAndReads(server.url(), "--nats-creds", creds.toString());

            // a user the account never signed: its own account key signs instead
            NKey otherAccount = NKey.createAccount(new SecureRandom());
            String strangerJwt = JwtUtils.issueUserJWT(otherAccount, pub(otherAccount), pub(user));
            Cli.Result wrong = Cli.run("publish", "--replay", archive.toString(), "--nats", server.url(), "--nats-creds",
                    file("stranger.creds", String.format(JwtUtils.NATS_USER_JWT_FORMAT, strangerJwt, seed(user))).toString());
            FleetBadInputTest.oneLine(wrong, "refused the credentials", seed(user));
        }
    }

    @Test
    void tlsToAServerSignedByTheFleetsOwnCa() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=fleet-ca");
        openssl(pki, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=nats-a");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(pki, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
                "-days", "2", "-extfile", "san.ext");
        try (NatsServer server = NatsServer.start(dir.resolve("tls"), "tls", "tls { cert_file: \"" + pki.resolve("server.pem")
                + "\", key_file: \"" + pki.resolve("server.key") + "\" }")) {
            String tlsUrl = server.url().replace("nats://", "tls://");
            publishesAndReads(tlsUrl, "--nats-ca", pki.resolve("ca.pem").toString());

            FleetBadInputTest.oneLine(Cli.run("publish", "--replay", archive.toString(), "--nats", tlsUrl),
                    "give the CA that signed the server's certificate with --nats-ca FILE (PEM)");
            FleetBadInputTest.oneLine(Cli.run("publish", "--replay", archive.toString(), "--nats", tlsUrl, "--nats-ca",
                    pki.resolve("san.ext").toString()), "is not a PEM certificate");
            FleetBadInputTest.oneLine(Cli.run("log", "--nats", tlsUrl, "--nats-ca", pki.resolve("missing.pem").toString()),
                    "cannot read --nats-ca");
        }
    }

    private static void openssl(Path in, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("openssl"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }

    private static JsonSerializable claim(String json) {
        return () -> json;
    }
}
