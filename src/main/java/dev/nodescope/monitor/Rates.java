package dev.nodescope.monitor;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-second rates from successive snapshots' counters, on the UI thread, so the stream thread
 * only counts. A rate is the counter's growth over the last whole sampling interval (at least
 * {@link #INTERVAL_NANOS} of the monitor's clock) and stays shown until the next interval ends:
 * figures that change 4 times a second cannot be read.
 */
public final class Rates {
    static final long INTERVAL_NANOS = 1_000_000_000L;

    /** Bytes per second in and out of one peer. */
    public record PeerRate(double bytesInPerSec, double bytesOutPerSec) {
        static final PeerRate NONE = new PeerRate(0, 0);
    }

    private long sampledAt = -1;
    private NodeStatus sampledStatus;
    private Map<Long, long[]> sampledPeers = new HashMap<>();
    private Map<Long, PeerRate> peerRates = new HashMap<>();
    private double eventsPerSec;
    private double mempoolAddedPerSec;
    private double mempoolRemovedPerSec;

    /** Takes a snapshot into account; rates change only when an interval has passed. */
    public void update(Snapshot s) {
        if (sampledAt < 0) {
            sample(s);
            return;
        }
        long dt = s.nowNanos() - sampledAt;
        if (dt < INTERVAL_NANOS) {
            return;
        }
        double seconds = dt / 1e9;
        NodeStatus now = s.status();
        eventsPerSec = (now.events() - sampledStatus.events()) / seconds;
        mempoolAddedPerSec = (now.mempoolAdded() - sampledStatus.mempoolAdded()) / seconds;
        mempoolRemovedPerSec = (now.mempoolRemoved() - sampledStatus.mempoolRemoved()) / seconds;
        Map<Long, PeerRate> rates = new HashMap<>();
        for (PeerRow p : s.peers()) {
            long[] before = sampledPeers.get(p.id());
            long inBefore = before == null ? 0 : before[0];
            long outBefore = before == null ? 0 : before[1];
            rates.put(p.id(), new PeerRate((p.bytesIn() - inBefore) / seconds, (p.bytesOut() - outBefore) / seconds));
        }
        peerRates = rates;
        sample(s);
    }

    private void sample(Snapshot s) {
        sampledAt = s.nowNanos();
        sampledStatus = s.status();
        Map<Long, long[]> counters = new HashMap<>();
        for (PeerRow p : s.peers()) {
            counters.put(p.id(), new long[] {p.bytesIn(), p.bytesOut()});
        }
        sampledPeers = counters;
    }

    public PeerRate peer(long id) {
        return peerRates.getOrDefault(id, PeerRate.NONE);
    }

    public double eventsPerSec() {
        return eventsPerSec;
    }

    public double mempoolAddedPerSec() {
        return mempoolAddedPerSec;
    }

    public double mempoolRemovedPerSec() {
        return mempoolRemovedPerSec;
    }
}
