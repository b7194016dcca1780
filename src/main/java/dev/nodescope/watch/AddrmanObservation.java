package dev.nodescope.watch;

import dev.nodescope.addrman.AddrmanDiff;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.AddrmanStats;

/**
 * What the node's RPC said at one poll, for the detectors that weigh the address manager
 * ({@code eclipse_risk}): the addrman snapshot with its statistics, what changed since the
 * previous poll, and how far the node's tip is behind the best header it knows.
 *
 * @param diff          changes since the previous snapshot, null for the first
 * @param headersAhead  getblockchaininfo's headers - blocks, -1 when unknown
 * @param initialSync   getblockchaininfo's initialblockdownload
 */
public record AddrmanObservation(String node, AddrmanSnapshot snapshot, AddrmanStats stats, AddrmanDiff diff, long headersAhead,
                                 boolean initialSync) {
}
