package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The propagation table: arrivals and delays, completion (every node, a detach, the timeout), a repeat, and its bound. */
class BlockPropagationTest {
    static final long S = 1_000_000_000L;

    final List<String> told = new ArrayList<>();
    final BlockPropagation blocks = new BlockPropagation(new BlockPropagation.Listener() {
        @Override
        public void delay(String node, long delayNanos) {
            told.add("delay " + node + " " + delayNanos / 1_000_000 + "ms");
        }

        @Override
        public void complete(BlockPropagation.Block b) {
            told.add("complete " + b.hash() + " spread " + b.spreadNanos() / 1_000_000 + "ms slowest " + b.slowest());
        }
    });

    @Test
    void aBlockCompletesWhenEveryNodeConnectedItOrADetachOrTheTimeoutSaysSo() {
        blocks.connected("a", "h1", 1, 0);
        blocks.connected("b", "h1", 1, S / 2);
        blocks.connected("c", "h2", 2, 100 * S);        // c joins the fleet: h2 waits for a and b
        blocks.connected("a", "h2", 2, 101 * S);
        blocks.connected("a", "h2", 2, 102 * S);        // again (a reorg back): its first time counts
        blocks.detached("b", 103 * S);                   // h2 no longer waits for b
        blocks.connected("a", "h3", 3, 200 * S);
        blocks.connected("c", "h3", 3, 203 * S);         // every node (a, c): complete
        blocks.connected("c", "h4", 4, 300 * S);
        blocks.connected("a", "h5", 5, 300 * S + BlockPropagation.TIMEOUT_NANOS); // h4 timed out with c alone: nothing to say
        assertThat(told).containsExactly(
                "delay a 0ms", "delay b 500ms", "complete h1 spread 500ms slowest b",
                "delay c 0ms", "delay a 1000ms",
                "complete h2 spread 1000ms slowest a",
                "delay a 0ms", "delay c 3000ms", "complete h3 spread 3000ms slowest c");
        List<BlockPropagation.Block> recent = blocks.recent();
        assertThat(recent).extracting(BlockPropagation.Block::hash).containsExactly("h5", "h4", "h3", "h2", "h1");
        assertThat(recent.get(1).complete()).isTrue();
        assertThat(recent.get(3).arrivals()).extracting(BlockPropagation.Arrival::node).containsExactly("c", "a");
        assertThat(blocks.nodes()).containsExactly("a", "c");
    }

    @Test
    void keepsTheLastHundredBlocksAndCompletesWhatItDrops() {
        for (int i = 0; i < BlockPropagation.MAX_BLOCKS + 5; i++) {
            blocks.connected("a", "h" + i, i, i * S);
        }
        assertThat(blocks.recent()).hasSize(BlockPropagation.MAX_BLOCKS);
        assertThat(blocks.recent().getLast().hash()).isEqualTo("h5");
        assertThat(told).isEmpty(); // one node: no propagation
    }
}
