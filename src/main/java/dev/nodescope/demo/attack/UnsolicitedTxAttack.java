package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/** An outbound peer answers the one transaction the node asked for, then pushes eight it was never asked for. */
public final class UnsolicitedTxAttack implements AttackScenario {
    static final long PEER = 4;
    static final String ADDR = "11.22.33.47:8333";
    static final String CONN = "outbound-full-relay";

    @Override
    public String name() {
        return "unsolicited_tx";
    }

    @Override
    public String description() {
        return "a peer pushes transactions the node never requested";
    }

    @Override
    public String detector() {
        return "unsolicited_tx";
    }

    @Override
    public String rules() {
        return """
                detectors:
                  unsolicited_tx:
                    txs: 5
                    window: 4s
                    clear: 2s
                """;
    }

    @Override
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        AttackLines s = new AttackLines(out, stopped).start();
        s.outbound(PEER, ADDR, CONN).handshake(PEER, ADDR, CONN, "/Satoshi:27.0.0/").sleep(500);
        // an honest exchange first: announced, requested, sent
        s.in(PEER, ADDR, CONN, "inv", AttackLines.inventory(1, AttackLines.MSG_WTX, 0));
        s.out(PEER, ADDR, CONN, "getdata", AttackLines.inventory(1, AttackLines.MSG_WTX, 0));
        s.in(PEER, ADDR, CONN, "tx", AttackLines.tx(0)).sleep(500);
        for (int i = 1; i <= 8 && !s.stopped(); i++) {
            s.in(PEER, ADDR, CONN, "tx", AttackLines.tx(i)).sleep(100);
        }
        s.sleep(8000).closed(PEER, ADDR, CONN).sleep(300);
    }
}
