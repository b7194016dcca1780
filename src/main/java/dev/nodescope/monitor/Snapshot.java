package dev.nodescope.monitor;

import java.util.List;

/**
 * Everything one frame draws, copied from the model at once so the frame is consistent.
 *
 * @param nowNanos the monitor's clock when the copy was taken (epoch ns): wall time when live,
 *                 the replay's position when replaying
 * @param detail   the peer asked for (the peer view), or null
 */
public record Snapshot(long nowNanos, NodeStatus status, List<PeerRow> peers, PeerDetail detail) {
}
