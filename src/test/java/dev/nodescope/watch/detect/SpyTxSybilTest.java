package dev.nodescope.watch.detect;

import static dev.nodescope.watch.detect.Feed.MS;
import static dev.nodescope.watch.detect.Feed.S;
import static dev.nodescope.watch.detect.Feed.T0;
import static dev.nodescope.watch.detect.Feed.inv;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** spy_peer, unsolicited_tx and inbound_sybil on events fed by hand: exact alert sequences. */
class SpyTxSybilTest {
    static final String IN = "203.0.113.5:40000";
    static final int MSG_TX = 1;
    static final int MSG_BLOCK = 2;
    static final int MSG_WTX = 5;
    static final int MSG_WITNESS_BLOCK = (1 << 30) | MSG_BLOCK;

    @Test
    void aPeerThatRequestsTenTimesWhatItAnnouncesIsGreedyUntilItLeaves() {
        Feed f = new Feed("");
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        f.in(T0 + S, 7, IN, "inbound", "inv", inv(40, MSG_WTX));
        // block requests (a syncing peer) are no sign
        f.in(T0 + 2 * S, 7, IN, "inbound", "getdata", inv(1000, MSG_WITNESS_BLOCK));
        for (int i = 0; i < 4; i++) {
            f.in(T0 + (3 + i) * S, 7, IN, "inbound", "getdata", inv(100, MSG_WTX));
        }
        assertThat(f.alerts).isEmpty(); // 400 requested: under min_requests
        f.in(T0 + 7 * S, 7, IN, "inbound", "getdata", inv(100, MSG_WTX));
        f.closed(T0 + 8 * S, 7, IN, "inbound");
        String said = "peer 7 (203.0.113.5:40000, inbound) requested 500 transactions and announced 40 (ratio threshold 10): it collects "
                + "transactions without relaying them {tx_requested=500 tx_announced=40 tx_sent=0 tx_announced_to=0 request_ratio=10}";
        assertThat(f.lines()).containsExactly(
                "7000ms spy_peer firing info peer:7 " + said,
                "8000ms spy_peer resolved info peer:7 peer disconnected after 1s: " + said);
    }

    @Test
    void aGreedyPeerThatStartsAnnouncingIsClearAfterTheClearTime() {
        Feed f = new Feed("detectors:\n  spy_peer:\n    clear: 3s\n");
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        f.in(T0 + S, 7, IN, "inbound", "getdata", inv(500, MSG_WTX));
        f.in(T0 + 2 * S, 7, IN, "inbound", "inv", inv(49, MSG_WTX)); // 500 >= 10 * 49: still greedy
        f.in(T0 + 4 * S, 7, IN, "inbound", "inv", inv(2, MSG_WTX)); // 500 < 10 * 51: clear from here
        f.inbound(T0 + 10 * S, 8, "192.0.2.1:1");
        String said = "peer 7 (203.0.113.5:40000, inbound) requested 500 transactions and announced 0 (ratio threshold 10): it collects "
                + "transactions without relaying them {tx_requested=500 tx_announced=0 tx_sent=0 tx_announced_to=0 request_ratio=10}";
        assertThat(f.lines()).containsExactly(
                "1000ms spy_peer firing info peer:7 " + said,
                "7000ms spy_peer resolved info peer:7 clear for 3s after 3s: " + said);
    }

    @Test
    void aPeerThatNeverAnnouncesWhatItIsToldIsSilent() {
        Feed f = new Feed("detectors:\n  spy_peer:\n    min_announced_to: 100\n");
        f.outbound(T0, 8, "198.51.100.7:8333", "outbound-full-relay");
        for (int i = 0; i < 10; i++) {
            f.out(T0 + i * S, 8, "198.51.100.7:8333", "outbound-full-relay", "inv", inv(10, MSG_WTX));
        }
        assertThat(f.lines()).containsExactly(
                "9000ms spy_peer firing info peer:8 peer 8 (198.51.100.7:8333, outbound-full-relay) was announced 100 transactions and has "
                        + "announced or sent none (threshold 100): it listens without relaying "
                        + "{tx_requested=0 tx_announced=0 tx_sent=0 tx_announced_to=100 min_announced_to=100}");
        // one that announces something is not silent
        Feed g = new Feed("detectors:\n  spy_peer:\n    min_announced_to: 100\n");
        g.outbound(T0, 8, "198.51.100.7:8333", "outbound-full-relay");
        g.in(T0, 8, "198.51.100.7:8333", "outbound-full-relay", "inv", inv(1, MSG_TX));
        for (int i = 0; i < 10; i++) {
            g.out(T0 + i * S, 8, "198.51.100.7:8333", "outbound-full-relay", "inv", inv(10, MSG_WTX));
        }
        assertThat(g.alerts).isEmpty();
    }

