package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * tracer_loss: not an attack on the node but on nodescope: after 2 s of calm, 6000 block messages of
 * 64 KB as fast as the stand-in can fire them (some 400 MB in well under a second), more than the ring
 * buffer holds before nodescope drains it (the 8 MB of {@link AttackScenarios#RING_BYTES} hold 128 of them;
 * nodescope's default with payloads, 64 MB, also overflows on a quiet machine), so the kernel drops events and payloads; then 7 s of calm,
 * in which the alert resolves.
 */
public final class TracerLossAttack implements AttackScenario {
    static final int BURST = 6000;

    @Override
    public String name() {
        return "tracer_loss";
    }

    @Override
    public String description() {
        return "a burst of 6000 64 KB messages faster than nodescope can drain its ring buffer: the watchdog goes partly blind";
    }

    @Override
    public String detector() {
        return "tracer_loss";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  tracer_loss:
                    clear: 3s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines l = new AttackLines(out, stopped);
        l.leadIn("net:inbound_message");
        l.sleep(2000);
        for (int i = 0; i < BURST && !l.stopped(); i++) {
            l.message(true, 5, "192.0.2.99:8333", "outbound-full-relay", "block", 65_536);
        }
        l.flush();
        for (int s = 0; s < 7 && !l.stopped(); s++) {
            l.sleep(1000);
        }
        l.flush();
    }
}
