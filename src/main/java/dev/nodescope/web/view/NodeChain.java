package dev.nodescope.web.view;

import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.web.view.ChainView.Block;
import dev.nodescope.web.view.ChainView.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One node's blocks and mempool for {@link ChainView}. Bounded: {@link #MAX_BLOCKS} blocks, 900
 * seconds of four counters, {@link #MAX_REASONS} reasons of each kind. Not thread-safe: the
 * view's lock guards it.
 */
final class NodeChain {
    /**
     * Blocks kept: two weeks at one every ten minutes; during initial sync thousands connect a
     * minute, and the last 2000 are as many points as a chart over height shows apart.
     */
    static final int MAX_BLOCKS = 2000;
    /** Core has a few dozen reject reasons and six removal reasons: room for all, not for a flood of made-up ones. */
    static final int MAX_REASONS = 64;
    static final List<String> MEMPOOL_SERIES = List.of("added", "removed", "replaced", "rejected");

    private static final int ADDED = 0;
    private static final int REMOVED = 1;
    private static final int REPLACED = 2;
    private static final int REJECTED = 3;

    private final String node;
    private final SecondBuckets mempool = new SecondBuckets(SecondBuckets.WINDOW_SECONDS);
    private final long[] mempoolTotals = new long[MEMPOOL_SERIES.size()];
    /** Blocks with the revision they came in. */
    private final ArrayDeque<Stamped> blocks = new ArrayDeque<>();
    private long blocksConnected;
    private int tip = -1;
    private final CappedNames removalReasons = new CappedNames(MAX_REASONS);
    private final List<long[]> removalCounts = new ArrayList<>();
    private final CappedNames rejectionReasons = new CappedNames(MAX_REASONS);
    private final List<long[]> rejectionCounts = new ArrayList<>();
    private long revision;

    private record Stamped(long revision, Block block) {
    }

    NodeChain(String node) {
        this.node = node;
    }

    long revision() {
        return revision;
    }

    void fold(TracepointEvent e) {
        revision++;
        long at = e.meta().epochNanos();
        switch (e) {
            case BlockConnected b -> {
                if (blocks.size() >= MAX_BLOCKS) {
                    blocks.removeFirst();
                }
                blocks.addLast(new Stamped(revision, new Block(b.height(), b.hash(), Math.floorDiv(at, 1_000_000L),
                        b.durationNs() / 1e6, b.transactions(), b.inputs(), b.sigops())));
                blocksConnected++;
                tip = b.height();
            }
            case MempoolAdded a -> mempool(at, ADDED);
            case MempoolRemoved r -> {
                mempool(at, REMOVED);
                count(removalReasons, removalCounts, r.reason());
            }
            case MempoolReplaced r -> mempool(at, REPLACED);
            case MempoolRejected r -> {
                mempool(at, REJECTED);
                count(rejectionReasons, rejectionCounts, r.reason());
            }
            default -> {
            }
        }
    }

    private void mempool(long at, int column) {
        mempool.add(at, column, 1, revision);
        mempoolTotals[column]++;
    }

    private static void count(CappedNames names, List<long[]> counts, String reason) {
        int i = names.index(Objects.requireNonNullElse(reason, ""));
        while (counts.size() <= i) {
            counts.add(new long[1]);
        }
        counts.get(i)[0]++;
    }

    ChainView.Chain since(long seen) {
        SecondBuckets.Window w = mempool.since(seen);
        List<Block> newBlocks = new ArrayList<>();
        for (Stamped s : blocks) {
            if (s.revision() > seen) {
                newBlocks.add(s.block());
            }
        }
        return new ChainView.Chain(node, seen < 0, revision, w.from(), w.to(), MEMPOOL_SERIES, w.buckets(), newBlocks,
                blocksConnected, tip, mempoolTotals[ADDED], mempoolTotals[REMOVED], mempoolTotals[REPLACED], mempoolTotals[REJECTED],
                reasons(removalReasons, removalCounts), reasons(rejectionReasons, rejectionCounts));
    }

    private static List<Reason> reasons(CappedNames names, List<long[]> counts) {
        List<Reason> out = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            out.add(new Reason(names.name(i), counts.get(i)[0]));
        }
        out.sort(Comparator.comparingLong(Reason::count).reversed().thenComparing(Reason::reason));
        return out;
    }
}
