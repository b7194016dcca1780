package dev.nodescope.monitor;

import java.util.Map;

/**
 * The node-wide figures of the status line, copied from the model. Counters are totals since
 * the monitor started; the screen turns them into rates ({@link Rates}).
 *
 * @param nodeIndex        the node's place among the nodes seen (1-based), for "2/3" in a fleet
 * @param nodes            how many nodes the source has shown (1 for a single node)
 * @param pid              the traced pid (-1: every process of a binary; 0: not attached yet)
 * @param detachedReason   why tracing stopped, or null while attached
 * @param height           height of the last block connected, or -1 before any
 * @param blockConnectNs   that block's ConnectBlock duration
 * @param blockAtNanos     when that block was connected (epoch ns)
 * @param losses           loss counts per stage from nodescope:loss events (only non-zero stages)
 */
public record NodeStatus(String node, int nodeIndex, int nodes, int pid, String detachedReason, int height, long blockConnectNs, long blockAtNanos,
                         long mempoolAdded, long mempoolRemoved, long events, Map<String, Long> losses) {
}