    @Test
    void learnAndLeaveVisitsFromOneNetgroupAreAnAlertAboutTheNetgroup() {
        Feed f = new Feed("""
                detectors:
                  spy_peer:
                    visits: 3
                    window: 20s
                    clear: 2s
                """);
        for (int i = 0; i < 3; i++) {
            String addr = "11.22.33." + (i + 1) + ":5000" + i;
            long t = T0 + i * 2 * S;
            f.inbound(t, 10 + i, addr).handshake(t, 10 + i, addr, "inbound");
            f.in(t + 100 * MS, 10 + i, addr, "inbound", "getaddr", new byte[0]);
            f.closed(t + 900 * MS, 10 + i, addr, "inbound");
        }
        // one that stays longer than a minute is no such visit; one from an unroutable address is not counted
        f.inbound(T0 + 6 * S, 20, "11.22.1.1:1").in(T0 + 6 * S, 20, "11.22.1.1:1", "inbound", "getaddr", new byte[0]);
        f.closed(T0 + 70 * S, 20, "11.22.1.1:1", "inbound");
        assertThat(f.lines()).containsExactly(
                "4900ms spy_peer firing info netgroup:11.22.0.0/16 3 inbound connections from 11.22.0.0/16 asked for addresses and left "
                        + "within 1m during the last 20s (threshold 3); the last stayed 900ms {visits_window=3 threshold=3 visits=3}",
                // the first visit (0.9 s, the first 1.25 s bucket) leaves the 20 s window at the tick of 20 s; clear for 2 s
                "22000ms spy_peer resolved info netgroup:11.22.0.0/16 clear for 2s after 15.1s: 3 inbound connections from 11.22.0.0/16 "
                        + "asked for addresses and left within 1m during the last 20s (threshold 3); the last stayed 900ms "
                        + "{visits_window=3 threshold=3 visits=3}");
    }

    @Test
    void transactionsPushedWithoutARequestFireOnlyOnceRequestsAreUsedUp() {
        Feed f = new Feed("""
                detectors:
                  unsolicited_tx:
                    txs: 3
                    window: 10s
                    clear: 2s
                """);
        String p = "198.51.100.7:8333";
        f.outbound(T0, 8, p, "outbound-full-relay").handshake(T0, 8, p, "outbound-full-relay");
        // two requested (a getdata of two wtxids and a block), both answered: fine
        f.out(T0 + S, 8, p, "outbound-full-relay", "getdata", concat(inv(2, MSG_WTX), MSG_BLOCK));
        f.in(T0 + S + 50 * MS, 8, p, "outbound-full-relay", "tx", new byte[60]);
        f.in(T0 + S + 60 * MS, 8, p, "outbound-full-relay", "tx", new byte[60]);
        // one requested, answered notfound; then three pushed
        f.out(T0 + 2 * S, 8, p, "outbound-full-relay", "getdata", inv(1, MSG_WTX));
        f.in(T0 + 2 * S + 10 * MS, 8, p, "outbound-full-relay", "notfound", inv(1, MSG_WTX));
        for (int i = 0; i < 3; i++) {
            f.in(T0 + (3 + i) * S, 8, p, "outbound-full-relay", "tx", new byte[60]);
        }
        f.inbound(T0 + 20 * S, 9, "192.0.2.1:1");
        String said = "peer 8 (198.51.100.7:8333, outbound-full-relay) pushed 3 transactions the node had not requested within 10s "
                + "(threshold 3); 3 unsolicited and 2 requested since it connected {unsolicited_window=3 threshold=3 unsolicited=3 requested=2}";
        assertThat(f.lines()).containsExactly(
                "5000ms unsolicited_tx firing warning peer:8 " + said,
                // the first push (3 s) leaves the 10 s window at the tick of 13 s (625 ms buckets); clear 2 s
                "15000ms unsolicited_tx resolved warning peer:8 clear for 2s after 8s: " + said);
    }

