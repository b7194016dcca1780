package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.web.BusyNodeArchive;
import dev.nodescope.codec.EventCodec;
import dev.nodescope.event.MessageEvent;
import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every fleet mistake is one line and exit 2, never a stack trace, and never prints a secret. */
class FleetBadInputTest {
    static final String TOKEN = "tok-7f3a9c1e5b";
    static final String PASSWORD = "pw-c0ffee4242";

    @TempDir
    static Path dir;
    static Path archive;
    static NatsServer plain;
    static NatsServer withToken;
    static NatsServer withUser;

    @BeforeAll
    static void servers() throws Exception {
        archive = BusyNodeArchive.write(dir.resolve("fra1"), "fra1", 1, 200).dir();
        plain = NatsServer.start(dir.resolve("plain"), "plain", "");
        withToken = NatsServer.start(dir.resolve("token"), "token", "authorization { token: \"" + TOKEN + "\" }");
        withUser = NatsServer.start(dir.resolve("user"), "user", "authorization { user: alice, password: \"" + PASSWORD + "\" }");
    }

    @AfterAll
    static void stop() throws Exception {
        for (NatsServer s : new NatsServer[] {plain, withToken, withUser}) {
            if (s != null) {
                s.close();
            }
        }
    }

    static Path secretFile(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name + ".secret"), content + "\n");
    }

    /** Exit 2 and one line saying {@code says}; no stack trace, none of {@code secrets}. */
    static void oneLine(Cli.Result r, String says, String... secrets) {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderrLines()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr()).contains(says).doesNotContain("Exception").doesNotContain("\tat ");
        for (String s : secrets) {
            assertThat(r.stderr()).doesNotContain(s);
        }
        assertThat(r.stdout()).isEmpty();
    }

    static Cli.Result publish(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "publish";
        all[1] = "--replay";
        all[2] = archive.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }

    @Test
    void anUnreachableServer() throws Exception {
        int closed = NatsServer.freePort();
        oneLine(publish("--nats", "nats://127.0.0.1:" + closed), "cannot connect to NATS at nats://127.0.0.1:" + closed);
        oneLine(Cli.run("log", "--nats", "nats://127.0.0.1:" + closed), "cannot connect to NATS at nats://127.0.0.1:" + closed);
    }

    @Test
    void aWrongTokenIsRefusedAndTheRightOneWorks() throws Exception {
        Path wrong = secretFile("wrong-token", "tok-wrong-0000");
        oneLine(publish("--nats", withToken.url(), "--nats-token-file", wrong.toString()), "refused the credentials", "tok-wrong-0000", TOKEN);
        oneLine(Cli.run("log", "--nats", withToken.url(), "--nats-token-file", wrong.toString()), "refused the credentials", "tok-wrong-0000");
        oneLine(publish("--nats", withToken.url()), "refused the credentials", TOKEN);
        Cli.Result right = publish("--nats", withToken.url(), "--nats-token-file", secretFile("token", TOKEN).toString());
        assertThat(right.exitCode()).as(right.stderr()).isZero();
        assertThat(right.stderr()).contains("nodescope: published ").doesNotContain(TOKEN);
    }

    @Test
    void aUserAndPasswordFile() throws Exception {
        oneLine(publish("--nats", withUser.url(), "--nats-user-file", secretFile("wrong-user", "alice:nope-1234").toString()),
                "refused the credentials", "nope-1234", PASSWORD);
        oneLine(publish("--nats", withUser.url(), "--nats-user-file", secretFile("no-colon", "alice").toString()),
                "--nats-user-file must hold user:password");
        oneLine(publish("--nats", withUser.url(), "--nats-user-file", dir.resolve("missing").toString()), "cannot read --nats-user-file");
        Cli.Result right = publish("--nats", withUser.url(), "--nats-user-file", secretFile("user", "alice:" + PASSWORD).toString());
        assertThat(right.exitCode()).as(right.stderr()).isZero();
        assertThat(right.stderr()).contains("nodescope: published ").doesNotContain(PASSWORD);
    }

    @Test
    void jetStreamMistakes() throws Exception {
        oneLine(publish("--nats", plain.url(), "--jetstream", "FLEET"), "this NATS server has no JetStream");
        oneLine(Cli.run("log", "--nats", plain.url(), "--jetstream", "FLEET"), "this NATS server has no JetStream");
        try (NatsServer js = NatsServer.start(dir.resolve("js"), "js", "jetstream { store_dir: \"" + dir.resolve("js-store") + "\" }")) {
            oneLine(Cli.run("log", "--nats", js.url(), "--jetstream", "NOSUCH"), "no JetStream stream named NOSUCH");
            oneLine(publish("--nats", js.url(), "--jetstream", "FLEET", "--jetstream-replicas", "3"), "JetStream refused stream FLEET");
        }
    }

    @Test
    void optionMistakes() throws Exception {
        oneLine(Cli.run("publish", "--nats", plain.url()), "publish needs --node NAME");
        oneLine(Cli.run("publish", "--nats", plain.url(), "--node", "fra.1"), "--node 'fra.1': a node name on NATS is");
        oneLine(Cli.run("publish", "--nats", plain.url(), "--node", "fra*"), "--node 'fra*': a node name on NATS is");
        oneLine(Cli.run("publish", "--replay", archive.toString()), "publish needs --nats URL");
        oneLine(Cli.run("publish", "--replay", archive.toString(), "--nats", plain.url(), "--nodes", "fra1"), "--nodes chooses the nodes");
        oneLine(Cli.run("log", "--replay", archive.toString(), "--nodes", "fra1"), "go with --nats");
        oneLine(Cli.run("log", "--replay", archive.toString(), "--jetstream", "FLEET"), "go with --nats");
        oneLine(Cli.run("log", "--nats", plain.url(), "--nodes", "fra.1"), "--nodes 'fra.1'");
        oneLine(Cli.run("log", "--nats", plain.url(), "--from", "1h"), "with --nats only --from applies, with --jetstream");
    }

    @Test
    void aServerMaxPayloadTooSmallForSomePayloads() throws Exception {
        int maxPayload = 4096;
        BusyNodeArchive busy = BusyNodeArchive.write(dir.resolve("big"), "big1", 1, 3000);
        // what Publisher cannot send whole even alone in a message (room kept for the headers): sent without its payload
        long tooLarge = busy.events().stream().filter(e -> e instanceof MessageEvent m && m.payload() != null
                && EventCodec.encode(List.of(e)).length > maxPayload - 512).count();
        assertThat(tooLarge).as("the busy node has payloads larger than %d bytes", maxPayload).isPositive();
        Cli.Result own = Cli.run("log", "--replay", busy.dir().toString(), "--format", "json", "--payload", "hex");
        long ownWithPayload = own.stdoutLines().stream().filter(l -> l.contains("\"payload_hex\"")).count();
        try (NatsServer small = NatsServer.start(dir.resolve("small"), "small", "max_payload: " + maxPayload);
             CliProcess consumer = CliProcess.consumer("log", "--nats", small.url(), "--format", "json", "--payload", "hex")) {
            Cli.Result r = Cli.run("publish", "--replay", busy.dir().toString(), "--nats", small.url(), "--payload", "full");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderr()).contains("nodescope: the NATS server's max_payload is 4.0 KiB: P2P payloads larger than that (blocks)"
                    + " are published without their payload (counted as payload_dropped); set max_payload: 8MB");
            PublishSummary summary = PublishSummary.of(r.stderr());
            assertThat(summary.lost()).isEqualTo(java.util.Map.of("payload_dropped", tooLarge));
            consumer.awaitStdout(own.stdoutLines().size());
            consumer.awaitQuiet(500);
            List<String> got = consumer.stdout().stream().filter(l -> !l.contains("\"nodescope:loss\"")).toList();
            assertThat(got).hasSize(own.stdoutLines().size());
            assertThat(got.stream().filter(l -> l.contains("\"payload_hex\"")).count()).as("events without the payloads that did not fit")
                    .isEqualTo(ownWithPayload - tooLarge);
        }
    }
}
