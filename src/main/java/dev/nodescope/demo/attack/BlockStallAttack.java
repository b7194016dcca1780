package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * block_stall, on a chain whose rules say one block a second: five blocks a second apart, then none
 * for 10 s (exp(-10) = 0.005% likely; the alert fires at 6.9 s, where the chance falls below 0.1%),
 * then the next block, which resolves it.
 */
public final class BlockStallAttack implements AttackScenario {
    @Override
    public String name() {
        return "block_stall";
    }

    @Override
    public String description() {
        return "blocks stop coming for 10 s on a chain whose rules expect one a second (the node is cut off or eclipsed)";
    }

    @Override
    public String detector() {
        return "block_stall";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  block_stall:
                    spacing: 1s
                    probability: 0.001
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines l = new AttackLines(out, stopped);
        l.leadIn("validation:block_connected");
        int height = 870_000;
        for (int i = 0; i < 5 && !l.stopped(); i++) {
            l.block(height++);
            l.sleep(1000);
        }
        for (int s = 0; s < 9 && !l.stopped(); s++) {
            l.sleep(1000); // silence
        }
        l.block(height);
        l.sleep(2000);
        l.flush();
    }
}
