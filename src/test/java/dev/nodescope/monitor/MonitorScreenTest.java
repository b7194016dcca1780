package dev.nodescope.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.nodescope.event.Network;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The monitor on a virtual terminal with a scripted stream: what the screen shows, exactly. */
class MonitorScreenTest {
    static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333";
    static final byte[] PING = {1, 2, 3, 4, 5, 6, 7, 8};

    /** Four peers: inbound 7 (misbehaves), outbound 8, block-relay 9 (closes), 5 connected before attach. */
    static Harness busy(int width, int height, boolean replay) throws Exception {
        Harness h = new Harness(width, height, replay);
        TestEvents e = new TestEvents();
        h.feed(e.attached(0), e.inbound(0, 7, "127.0.0.1:50412", Network.UNROUTABLE),
                e.outbound(1, 8, "203.0.113.45:8333", "outbound-full-relay", Network.IPV4),
                e.outbound(2, 9, ONION, "block-relay-only", Network.ONION));
        h.frame(2); // rates start here
        h.feed(e.in(3, 7, "127.0.0.1:50412", "inbound", "ping", 8, PING),
                e.out(3, 7, "127.0.0.1:50412", "inbound", "pong", 8, PING),
                e.out(3, 8, "203.0.113.45:8333", "outbound-full-relay", "inv", 37, null),
                e.out(3, 8, "203.0.113.45:8333", "outbound-full-relay", "inv", 37, null),
                e.in(3, 8, "203.0.113.45:8333", "outbound-full-relay", "headers", 16_200, null),
                e.in(3.5, 5, "198.51.100.7:8333", "inbound", "tx", 250, null),
                e.misbehaving(3.5, 7, "headers message size = 2001"),
                e.closed(3.5, 9, ONION, "block-relay-only", Network.ONION, TestEvents.T0 + 2),
                e.block(3.5, 870001, 123_456_789), e.added(3.5), e.added(3.5), e.added(3.5), e.removed(3.5));
        return h;
    }

    static final String HEADER_80 = "     ID TYPE  ADDRESS              AGE MSG IN MSG OUT B/S IN B/S OUT LAST";
    static final String ROW_5 = "      5 in    198.51.100.7:8333    >0s      1       0    125       0 tx";
    static final String ROW_7 = "!     7 in    127.0.0.1:50412       4s      1       1      4       4 pong";
    static final String ROW_8 = "      8 full  203.0.113.45:8333     3s      1       2   8100      37 headers";
    static final String ROW_9 = "x     9 block pg6mmjiyjmcrsslv~     1s      0       0      0       0";

    @Test
    void peersTableAt80x24() throws Exception {
        List<String> lines = busy(80, 24, false).frame(4);
        assertThat(lines.subList(0, 7)).containsExactly(
                "nodescope monitor  node test-node  pid 4242  height 870001 (123.5 ms, 0s ago)",
                "LIVE  mempool +1.5/s -0.5/s  events 6.5/s  peers 3",
                " ^" + HEADER_80.substring(2),
                ROW_5, ROW_7, ROW_8, ROW_9);
        assertThat(lines.subList(7, 22)).allMatch(String::isEmpty);
        // the selection stayed on peer 7 when peer 5 appeared above it
        assertThat(lines.get(22)).isEqualTo("peer 7  inbound  unroutable  misbehaving: headers message size = 2001  127.0.0.~");
        assertThat(lines.get(23)).isEqualTo("q:quit ?:help /:filter <>:sort r:reverse Enter:peer");
    }

