package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * eviction_storm: the node's inbound slots are full; after 8 s in which one newcomer a second evicts an
 * inbound peer, an attacker's connections evict 12 a second for 5 s, then 8 s of calm again.
 */
public final class EvictionStormAttack implements AttackScenario {
    @Override
    public String name() {
        return "eviction_storm";
    }

    @Override
    public String description() {
        return "new inbound connections evict 12 of the node's inbound peers a second for 5 s, against a calm of one a second";
    }

    @Override
    public String detector() {
        return "eviction_storm";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  eviction_storm:
                    interval: 1s
                    baseline: 30s
                    warmup: 6s
                    min_count: 6
                    for: 2s
                    clear: 3s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines l = new AttackLines(out, stopped);
        long established = System.currentTimeMillis() / 1000 - 3600;
        l.leadIn("net:evicted_inbound_connection");
        long victim = 1;
        long newcomer = 1000;
        for (int s = 0; s < 21 && !l.stopped(); s++) {
            boolean attack = s >= 8 && s < 13;
            int evictions = attack ? 12 : 1;
            for (int i = 0; i < evictions; i++) {
                String victimAddr = "192.0.2." + (victim % 250 + 1) + ":8333";
                l.inboundConnection(newcomer, "203.0.113." + (newcomer % 250 + 1) + ":" + (30_000 + newcomer % 1000), 115);
                newcomer++;
                l.evicted(victim, victimAddr, established);
                l.closed(victim++, victimAddr, "inbound", established);
                l.sleep(1000 / evictions);
            }
        }
        l.flush();
    }
}
