package dev.nodescope.demo.attack;

import java.util.List;

/** Every attack the stand-in node can play ({@code demo --attack NAME}). */
public final class AttackScenarios {
    private static final List<AttackScenario> ALL = List.of(
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
