package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/** One inbound peer sends three addr messages of 1000 addresses each, a second after connecting: Core rate-limits all but one. */
public final class AddrFloodAttack implements AttackScenario {
    static final long PEER = 1;
    static final String ADDR = "11.22.33.44:50001";

    @Override
    public String name() {
        return "addr_flood";
    }

    @Override
    public String description() {
        return "an inbound peer floods the node with addr messages of 1000 addresses each";
    }

    @Override
    public String detector() {
        return "addr_flood";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  addr_flood:
                    window: 4s
                    clear: 2s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines s = new AttackLines(out, stopped).start();
        s.inbound(PEER, ADDR).handshake(PEER, ADDR, "inbound", "/Satoshi:27.0.0/").sleep(1000);
        for (int i = 0; i < 3 && !s.stopped(); i++) {
            s.in(PEER, ADDR, "inbound", "addr", AttackLines.addr(1000, i * 1000, 1_731_542_400L)).sleep(200);
        }
        // the window (4 s) empties, then the alert is clear for 2 s: resolved while the peer is still connected
        s.sleep(8000).closed(PEER, ADDR, "inbound").sleep(300);
    }
}
