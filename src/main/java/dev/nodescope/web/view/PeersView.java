package dev.nodescope.web.view;

import dev.nodescope.node.NodeSnapshot;
import dev.nodescope.node.PeerSnapshot;
import dev.nodescope.stream.EventStream;
import dev.nodescope.web.Feed;
import dev.nodescope.web.PeerAlerts;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peers page: like {@code bitcoin-cli -netinfo 4}, live. A snapshot of the node state's peers
 * of one node (param {@code node}, default the last attached), ended peers during their grace
 * period included (marked), with the alerts open about each. Sorting and filtering are the page's.
 */
public final class PeersView implements WebView {
    private final WebContext context;
    private final PeerAlerts alerts;

    public PeersView(WebContext context, PeerAlerts alerts) {
        this.context = context;
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return "peers";
    }

    @Override
    public void register(EventStream stream) {
        // everything comes from the shared node state, folded by the tool
    }

    @Override
    public Feed open(Map<String, String> params) {
        String asked = params.get("node");
        String key = "peers:" + (asked == null ? "" : asked);
        return new Feed() {
            @Override
            public Object next() {
                return page(asked);
            }

            @Override
            public String sharedKey() {
                return key;
            }
        };
    }

    private Page page(String asked) {
        long now = context.clock().getAsLong();
        String node = context.defaultNode(asked);
        List<String> nodes = context.state().nodeNames();
        if (node == null) {
            return new Page(null, nodes, now, 0, -1, List.of());
        }
        NodeSnapshot n = context.state().node(node, now);
        List<PeerSnapshot> peers = context.state().peers(node, now);
        List<Row> rows = new ArrayList<>(peers.size());
        for (PeerSnapshot p : peers) {
            rows.add(new Row(p.id(), p.connType(), p.network(), p.direction().name().toLowerCase(java.util.Locale.ROOT),
                    p.addr() == null ? null : context.addresses().apply(p.addr()), p.ageNanos(now) / 1e9, p.ageIsLowerBound(),
                    p.state().name().toLowerCase(java.util.Locale.ROOT), p.msgsIn(), p.msgsOut(), p.bytesIn(), p.bytesOut(),
                    p.pingNanos() < 0 ? null : p.pingNanos() / 1e6, p.misbehaving(), p.misbehaviours(), p.userAgent(),
                    p.lastMsgType(), alerts.open(node, p.id())));
        }
        return new Page(node, nodes, now, n == null ? 0 : n.openPeers(), n == null ? -1 : n.height(), rows);
    }

    /** What the page gets: the node shown, the nodes there are, the time ages are at (epoch ns) and one row per peer. */
    public record Page(String node, List<String> nodes, long now, int open, int height, List<Row> peers) {
    }

    /**
     * One peer.
     *
     * @param direction     inbound, outbound or unknown (connected before nodescope attached)
     * @param addr          the address, or its pseudonym under {@code --redact-ips}
     * @param ageLowerBound the peer connected before nodescope attached: its age is at least this
     * @param state         open, closed or evicted
     * @param pingMs        the last ping round trip, or null (needs payloads)
     * @param alerts        alerts of {@code watch} open about this peer
     */
    public record Row(long id, String connType, String network, String direction, String addr, double ageSeconds,
                      boolean ageLowerBound, String state, long msgsIn, long msgsOut, long bytesIn, long bytesOut, Double pingMs,
                      String misbehaving, long misbehaviours, String userAgent, String lastMsgType, int alerts) {
    }
}
