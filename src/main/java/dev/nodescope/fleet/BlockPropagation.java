package dev.nodescope.fleet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How each block went through the fleet: for each recent block (by hash) when each node connected it
 * ({@code block_connected}, event time), so the spread (last minus first), the slowest node and each
 * node's delay after the first. Fed on one thread (the stream's); not thread-safe.
 *
 * <p>A block is complete once every node of the fleet (the nodes that connected any block and did not
 * detach) has connected it, or {@link #TIMEOUT_NANOS} after its first node did (checked as later blocks
 * come): a node that has not connected it by then is lagging, which is {@code fleet_tip_lag}'s matter,
 * not propagation. Its spread is measured once, then. Each node's delay is known the moment it connects
 * the block (the first node's is 0), counted only once a second node connected it: a lone node has no
 * propagation. Bounded: the last {@link #MAX_BLOCKS} blocks and {@link #MAX_NODES} nodes.
 */
public final class BlockPropagation {
    /** Blocks kept (16 hours of mainnet blocks; a reorg's or a sync's old blocks pass through). */
    public static final int MAX_BLOCKS = 100;
    /** Nodes followed at most; a larger fleet's further nodes are not measured. */
    public static final int MAX_NODES = 1024;
    /** One block interval: a node that has not connected a block by then lags (fleet_tip_lag), it is not propagating it. */
    public static final long TIMEOUT_NANOS = 600_000_000_000L;

    /** Told of what is measured, on the feeding thread. */
    public interface Listener {
        /** {@code node} connected a block {@code delayNanos} after the first node (0 for the first, told when a second one connects it). */
        default void delay(String node, long delayNanos) {
        }

        /** A block is complete: every node that would connect it did, or the timeout passed. */
        default void complete(Block block) {
        }
    }

    /** One node's connection of a block. */
    public record Arrival(String node, long atNanos, long delayNanos) {
    }

    /**
     * A block as the fleet connected it, arrivals in order (the first has delay 0).
     *
     * @param complete whether every node did (or the timeout passed): its spread is final
     */
    public record Block(String hash, int height, List<Arrival> arrivals, boolean complete) {
        public long firstNanos() {
            return arrivals.getFirst().atNanos();
        }

        /** Last minus first arrival (0 for one). */
        public long spreadNanos() {
            return arrivals.getLast().atNanos() - firstNanos();
        }

        /** The node that connected it last. */
        public String slowest() {
            return arrivals.getLast().node();
        }
    }

    private static final class Entry {
        final String hash;
        final int height;
        final List<Arrival> arrivals = new ArrayList<>(4);
        boolean complete;

        Entry(String hash, int height) {
            this.hash = hash;
            this.height = height;
        }

        boolean has(String node) {
            for (Arrival a : arrivals) {
                if (a.node().equals(node)) {
                    return true;
                }
            }
            return false;
        }

        Block snapshot() {
            return new Block(hash, height, List.copyOf(arrivals), complete);
        }
    }

    private final LinkedHashMap<String, Entry> blocks = new LinkedHashMap<>();
    private final Set<String> nodes = new LinkedHashSet<>();
    private final Listener listener;
    private final long timeoutNanos;

    public BlockPropagation(Listener listener) {
        this(listener, TIMEOUT_NANOS);
    }

    public BlockPropagation(Listener listener, long timeoutNanos) {
        this.listener = listener;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * {@code node} is part of the fleet (nodescope attached to it), before its first block: so the
     * fleet's first blocks wait for it too.
     */
    public void joined(String node) {
        if (nodes.size() < MAX_NODES) {
            nodes.add(node);
        }
    }

    /** {@code node} connected block {@code hash} at {@code at} (epoch ns). */
    public void connected(String node, String hash, int height, long at) {
        expire(at);
        if (!nodes.contains(node)) {
            if (nodes.size() >= MAX_NODES) {
                return;
            }
            nodes.add(node);
        }
        Entry e = blocks.get(hash);
        if (e == null) {
            e = new Entry(hash, height);
            blocks.put(hash, e);
            if (blocks.size() > MAX_BLOCKS) {
                Iterator<Entry> eldest = blocks.values().iterator();
                Entry gone = eldest.next();
                eldest.remove();
                finish(gone);
            }
        } else if (e.has(node)) {
            return; // connected again (after a reorg back): its first time counts
        }
        long delay = e.arrivals.isEmpty() ? 0 : at - e.arrivals.getFirst().atNanos();
        e.arrivals.add(new Arrival(node, at, delay));
        if (e.arrivals.size() == 2) {
            listener.delay(e.arrivals.getFirst().node(), 0);
        }
        if (e.arrivals.size() >= 2) {
            listener.delay(node, delay);
        }
        if (!e.complete && e.arrivals.size() >= 2 && everyNodeConnected(e)) {
            finish(e);
        }
    }

    /** {@code node} is gone (nodescope detached from it): blocks no longer wait for it. */
    public void detached(String node, long at) {
        if (!nodes.remove(node)) {
            return;
        }
        for (Entry e : blocks.values()) {
            if (!e.complete && e.arrivals.size() >= 2 && everyNodeConnected(e)) {
                finish(e);
            }
        }
        expire(at);
    }

    /** Completes the blocks whose first connection is {@link #TIMEOUT_NANOS} old at {@code now}. */
    public void expire(long now) {
        for (Entry e : blocks.values()) {
            if (!e.complete && now - e.arrivals.getFirst().atNanos() >= timeoutNanos) {
                finish(e);
            }
        }
    }

    /** The kept blocks, newest first. */
    public List<Block> recent() {
        List<Block> out = new ArrayList<>(blocks.size());
        for (Entry e : blocks.values()) {
            out.add(e.snapshot());
        }
        return out.reversed();
    }

    /** The nodes of the fleet as far as blocks tell, in the order first seen. */
    public Set<String> nodes() {
        return java.util.Collections.unmodifiableSet(nodes);
    }

    private boolean everyNodeConnected(Entry e) {
        for (String n : nodes) {
            if (!e.has(n)) {
                return false;
            }
        }
        return true;
    }

    private void finish(Entry e) {
        if (e.complete) {
            return;
        }
        e.complete = true;
        if (e.arrivals.size() >= 2) {
            listener.complete(e.snapshot());
        }
    }
}
