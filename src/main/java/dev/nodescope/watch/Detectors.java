package dev.nodescope.watch;

import dev.nodescope.watch.detect.AddrFlood;
import dev.nodescope.watch.detect.AddrOversized;
import dev.nodescope.watch.detect.BandwidthSurge;
import dev.nodescope.watch.detect.BlockStall;
import dev.nodescope.watch.detect.ConnectionChurn;
import dev.nodescope.watch.detect.EclipseRisk;
import dev.nodescope.watch.detect.EvictionStorm;
import dev.nodescope.watch.detect.FleetPeer;
import dev.nodescope.watch.detect.FleetSlowBlock;
import dev.nodescope.watch.detect.FleetTipLag;
import dev.nodescope.watch.detect.InboundSybil;
import dev.nodescope.watch.detect.MempoolChurn;
import dev.nodescope.watch.detect.Misbehaving;
import dev.nodescope.watch.detect.PingFlood;
import dev.nodescope.watch.detect.SpyPeer;
import dev.nodescope.watch.detect.TracerLoss;
import dev.nodescope.watch.detect.UnsolicitedTx;
import java.util.List;

/** Every detector nodescope has, in the order docs/watch.md describes them. */
public final class Detectors {
    private static final List<DetectorSpec> ALL = List.of(
            Misbehaving.SPEC,
            AddrFlood.SPEC,
            AddrOversized.SPEC,
            PingFlood.SPEC,
            SpyPeer.SPEC,
            UnsolicitedTx.SPEC,
            InboundSybil.SPEC,
            EclipseRisk.SPEC,
            ConnectionChurn.SPEC,
            EvictionStorm.SPEC,
            BandwidthSurge.SPEC,
            BlockStall.SPEC,
            MempoolChurn.SPEC,
            TracerLoss.SPEC,
            FleetPeer.SPEC,
            FleetTipLag.SPEC,
            FleetSlowBlock.SPEC);

    private Detectors() {
    }

    public static List<DetectorSpec> all() {
        return ALL;
    }

    public static java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        ALL.forEach(s -> names.add(s.name()));
        return names;
    }
}