    @Test
    void sortMovesAmongVisibleColumnsAndReverses() throws Exception {
        Harness h = busy(80, 24, false);
        h.frame(4);
        for (int i = 0; i < 6; i++) {
            h.key('>'); // TYPE, ADDRESS, AGE, MSG IN, MSG OUT, B/S IN
        }
        List<String> lines = h.frame(4);
        assertThat(lines.get(2)).isEqualTo("     ID TYPE  ADDRESS              AGE MSG IN MSG OUTvB/S IN B/S OUT LAST");
        assertThat(lines.subList(3, 7)).containsExactly(ROW_8, ROW_5, ROW_7, ROW_9);
        h.key('r');
        lines = h.frame(4);
        assertThat(lines.get(2)).isEqualTo("     ID TYPE  ADDRESS              AGE MSG IN MSG OUT^B/S IN B/S OUT LAST");
        assertThat(lines.subList(3, 7)).containsExactly(ROW_9, ROW_7, ROW_5, ROW_8);
        h.key('<');
        h.key('<');
        h.key('<'); // AGE: oldest first
        lines = h.frame(4);
        assertThat(lines.get(2)).isEqualTo("     ID TYPE  ADDRESS          v   AGE MSG IN MSG OUT B/S IN B/S OUT LAST");
        assertThat(lines.subList(3, 7)).containsExactly(ROW_7, ROW_8, ROW_9, ROW_5);
    }

    @Test
    void filterByAddressTypeOrNetwork() throws Exception {
        Harness h = busy(80, 24, false);
        h.frame(4);
        h.key('/');
        h.type("ONION");
        assertThat(h.frame(4).get(23)).isEqualTo("filter: ONION_  (address, type or network; Enter applies, Esc cancels)");
        h.key(KeyType.Enter);
        List<String> lines = h.frame(4);
        assertThat(lines.subList(3, 5)).containsExactly(ROW_9, "");
        assertThat(lines.get(22)).isEqualTo("peer 9  block-relay-only  onion  closed 0s ago  pg6mmjiyjmcrsslvykfwnntlaru7p5s~");
        assertThat(lines.get(23)).isEqualTo("filter 'onion': 1 of 4  q:quit ?:help /:filter <>:sort r:reverse Enter:peer");
        h.key('/');
        h.key(KeyType.Backspace);
        h.key(KeyType.Backspace);
        h.key(KeyType.Backspace);
        h.key(KeyType.Backspace);
        h.key(KeyType.Backspace);
        h.type("full");
        h.key(KeyType.Enter);
        assertThat(h.frame(4).subList(3, 5)).containsExactly(ROW_8, "");
        h.key('/');
        h.type("xyz");
        h.key(KeyType.Escape); // cancels the edit, keeps 'full'
        assertThat(h.frame(4).subList(3, 5)).containsExactly(ROW_8, "");
        h.key(KeyType.Escape); // clears the filter
        assertThat(h.frame(4).subList(3, 7)).containsExactly(ROW_5, ROW_7, ROW_8, ROW_9);
    }

    @Test
    void peerViewCountsPerTypeAndDecodedMessages() throws Exception {
        Harness h = busy(80, 24, false);
        h.frame(4);
        h.key(KeyType.Enter); // peer 7 is selected
        List<String> lines = h.frame(4);
        assertThat(lines.subList(2, 10)).containsExactly(
                "peer 7  inbound  unroutable  misbehaving: headers message size = 2001  127.0.0.~",
                "TYPE          MSG IN  BYTES IN  MSG OUT  BYTES OUT",
                "ping               1         8        0          0",
                "pong               0         0        1          8",
                "TIME            TYPE            SIZE  LAST 2 MESSAGES, NEWEST FIRST",
                "22:13:23.000 -> pong               8  nonce 0807060504030201",
                "22:13:23.000 <- ping               8  nonce 0807060504030201",
                "");
        assertThat(lines.get(23)).isEqualTo("Esc:back Up/Down/PgUp/PgDn:scroll q:quit ?:help");
        h.key(KeyType.Escape);
        assertThat(h.frame(4).get(2)).isEqualTo(" ^" + HEADER_80.substring(2));
    }