    @Test
    void aPeerConnectedBeforeNodescopeAttachedHasCoresInFlightLimitOutstandingAndACutGetdataCountsWhole() {
        Feed f = new Feed("");
        String p = "198.51.100.7:8333";
        // no connection event: 100 requests may have been made unseen; the 10 after them make the alert
        for (int i = 0; i < 109; i++) {
            f.in(T0 + i * 10 * MS, 8, p, "outbound-full-relay", "tx", new byte[60]);
        }
        assertThat(f.alerts).isEmpty();
        f.in(T0 + 1090 * MS, 8, p, "outbound-full-relay", "tx", new byte[60]);
        assertThat(f.lines()).hasSize(1).first().asString().startsWith("1090ms unsolicited_tx firing warning peer:8 ")
                .contains("10 unsolicited and 100 requested");
        // a getdata of 50 cut after 3 items: all 50 count as requests
        Feed g = new Feed("detectors:\n  unsolicited_tx:\n    txs: 1\n");
        g.outbound(T0, 9, p, "outbound-full-relay");
        g.engine.accept(new dev.nodescope.event.OutboundMessage(Feed.meta(T0 + S), 9, p, "outbound-full-relay", "getdata", 1801, 3 * 36 + 1,
                true, java.util.Arrays.copyOf(inv(50, MSG_WTX), 3 * 36 + 1)));
        for (int i = 0; i < 50; i++) {
            g.in(T0 + 2 * S + i * MS, 9, p, "outbound-full-relay", "tx", new byte[60]);
        }
        assertThat(g.alerts).isEmpty();
    }

    @Test
    void requestsExpireAsCoresDo() {
        Feed f = new Feed("detectors:\n  unsolicited_tx:\n    txs: 1\n");
        String p = "198.51.100.7:8333";
        f.outbound(T0, 8, p, "outbound-full-relay");
        f.out(T0 + S, 8, p, "outbound-full-relay", "getdata", inv(5, MSG_TX));
        f.in(T0 + 200 * S, 8, p, "outbound-full-relay", "tx", new byte[60]);
        assertThat(f.lines()).hasSize(1).first().asString().startsWith("200000ms unsolicited_tx firing warning peer:8 ");
    }

    @Test
    void manyInboundConnectionsFromOneNetgroupOrWithOneUserAgent() {
        Feed f = new Feed("""
                detectors:
                  inbound_sybil:
                    window: 10s
                    netgroup_connections: 4
                    user_agent_connections: 5
                    clear: 1s
                """);
        for (int i = 0; i < 5; i++) {
            String addr = "11.22." + i + ".9:4000" + i;
            f.inbound(T0 + i * S, 30 + i, addr);
            f.in(T0 + i * S + 10 * MS, 30 + i, addr, "inbound", "version", Feed.version("/Sybil:1.0/\u0007"));
        }
        // an unroutable peer (loopback) with the same user agent counts for the user agent only
        f.inbound(T0 + 5 * S, 40, "127.0.0.1:5555").in(T0 + 5 * S, 40, "127.0.0.1:5555", "inbound", "version", Feed.version("/Sybil:1.0/"));
        f.inbound(T0 + 30 * S, 41, "192.0.2.1:1");
        assertThat(f.lines()).containsExactly(
                "3000ms inbound_sybil firing warning netgroup:11.22.0.0/16 4 inbound connections from netgroup 11.22.0.0/16 within 10s "
                        + "(threshold 4; 4 peers connected now), the last peer 33 (11.22.3.9:40003) "
                        + "{connections_window=4 threshold=4 connections=4 peers_connected=4}",
                "4010ms inbound_sybil firing warning user_agent:/Sybil:1.0/ 5 inbound connections with user agent /Sybil:1.0/ within 10s "
                        + "(threshold 5; 5 peers connected now), the last peer 34 (11.22.4.9:40004) "
                        + "{connections_window=5 threshold=5 connections=5 peers_connected=5}",
                // both windows (625 ms buckets) drop below their threshold at the tick of 11 s (the 1 s connection and the
                // 1.01 s version leave); clear for 1 s: resolved at 12 s, the user agent's first (checked first)
                "12000ms inbound_sybil resolved warning user_agent:/Sybil:1.0/ clear for 1s after 6.9s: 6 inbound connections with user "
                        + "agent /Sybil:1.0/ within 10s (threshold 5; 6 peers connected now), the last peer 40 (127.0.0.1:5555) "
                        + "{connections_window=6 threshold=5 connections=6 peers_connected=6}",
                "12000ms inbound_sybil resolved warning netgroup:11.22.0.0/16 clear for 1s after 8s: 5 inbound connections from netgroup "
                        + "11.22.0.0/16 within 10s (threshold 4; 5 peers connected now), the last peer 34 (11.22.4.9:40004) "
                        + "{connections_window=5 threshold=4 connections=5 peers_connected=5}");
    }

    private static byte[] concat(byte[] invPayload, int extraType) {
        byte[] out = java.util.Arrays.copyOf(invPayload, invPayload.length + 36);
        out[0]++;
        out[invPayload.length] = (byte) extraType;
        return out;
    }
}
