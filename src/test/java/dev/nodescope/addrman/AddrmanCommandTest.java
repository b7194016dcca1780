package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.rpc.Chain;
import dev.nodescope.rpc.StubNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nodescope addrman} as a user runs it, against a stand-in node serving the real node's answers. */
class AddrmanCommandTest {
    private static final String COOKIE = "8d2f4c6a0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f2a4c6e8b0d1f";
    private static final String PASSWORD = "correct-horse-battery-staple-42";

    @Test
    void snapshotThenStatsFromTheFile(@TempDir Path dir) throws Exception {
        Path cookie = Chain.REGTEST.cookieFile(dir.resolve("data"));
        Files.createDirectories(cookie.getParent());
        Files.writeString(cookie, "__cookie__:" + COOKIE);
        Path file = dir.resolve("a.nsam");
        try (StubNode node = StubNode.withRealAnswers("__cookie__", COOKIE)) {
            Cli.Result r = Cli.run("addrman", "snapshot", "--datadir", dir.resolve("data").toString(), "--chain", "regtest",
                    "--rpcport", String.valueOf(node.port()), "--out", file.toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderrLines()).singleElement().asString()
                    .startsWith("nodescope: wrote " + file + " (458 entries, ").endsWith(" bytes)");
            assertThat(node.requests()).isEqualTo(1); // one batch
        }
        Cli.Result stats = Cli.run("addrman", "stats", file.toString());
        assertThat(stats.exitCode()).as(stats.stderr()).isZero();
        assertThat(stats.stdoutLines()).contains(
                "networks (new/tried slots): ipv4 322/76 ipv6 60/0",
                "node's getaddrmaninfo: new 382, tried 76 (agrees)",
                "new: 382 slots, 382 addresses, 317 buckets used, 0 full; most filled bucket 4",
                "  terrible (Core's time rules): 0 (future 0, stale 0); dated in the future: 0",
                "tried: 76 slots, 76 addresses, 67 buckets used, 0 full; most filled bucket 3");
        assertThat(stats.stdout()).doesNotContain(COOKIE);
    }

    @Test
    void watchKeepsAHistoryAndDiffReadsIt(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        Path out = dir.resolve("hist");
        try (StubNode node = StubNode.withRealAnswers("nodescope", PASSWORD)
                .whitelist(Set.of("getrawaddrman", "getaddrmaninfo", "getpeerinfo", "getnetworkinfo"))) {
            Cli.Result r = Cli.run("addrman", "watch", "--rpcuser", "nodescope", "--rpcpassword-file", pw.toString(),
                    "--rpcport", String.valueOf(node.port()), "--every", "1s", "--count", "3", "--out", out.toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderrLines()).hasSize(3);
            assertThat(r.stderrLines().get(2)).matches("nodescope: 000002-\\d{8}T\\d{6}Z\\.nsam 458 entries, \\d+ bytes; "
                    + "\\+0 inserted, -0 evicted, 0 new->tried, 0 tried->new");
            assertThat(r.stderr()).doesNotContain(PASSWORD);
        }
        assertThat(History.open(out).files()).hasSize(3);
        Cli.Result diff = Cli.run("addrman", "diff", out.toString());
        assertThat(diff.exitCode()).as(diff.stderr()).isZero();
        assertThat(diff.stdoutLines().get(1)).isEqualTo("inserted 0, evicted 0, new->tried 0, tried->new 0, re-dated 0");
    }

    @Test
    void everyFailureIsOneLineWithoutTheSecret(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "wrong-" + PASSWORD);
        try (StubNode node = StubNode.withRealAnswers("nodescope", PASSWORD).whitelist(Set.of("getaddrmaninfo"))) {
            String port = String.valueOf(node.port());
            Cli.Result wrong = Cli.run("addrman", "stats", "--rpcuser", "nodescope", "--rpcpassword-file", pw.toString(),
                    "--rpcport", port);
            assertThat(wrong.exitCode()).isEqualTo(2);
            assertThat(wrong.stderrLines()).containsExactly("nodescope: the node at 127.0.0.1:" + port
                    + " refused the credentials from user nodescope (password from " + pw
                    + ") (HTTP 401: check --datadir/--chain or --rpccookiefile for the cookie, the password for --rpcuser)");
            assertThat(wrong.stdout() + wrong.stderr()).doesNotContain(PASSWORD);

            Files.writeString(pw, PASSWORD);
            Cli.Result forbidden = Cli.run("addrman", "snapshot", "--rpcuser", "nodescope", "--rpcpassword-file", pw.toString(),
                    "--rpcport", port, "--out", dir.resolve("x.nsam").toString());
            assertThat(forbidden.exitCode()).isEqualTo(2);
            assertThat(forbidden.stderrLines()).containsExactly("nodescope: RPC user nodescope may not call getrawaddrman,"
                    + " getaddrmaninfo, getpeerinfo, getnetworkinfo at 127.0.0.1:" + port
                    + " (HTTP 403: add them to its rpcwhitelist line, see docs/addrman.md)");
            assertThat(forbidden.stdout() + forbidden.stderr()).doesNotContain(PASSWORD);
            assertThat(dir.resolve("x.nsam")).doesNotExist();
        }
        // a password on the command line is refused, and not repeated back
        Cli.Result onCommandLine = Cli.run("addrman", "stats", "--rpcuser", "nodescope", "--rpcpassword", PASSWORD);
        assertThat(onCommandLine.exitCode()).isEqualTo(2);
        assertThat(onCommandLine.stdout() + onCommandLine.stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD);
        Cli.Result unreachable = Cli.run("addrman", "watch", "--rpcuser", "u", "--rpcpassword-file", pw.toString(),
                "--rpcport", String.valueOf(port), "--out", dir.resolve("h").toString());
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.stderrLines()).containsExactly("nodescope: node not reachable at 127.0.0.1:" + port
                + ": connection refused (is bitcoind running with -server, and is this its -rpcport?)");
        Cli.Result missing = Cli.run("addrman", "diff", dir.resolve("a.nsam").toString(), dir.resolve("b.nsam").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderrLines()).containsExactly("nodescope: no such snapshot file: " + dir.resolve("a.nsam"));
    }
}
