package dev.nodescope.node;

import java.util.Map;

/**
 * One node's figures, copied under the state's lock. Counters are totals since the state began;
 * the per-second rates are over the last {@link RateWindow#SECONDS} seconds of event time.
 *
 * @param pid             the traced pid from {@code nodescope:attached} (-1: every process of a binary;
 *                        0: not attached yet, e.g. an archive without the attach)
 * @param detachedReason  why tracing stopped, or null while attached
 * @param height          height of the last block connected, or -1 before any
 * @param blockConnectNs  that block's ConnectBlock duration
 * @param blockAtNanos    when that block was connected (epoch ns), or -1
 * @param events          tracepoint events folded for this node
 * @param losses          loss counts per stage from {@code nodescope:loss} events (only non-zero stages)
 * @param openPeers       peers tracked with their connection open
 * @param endedPeers      closed or evicted peers still kept (grace period)
 * @param lastEventNanos  the newest event's time (epoch ns), or -1
 */
public record NodeSnapshot(String node, int pid, String detachedReason, int height, long blockConnectNs, long blockAtNanos,
                           long mempoolAdded, long mempoolRemoved, long mempoolReplaced, long mempoolRejected,
                           double mempoolAddedPerSec, double mempoolRemovedPerSec, long events, Map<String, Long> losses,
                           int openPeers, int endedPeers, long lastEventNanos) {
}
