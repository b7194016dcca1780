package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodescope.rpc.Chain;
import dev.nodescope.rpc.RpcClient;
import dev.nodescope.rpc.RpcCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Against a real bitcoind, when one is given: {@code NODESCOPE_REAL_NODE_DATADIR} (its -datadir),
 * {@code NODESCOPE_REAL_NODE_CHAIN} (default regtest) and {@code NODESCOPE_REAL_NODE_RPCPORT}
 * (default: the chain's). The snapshot's statistics must equal what the node's own
 * getaddrmaninfo says, network by network. Skipped without a node.
 */
class RealNodeAddrmanTest {
    @Test
    void statisticsEqualTheNodesOwnCounts() {
        String datadir = System.getenv("NODESCOPE_REAL_NODE_DATADIR");
        assumeTrue(datadir != null, "no real node: set NODESCOPE_REAL_NODE_DATADIR (and _CHAIN, _RPCPORT) to run this");
        Chain chain = Chain.named(System.getenv().getOrDefault("NODESCOPE_REAL_NODE_CHAIN", "regtest"));
        String port = System.getenv("NODESCOPE_REAL_NODE_RPCPORT");
        try (RpcClient rpc = new RpcClient("127.0.0.1", port == null ? chain.defaultRpcPort() : Integer.parseInt(port),
                RpcCredentials.cookie(chain.cookieFile(Path.of(datadir))), Duration.ofSeconds(30))) {
            AddrmanSnapshot s = new SnapshotTaker(rpc, System::currentTimeMillis).take();
            AddrmanStats st = AddrmanStats.of(s, Grouping.withoutAsmap());
            assertThat(st.countsAgree()).as("entries against getaddrmaninfo all_networks").isTrue();
            Map<String, Set<String>> newAddresses = new HashMap<>();
            Map<String, Integer> tried = new HashMap<>();
            for (AddrEntry e : s.entries()) {
                if (e.table() == Table.NEW) {
                    newAddresses.computeIfAbsent(e.network(), k -> new HashSet<>()).add(e.endpoint());
                } else {
                    tried.merge(e.network(), 1, Integer::sum);
                }
            }
            s.counts().forEach((network, c) -> {
                if (!network.equals("all_networks")) {
                    assertThat(newAddresses.getOrDefault(network, Set.of()).size()).as(network + " new").isEqualTo((int) c[0]);
                    assertThat(tried.getOrDefault(network, 0)).as(network + " tried").isEqualTo((int) c[1]);
                }
            });
        }
    }
}
