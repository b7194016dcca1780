package dev.nodescope.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What keeps a day's tally in bounded memory: top talkers tracked at most k at a time, message types folded past a cap, time blocks merged. */
class BoundedTest {
    @Test
    void topTalkersKeepTheHeavyPeersAndSayWhenCountsMayBeOver() {
        TopTalkers t = new TopTalkers(3);
        // two heavy peers, then many light ones passing through
        for (int round = 0; round < 100; round++) {
            t.add(new PeerKey("n", 1), "a1", "inbound", true, 1000);
            t.add(new PeerKey("n", 2), "a2", "inbound", false, 500);
            t.add(new PeerKey("n", 100 + round), "x", "inbound", true, 1);
        }
        List<Talker> top = t.top(2);
        assertThat(top).extracting(Talker::peerId).containsExactly(1L, 2L);
        // both were tracked from their first message: never replaced, exact
        assertThat(top.get(0).received()).isEqualTo(100_000);
        assertThat(top.get(0).error()).isZero();
        assertThat(top.get(1).sent()).isEqualTo(50_000);
        assertThat(t.exact()).isFalse();
        assertThat(t.peers()).isEqualTo(102);
        // the third slot went round the light peers: the last one carries the others' bytes as possible overcount
        Talker light = t.top(3).get(2);
        assertThat(light.peerId()).isEqualTo(199);
        assertThat(light.received()).isEqualTo(1);
        assertThat(light.error()).isEqualTo(99);
    }

    @Test
    void messageTypesPastTheCapCountAsOther() {
        Labels labels = new Labels(4);
        assertThat(labels.intern("inv")).isZero();
        assertThat(labels.intern("tx")).isEqualTo(1);
        assertThat(labels.intern("ping")).isEqualTo(2);
        int other = labels.intern("junk1");
        assertThat(labels.intern("junk2")).isEqualTo(other);
        assertThat(labels.intern("inv")).isZero();
        assertThat(labels.name(other)).isEqualTo(Labels.OTHER);
        assertThat(labels.size()).isEqualTo(4);
    }

    @Test
    void longWindowsMergeTimeBlocks() {
        TimeBlocks blocks = new TimeBlocks(1_000_000_000L, 4, 2, 2);
        for (int s = 0; s < 10; s++) {
            blocks.message(s * 1_000_000_000L, 0, Direction.SENT, 0, 10, false);
        }
        TimeBlocks.Series series = blocks.finish(10_000_000_000L);
        // 10 s in at most 4 blocks: 4 s blocks (1 s, doubled twice), the last covering 2 s
        assertThat(series.blockNanos()).isEqualTo(4_000_000_000L);
        assertThat(series.lengths()).containsExactly(4_000_000_000L, 4_000_000_000L, 2_000_000_000L);
        assertThat(series.bytes(Grouping.MSG_TYPE, 0, Measure.PAYLOAD)).containsExactly(40, 40, 20);
        assertThat(series.bytes(Grouping.DIRECTION, 1, Measure.WIRE_V1)).containsExactly(40 + 4 * 24, 40 + 4 * 24, 20 + 2 * 24);
    }
}
