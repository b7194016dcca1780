package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * connection_churn: after 8 s of a calm inbound churn (a crawler connecting and leaving every second),
 * one attacker opens and drops 15 inbound connections a second for 5 s, then 8 s of calm again.
 */
public final class ConnectionChurnAttack implements AttackScenario {
    @Override
    public String name() {
        return "connection_churn";
    }

    @Override
    public String description() {
        return "an attacker opens and drops 15 inbound connections a second for 5 s, against a calm of one a second";
    }

    @Override
    public String detector() {
        return "connection_churn";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  connection_churn:
                    interval: 1s
                    baseline: 30s
                    warmup: 6s
                    min_count: 10
                    for: 2s
                    clear: 3s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines l = new AttackLines(out, stopped);
        long epoch = System.currentTimeMillis() / 1000;
        l.leadIn("net:closed_connection");
        long peer = 100;
        for (int s = 0; s < 21 && !l.stopped(); s++) {
            boolean attack = s >= 8 && s < 13;
            if (!attack) {
                String addr = "198.51.100." + (10 + s) + ":51000";
                l.inboundConnection(peer, addr, 9);
                l.sleep(300);
                l.closed(peer++, addr, "inbound", epoch);
                l.sleep(700);
                continue;
            }
            for (int i = 0; i < 15; i++) {
                String addr = "203.0.113." + (1 + i) + ":" + (40_000 + s * 100 + i);
                l.inboundConnection(peer, addr, 10);
                l.closed(peer++, addr, "inbound", epoch);
                l.sleep(66);
            }
        }
        l.flush();
    }
}