    @Test
    void peerViewScrollsTheMessageList() throws Exception {
        Harness h = new Harness(80, 24, false);
        TestEvents e = new TestEvents();
        h.feed(e.attached(0), e.inbound(0, 3, "10.0.0.3:8333", Network.IPV4));
        for (int i = 0; i < 40; i++) {
            h.feed(e.in(1 + i, 3, "10.0.0.3:8333", "inbound", "ping", 8, new byte[] {(byte) i, 0, 0, 0, 0, 0, 0, 0}));
        }
        h.frame(41);
        h.key(KeyType.Enter);
        List<String> lines = h.frame(41);
        // 24 rows: 2 status, peer, type header, 1 type, list header, 17 messages, keys
        assertThat(lines.get(5)).isEqualTo("TIME            TYPE            SIZE  LAST 40 MESSAGES, NEWEST FIRST");
        assertThat(lines.get(6)).isEqualTo("22:14:00.000 <- ping               8  nonce 0000000000000027");
        assertThat(lines.get(22)).isEqualTo("22:13:44.000 <- ping               8  nonce 0000000000000017");
        h.key(KeyType.PageDown);
        h.key(KeyType.ArrowDown);
        lines = h.frame(41);
        // a page is the table's 19 rows, then one more
        assertThat(lines.get(6)).isEqualTo("22:13:40.000 <- ping               8  nonce 0000000000000013");
        h.key(KeyType.End); // the oldest at the bottom
        lines = h.frame(41);
        assertThat(lines.get(22)).isEqualTo("22:13:21.000 <- ping               8  nonce 0000000000000000");
        assertThat(lines.get(6)).isEqualTo("22:13:37.000 <- ping               8  nonce 0000000000000010");
    }

    @Test
    void lossIndicatorFromLossEventsAndSourceStats() throws Exception {
        Harness h = busy(80, 24, false);
        assertThat(h.frame(4).get(1)).isEqualTo("LIVE  mempool +1.5/s -0.5/s  events 6.5/s  peers 3");
        TestEvents e = new TestEvents();
        h.feed(e.loss(4, LossStage.RING_RESERVE.jsonName(), 5), e.loss(4, LossStage.TRUNCATED.jsonName(), 9));
        assertThat(h.frame(4).get(1)).isEqualTo("LIVE  LOST ring_reserve 5  mempool +1.5/s -0.5/s  events 6.5/s  peers 3");
        // the source's counters may be ahead of its loss events: the larger count shows
        SourceStats.Tally stats = new SourceStats.Tally();
        stats.setLost(LossStage.RING_RESERVE, Tracepoint.NET_INBOUND_MESSAGE.id(), 7);
        stats.setLost(LossStage.PAYLOAD_DROPPED, Tracepoint.NET_OUTBOUND_MESSAGE.id(), 2);
        h.scripted.stats = stats.snapshot();
        assertThat(h.frame(4).get(1)).isEqualTo("LIVE  LOST ring_reserve 7, payload_dropped 2  mempool +1.5/s -0.5/s  events 6.5~");
    }

    @Test
    void endedPeersFadeOutAfterThirtySeconds() throws Exception {
        Harness h = busy(80, 24, false);
        TestEvents e = new TestEvents();
        h.feed(e.evicted(4, 7, "127.0.0.1:50412", Network.UNROUTABLE, TestEvents.T0));
        List<String> lines = h.frame(33.5);
        // rates over 2 s .. 33.5 s: 250 B / 31.5 s, 16200 B / 31.5 s
        assertThat(lines.subList(3, 7)).containsExactly(
                "      5 in    198.51.100.7:8333   >30s      1       0      8       0 tx",
                "E     7 in    127.0.0.1:50412       4s      1       1      0       0 pong",
                "      8 full  203.0.113.45:8333    32s      1       2    514       2 headers",
                "x     9 block pg6mmjiyjmcrsslv~     1s      0       0      0       0");
        assertThat(lines.get(22)).isEqualTo("peer 7  inbound  unroutable  evicted 29s ago  misbehaving: headers message size~");
        assertThat(h.frame(33.6).subList(3, 7)).containsExactly(
                "      5 in    198.51.100.7:8333   >30s      1       0      8       0 tx",
                "E     7 in    127.0.0.1:50412       4s      1       1      0       0 pong",
                "      8 full  203.0.113.45:8333    32s      1       2    514       2 headers",
                "");
        assertThat(h.frame(34.1).subList(3, 6)).containsExactly(
                "      5 in    198.51.100.7:8333   >30s      1       0      8       0 tx",
                "      8 full  203.0.113.45:8333    33s      1       2    514       2 headers",
                "");
    }

