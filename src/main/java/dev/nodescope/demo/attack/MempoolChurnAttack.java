package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * mempool_churn: after 8 s of ordinary mempool traffic (three transactions accepted and one rejected as
 * already known a second), someone pushes 20 transactions a second below the mempool's minimum fee for
 * 5 s, then 8 s of ordinary traffic again.
 */
public final class MempoolChurnAttack implements AttackScenario {
    @Override
    public String name() {
        return "mempool_churn";
    }

    @Override
    public String description() {
        return "20 transactions a second below the mempool's minimum fee for 5 s (spam), against ordinary mempool traffic";
    }

    @Override
    public String detector() {
        return "mempool_churn";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  mempool_churn:
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
        l.leadIn("mempool:rejected");
        for (int s = 0; s < 21 && !l.stopped(); s++) {
            boolean attack = s >= 8 && s < 13;
            for (int twentieth = 0; twentieth < 20; twentieth++) {
                if (twentieth % 7 == 0) {
                    l.added(141 + twentieth, 2_000 + 10L * twentieth);
                }
                if (twentieth == 10) {
                    l.rejected("txn-already-known");
                }
                if (attack) {
                    l.rejected("mempool min fee not met");
                }
                l.sleep(50);
            }
        }
        l.flush();
    }
}
