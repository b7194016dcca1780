package dev.nodescope.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nodescope addrman} against a real bitcoind whose addrman a scripted peer filled over
 * loopback, through the least-privilege user docs/addrman.md recommends (rpcauth + the
 * rpcwhitelist line): the statistics must equal the node's own getaddrmaninfo and getrawaddrman.
 */
@Tag("real-node")
@ExtendWith(RealNodeAvailable.class)
class RealNodeAddrmanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "addrman-watcher-password-7f3a";

    @Test
    void statsOfASnapshotEqualTheNodesOwnCounts(@TempDir Path dir) throws Exception {
        String salt = "5e1f0c2d4a6b8c9d0e1f2a3b4c5d6e7f";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hash = HexFormat.of().formatHex(mac.doFinal(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        try (PrivateNetwork network = PrivateNetwork.create();
             RegtestNode node = RegtestNode.start(network, dir.resolve("a"), 0, "-rpcauth=nodescope:" + salt + "$" + hash,
                     "-rpcwhitelist=nodescope:getrawaddrman,getaddrmaninfo,getpeerinfo,getnetworkinfo,getblockchaininfo",
                     "-rpcwhitelistdefault=0", // the cookie, which drives the node here, keeps every method
                     "-whitelist=addr@127.0.0.1"); // the scripted peer's addresses are not rate-limited
             ScriptedPeer.Driver peer = new ScriptedPeer.Driver(network, node.p2pPort())) {
            peer.run("handshake");
            peer.run("addr 600 0");
            peer.run("sync");

            Path pw = dir.resolve("pw");
            Files.writeString(pw, PASSWORD + "\n");
            Path file = dir.resolve("a.nsam");
            // nodescope runs inside the node's private network namespace to reach its RPC port
            Process p = new ProcessBuilder(network.inside(Cli.command("addrman", "snapshot", "--rpcuser", "nodescope",
                    "--rpcpassword-file", pw.toString(), "--chain", "regtest", "--rpcport", Integer.toString(node.rpcPort()),
                    "--out", file.toString()))).start();
            Cli.Result snap = Cli.finish(p, 120);
            assertThat(snap.exitCode()).as(snap.stderr()).isZero();
            assertThat(snap.stderr()).doesNotContain(PASSWORD);

            JsonNode info = node.rpc("getaddrmaninfo");
            JsonNode raw = node.rpc("getrawaddrman");
            Cli.Result stats = Cli.run("addrman", "stats", file.toString(), "--format", "json");
            assertThat(stats.exitCode()).as(stats.stderr()).isZero();
            JsonNode s = JSON.readTree(stats.stdout());
            assertThat(info.path("all_networks").path("new").asInt()).isPositive();
            assertThat(s.path("counts_agree").asBoolean()).isTrue();
            assertThat(s.path("new").path("addresses").asInt()).isEqualTo(info.path("all_networks").path("new").asInt());
            assertThat(s.path("tried").path("slots").asInt()).isEqualTo(info.path("all_networks").path("tried").asInt());
            assertThat(s.path("new").path("slots").asInt()).isEqualTo(raw.path("new").size());
            assertThat(s.path("networks").path("ipv4").path("new").asInt()).isEqualTo(raw.path("new").size());
            // every address came from the scripted peer (127.0.0.1: one unroutable source group), from 1.0/16, 1.1/16 and 1.2/16
            assertThat(s.path("new").path("source_netgroups").path("distinct").asInt()).isEqualTo(1);
            assertThat(s.path("new").path("source_netgroups").path("top").get(0).path("group").asText()).isEqualTo("unroutable");
            for (JsonNode g : s.path("new").path("netgroups").path("top")) {
                assertThat(g.path("group").asText()).isIn("1.0.0.0/16", "1.1.0.0/16", "1.2.0.0/16");
            }
            // and Core's bucketing shows: one source group reaches at most 64 new buckets
            assertThat(s.path("new").path("buckets_used").asInt()).isLessThanOrEqualTo(64);

            // watch --rpc polls the same addrman through the same least-privilege user (the whitelist line of
            // docs/addrman.md): its first poll must pass, or it stops at once; one sign (an addrman filled by one
            // source, unroutable at that) and no outbound peer give no eclipse score
            Process w = new ProcessBuilder(network.inside(Cli.command("watch", "--pid", Long.toString(node.pid()), "--rpc",
                    "--rpcuser", "nodescope", "--rpcpassword-file", pw.toString(), "--chain", "regtest", "--rpcport",
                    Integer.toString(node.rpcPort()), "--rpc-every", "1s", "--duration", "4s"))).start();
            Cli.Result watch = Cli.finish(w, 120);
            assertThat(watch.exitCode()).as(watch.stderr()).isZero();
            assertThat(watch.stderr()).doesNotContain(PASSWORD).doesNotContain("snapshot failed");
            assertThat(watch.stderrLines()).anyMatch(l -> l.matches("nodescope: watched [0-9,]+ events: no alert fired"));
        }
    }
}