    @Test
    void replayKeysPauseAndChangeSpeed() throws Exception {
        Harness h = busy(80, 24, true);
        assertThat(h.frame(4).get(1)).startsWith("REPLAY 1x  mempool");
        assertThat(h.lines().get(23)).isEqualTo("q:quit ?:help /:filter <>:sort r:reverse Enter:peer space:pause +-:speed");
        h.key(' ');
        assertThat(h.scripted.paused()).isTrue();
        assertThat(h.frame(4).get(1)).startsWith("PAUSED 1x  mempool");
        h.key('+');
        h.key('+');
        assertThat(h.scripted.speed()).isEqualTo(4.0);
        assertThat(h.frame(4).get(1)).startsWith("PAUSED 4x  mempool");
        for (int i = 0; i < 5; i++) {
            h.key('-');
        }
        assertThat(h.scripted.speed()).isEqualTo(0.125);
        h.key(' ');
        assertThat(h.scripted.paused()).isFalse();
        assertThat(h.frame(4).get(1)).startsWith("REPLAY 1/8x  mempool");
        for (int i = 0; i < 12; i++) {
            h.key('+');
        }
        assertThat(h.scripted.speed()).isEqualTo(64.0);
    }

    @Test
    void liveSourceHasNoPaceKeys() throws Exception {
        Harness h = busy(80, 24, false);
        h.key(' ');
        h.key('+');
        assertThat(h.scripted.paused()).isFalse();
        assertThat(h.scripted.speed()).isEqualTo(1.0);
        assertThat(h.frame(4).get(1)).startsWith("LIVE  mempool");
    }

    @Test
    void helpScreenAndBack() throws Exception {
        Harness h = busy(80, 24, false);
        h.frame(4);
        h.key('?');
        List<String> lines = h.frame(4);
        assertThat(lines.get(2)).isEqualTo("Help (any key closes)");
        assertThat(lines.subList(3, 3 + HelpScreen.LINES.size())).isEqualTo(HelpScreen.LINES);
        h.key('x');
        assertThat(h.frame(4).get(2)).isEqualTo(" ^" + HEADER_80.substring(2));
    }

    @Test
    void resizingShowsMoreColumnsOrSaysTooSmall() throws Exception {
        Harness h = busy(80, 24, false);
        h.frame(4);
        h.terminal.setTerminalSize(new TerminalSize(120, 30));
        List<String> lines = h.frame(4);
        assertThat(lines.get(2)).isEqualTo(
                " ^   ID TYPE  NET   ADDRESS                        AGE MSG IN MSG OUT BYTES IN BYTES OUT B/S IN B/S OUT LAST        SEEN");
        assertThat(lines.subList(3, 7)).containsExactly(
                "      5 in    ?     198.51.100.7:8333              >0s      1       0      250         0    125       0 tx            0s",
                "!     7 in    unro~ 127.0.0.1:50412                 4s      1       1        8         8      4       4 pong          1s",
                "      8 full  ipv4  203.0.113.45:8333               3s      1       2    16.2k        74   8100      37 headers       1s",
                "x     9 block onion pg6mmjiyjmcrsslvykfwnntlar~     1s      0       0        0         0      0       0");
        assertThat(lines.get(28)).isEqualTo("peer 7  inbound  unroutable  misbehaving: headers message size = 2001  127.0.0.1:50412");
        h.terminal.setTerminalSize(new TerminalSize(50, 10));
        assertThat(h.frame(4)).containsExactly("terminal too small: 50x10, needs 60x12", "", "", "", "", "", "", "", "", "");
        h.terminal.setTerminalSize(new TerminalSize(80, 24));
        assertThat(h.frame(4).get(3)).isEqualTo(ROW_5);
    }

    @Test
    void quitKeys() throws Exception {
        Harness q = busy(80, 24, false);
        q.key('q');
        assertThat(q.monitor.quitByKey()).isTrue();
        Harness ctrlC = busy(80, 24, false);
        ctrlC.monitor.key(new KeyStroke('c', true, false));
        assertThat(ctrlC.monitor.quitByKey()).isTrue();
        Harness other = busy(80, 24, false);
        other.key('c');
        assertThat(other.monitor.quitByKey()).isFalse();
    }
}
