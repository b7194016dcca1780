package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * bandwidth_surge: after 8 s of ordinary relay (inv and tx), one inbound peer asks for old blocks again
 * and again: the node sends it ten 250 KB blocks a second (2.5 MB/s of block/outbound) for 5 s, then
 * 8 s of ordinary relay again.
 */
public final class BandwidthSurgeAttack implements AttackScenario {
    private static final String PEERS = "192.0.2.7:8333";
    private static final String LEECH = "198.51.100.23:50123";

    @Override
    public String name() {
        return "bandwidth_surge";
    }

    @Override
    public String description() {
        return "an inbound peer requests old blocks over and over: 2.5 MB/s of block/outbound for 5 s, against ordinary relay";
    }

    @Override
    public String detector() {
        return "bandwidth_surge";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  bandwidth_surge:
                    interval: 1s
                    baseline: 30s
                    warmup: 6s
                    min_bytes: 500000
                    for: 2s
                    clear: 3s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines l = new AttackLines(out, stopped);
        l.leadIn("net:outbound_message");
        for (int s = 0; s < 21 && !l.stopped(); s++) {
            boolean attack = s >= 8 && s < 13;
            for (int tenth = 0; tenth < 10; tenth++) {
                if (tenth % 3 == 0) {
                    l.message(true, 3, PEERS, "outbound-full-relay", "inv", 37);
                    l.message(false, 3, PEERS, "outbound-full-relay", "inv", 37);
                }
                if (tenth == 5) {
                    l.message(true, 3, PEERS, "outbound-full-relay", "tx", 250);
                }
                if (attack) {
                    l.message(true, 42, LEECH, "inbound", "getdata", 37);
                    l.message(false, 42, LEECH, "inbound", "block", 250_000);
                }
                l.sleep(100);
            }
        }
        l.flush();
    }
}
