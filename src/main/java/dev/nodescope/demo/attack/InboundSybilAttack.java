package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/** Ten inbound connections from one /16 within two seconds, which then stay. */
public final class InboundSybilAttack implements AttackScenario {
    static final String NETGROUP = "11.22.0.0/16";

    @Override
    public String name() {
        return "inbound_sybil";
    }

    @Override
    public String description() {
        return "ten inbound connections from one /16 arrive within two seconds and stay";
    }

    @Override
    public String detector() {
        return "inbound_sybil";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  inbound_sybil:
                    window: 5s
                    netgroup_connections: 8
                    clear: 2s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines s = new AttackLines(out, stopped).start();
        for (int i = 0; i < 10 && !s.stopped(); i++) {
            long peer = 20 + i;
            String addr = "11.22." + (60 + i) + ".9:5200" + i;
            s.inbound(peer, addr).handshake(peer, addr, "inbound", "/Satoshi:27.0.0/").sleep(200);
        }
        // the window (5 s) empties, then clear for 2 s: resolved while they are all still connected
        s.sleep(9000);
        for (int i = 0; i < 10; i++) {
            s.closed(20 + i, "11.22." + (60 + i) + ".9:5200" + i, "inbound");
        }
        s.sleep(300);
    }
}
