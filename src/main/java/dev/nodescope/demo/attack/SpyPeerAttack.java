package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/** Six inbound connections from one /16, one after another, each asks for addresses and leaves within half a second. */
public final class SpyPeerAttack implements AttackScenario {
    static final String NETGROUP = "11.22.0.0/16";

    @Override
    public String name() {
        return "spy_peer";
    }

    @Override
    public String description() {
        return "inbound connections from one netgroup connect, ask for addresses (getaddr) and leave at once, again and again";
    }

    @Override
    public String detector() {
        return "spy_peer";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  spy_peer:
                    visits: 5
                    window: 5s
                    clear: 2s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines s = new AttackLines(out, stopped).start();
        for (int i = 0; i < 6 && !s.stopped(); i++) {
            long peer = 10 + i;
            String addr = "11.22." + (40 + i) + ".7:5100" + i;
            s.inbound(peer, addr).handshake(peer, addr, "inbound", "/crawler:0.1/").sleep(100);
            s.in(peer, addr, "inbound", "getaddr", new byte[0]).sleep(200).closed(peer, addr, "inbound").sleep(100);
        }
        s.sleep(9000);
    }
}
