package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/** An inbound peer sends 40 pings in two seconds (Core sends one in two minutes). */
public final class PingFloodAttack implements AttackScenario {
    static final long PEER = 3;
    static final String ADDR = "11.22.33.46:50003";

    @Override
    public String name() {
        return "ping_flood";
    }

    @Override
    public String description() {
        return "an inbound peer pings the node 20 times a second";
    }

    @Override
    public String detector() {
        return "ping_flood";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  ping_flood:
                    window: 5s
                    pings: 20
                    clear: 2s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines s = new AttackLines(out, stopped).start();
        s.inbound(PEER, ADDR).handshake(PEER, ADDR, "inbound", "/Satoshi:27.0.0/").sleep(1000);
        for (int i = 0; i < 40 && !s.stopped(); i++) {
            s.in(PEER, ADDR, "inbound", "ping", AttackLines.ping(i + 1)).out(PEER, ADDR, "inbound", "pong", AttackLines.ping(i + 1)).sleep(50);
        }
        s.sleep(9000).closed(PEER, ADDR, "inbound").sleep(300);
    }
}
