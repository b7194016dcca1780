package dev.nodescope.web.view;

import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.MempoolAdded;
import dev.nodescope.event.MempoolRejected;
import dev.nodescope.event.MempoolRemoved;
import dev.nodescope.event.MempoolReplaced;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.node.NodeState;
import dev.nodescope.stream.EventStream;
import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocks and mempool page: each block connected (height, ConnectBlock's time, transactions,
 * inputs, sigops) for the last {@link NodeChain#MAX_BLOCKS}, the mempool's additions, removals,
 * replacements and rejections per second over {@link SecondBuckets#WINDOW_SECONDS} of event time,
 * and why transactions left or were turned away. Per node (param {@code node}); each feed answers
 * everything first, then only the new blocks and the seconds that changed.
 */
public final class ChainView implements WebView, IncrementalFeed.Source {
    private final WebContext context;
    /** Guarded by this. */
    private final Map<String, NodeChain> nodes = new HashMap<>();

    public ChainView(WebContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public void register(EventStream stream) {
        stream.onEvent(BlockConnected.class, this::accept);
        stream.onEvent(MempoolAdded.class, this::accept);
        stream.onEvent(MempoolRemoved.class, this::accept);
        stream.onEvent(MempoolReplaced.class, this::accept);
        stream.onEvent(MempoolRejected.class, this::accept);
    }

    /** Folds one block or mempool event (the stream thread). */
    synchronized void accept(TracepointEvent e) {
        String node = e.meta().node();
        NodeChain n = nodes.get(node);
        if (n == null) {
            if (nodes.size() >= NodeState.MAX_NODES) {
                return; // as the node state: a fleet beyond this is not tracked
            }
            n = new NodeChain(node);
            nodes.put(node, n);
        }
        n.fold(e);
    }

    @Override
    public Feed open(Map<String, String> params) {
        return new IncrementalFeed(context, params.get("node"), this);
    }

    @Override
    public synchronized Chain since(String node, long revision) {
        NodeChain n = nodes.get(node);
        return n == null || n.revision() == revision ? null : n.since(revision);
    }

    /**
     * One answer.
     *
     * @param whole           true: everything (the page starts over); false: only what changed since the previous answer
     * @param from            the mempool window's first second (epoch s): the page drops older buckets
     * @param to              its last second
     * @param mempoolSeries   the columns of {@code mempool}: added, removed, replaced, rejected
     * @param mempool         per-second buckets {@code [epochSecond, added, removed, replaced, rejected]} (trailing zeros left out)
     * @param blocks          blocks connected, oldest first: all those kept, or those new since the previous answer
     * @param blocksConnected blocks connected since the start (more than {@code blocks} holds after {@link NodeChain#MAX_BLOCKS})
     * @param tip             the height of the last block connected, -1 before one
     * @param removalReasons  transactions removed per reason since the start, most first
     * @param rejectionReasons transactions rejected per reason since the start, most first
     */
    public record Chain(String node, boolean whole, long revision, long from, long to, List<String> mempoolSeries,
                        List<long[]> mempool, List<Block> blocks, long blocksConnected, int tip, long added, long removed,
                        long replaced, long rejected, List<Reason> removalReasons, List<Reason> rejectionReasons)
            implements IncrementalFeed.Answer {
    }

    /**
     * A block connected.
     *
     * @param epochMillis when (event time)
     * @param connectMs   ConnectBlock's time (Core v23 and v24 report µs where later ones report ns: a thousand times less there)
     */
    public record Block(int height, String hash, long epochMillis, double connectMs, long transactions, int inputs, long sigops) {
    }

    /** How many transactions a reason applied to; beyond {@link NodeChain#MAX_REASONS} reasons they share "(other)". */
    public record Reason(String reason, long count) {
    }
}
