package dev.nodescope.traffic;

import java.util.List;
import java.util.Set;

/**
 * The messages that make up transaction relay, the overhead Erlay (BIP330) targets: announcements
 * and requests by flooding (inv, getdata, notfound), the transactions themselves (tx), and the
 * reconciliation messages that replace part of the flooding. inv and getdata also carry block
 * announcements and requests: they are counted whole, as in the Erlay evaluation.
 */
public final class TxRelay {
    /** In the order outputs list them. */
    public static final List<String> TYPES = List.of("inv", "getdata", "tx", "notfound", "sendtxrcncl", "reqrecon", "sketch",
            "reconcildiff", "reqsketchext");
    private static final Set<String> SET = Set.copyOf(TYPES);

    private TxRelay() {
    }

    public static boolean counts(String msgType) {
        return SET.contains(msgType);
    }
}
