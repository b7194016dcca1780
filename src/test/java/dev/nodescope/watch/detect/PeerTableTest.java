package dev.nodescope.watch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-peer table against a HashMap under random puts and removes (removal shifts runs back: lookups must still find everything). */
class PeerTableTest {
    @Test
    void behavesAsAMapOfNodeAndPeerId() {
        PeerTable<String> table = new PeerTable<>();
        Map<String, String> model = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            String node = random.nextInt(10) == 0 ? "n2" : "n1";
            long id = random.nextInt(3000);
            String key = node + "/" + id;
            switch (random.nextInt(3)) {
                case 0 -> {
                    table.put(node, id, "v" + i);
                    model.put(key, "v" + i);
                }
                case 1 -> assertThat(table.remove(node, id)).isEqualTo(model.remove(key));
                default -> assertThat(table.get(node, id)).isEqualTo(model.get(key));
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        assertThat(table.values()).containsExactlyInAnyOrderElementsOf(model.values());
    }
}
