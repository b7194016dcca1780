package dev.nodescope.watch;

/**
 * What a detector is built with: its settings, the alerts it raises and clears, and the engine's
 * directory of connected peers (connection type, network, direction, address, netgroup).
 */
public record DetectorContext(Settings settings, Alerts alerts, PeerDirectory peers) {
}
