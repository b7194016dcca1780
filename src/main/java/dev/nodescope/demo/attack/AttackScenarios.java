package dev.nodescope.demo.attack;

import java.util.List;

/** Every attack the stand-in node can play ({@code demo --attack NAME}). */
public final class AttackScenarios {
    /**
     * The ring buffer the attacks are traced with ({@code demo --attack} and the tests): 8 MB, an
     * eighth of the default with payloads, plenty for every attack's rate, and small enough that
     * tracer_loss's burst overflows it on any machine, however fast nodescope drains it there.
     */
    public static final long RING_BYTES = 8L << 20;

    private static final List<AttackScenario> ALL = List.of(
            new AddrFloodAttack(),
            new AddrOversizedAttack(),
            new PingFloodAttack(),
            new SpyPeerAttack(),
            new UnsolicitedTxAttack(),
            new InboundSybilAttack(),
            new ConnectionChurnAttack(),
            new EvictionStormAttack(),
            new BandwidthSurgeAttack(),
            new BlockStallAttack(),
            new MempoolChurnAttack(),
            new TracerLossAttack());

    private AttackScenarios() {
    }

    public static List<AttackScenario> all() {
        return ALL;
    }

    /** The scenario named {@code name}, or null. */
    public static AttackScenario byName(String name) {
        for (AttackScenario s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
