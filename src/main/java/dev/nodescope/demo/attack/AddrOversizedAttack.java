package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/** An inbound peer sends one addr message of 1001 addresses; Core calls it misbehaving and disconnects it. */
public final class AddrOversizedAttack implements AttackScenario {
    static final long PEER = 2;
    static final String ADDR = "11.22.33.45:50002";

    @Override
    public String name() {
        return "addr_oversized";
    }

    @Override
    public String description() {
        return "an inbound peer sends an addr message of 1001 addresses, and Core disconnects it for misbehaving";
    }

    @Override
    public String detector() {
        return "addr_oversized";
    }

    @Override
    public String rules() {
        return "";
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines s = new AttackLines(out, stopped).start();
        s.inbound(PEER, ADDR).handshake(PEER, ADDR, "inbound", "/Satoshi:27.0.0/").sleep(1000);
        s.in(PEER, ADDR, "inbound", "addr", AttackLines.addr(1001, 0, 1_731_542_400L));
        s.misbehaving(PEER, "addr message size = 1001").closed(PEER, ADDR, "inbound").sleep(1000);
    }
}
