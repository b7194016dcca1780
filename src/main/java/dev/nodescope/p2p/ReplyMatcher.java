package dev.nodescope.p2p;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Pairs the replies of one peer's conversation with their requests, reading its messages in
 * order: a pong with the ping of the same nonce, headers with getheaders (its first header
 * follows a block of the locator), tx, block, cmpctblock, merkleblock and notfound with the
 * getdata that asked for their hash (txid or wtxid), addr and addrv2 with getaddr, verack with
 * the other side's version, blocktxn with the getblocktxn of its block. A reply goes the other
 * way from its request. Messages that only announce or set something (inv, sendcmpct, feefilter,
 * sendheaders ...) are nobody's reply.
 *
 * <p>Where a payload was not captured (or does not decode) the key is unknown and the reply
 * takes the oldest open request of its kind; with keys on both sides only equal keys pair, so an
 * unsolicited tx or block pairs with nothing. A getdata stays open until each of its items was
 * answered. At most {@link #MAX_OPEN} requests are remembered (the oldest forgotten first): Core
 * keeps at most 100 transactions and 16 blocks in flight per peer, one ping and one getheaders.
 */
public final class ReplyMatcher {
    /** Requests remembered at once, oldest forgotten first. */
    public static final int MAX_OPEN = 128;

    /** A request still waiting for (some of) its reply. */
    private static final class Open {
        final long seq;
        final boolean inbound;
        final String type;
        /** ping's nonce, getblocktxn's block; null when unknown. */
        final Object key;
        /** getdata's items not answered yet, getheaders' locator; null when unknown. */
        final Set<String> hashes;

        Open(long seq, boolean inbound, String type, Object key, Set<String> hashes) {
            this.seq = seq;
            this.inbound = inbound;
            this.type = type;
            this.key = key;
            this.hashes = hashes;
        }
    }

    private final Deque<Open> open = new ArrayDeque<>();

    /**
     * Reads the conversation's next message.
     *
     * @param seq     its number in the conversation
     * @param inbound whether the peer sent it
     * @param message its decoded payload, or null when not captured or not decodable
     * @return the number of the request it answers, or -1
     */
    public long next(long seq, boolean inbound, String type, P2pMessage message) {
        long partner = answer(inbound, type, message);
        Open request = request(seq, inbound, type, message);
        if (request != null) {
            if (open.size() == MAX_OPEN) {
                open.removeFirst();
            }
            open.addLast(request);
        }
        return partner;
    }

    private long answer(boolean inbound, String type, P2pMessage message) {
        return switch (type) {
            case "pong" -> take(inbound, "ping", message instanceof P2pMessage.Pong p ? p.nonce() : null);
            case "verack" -> take(inbound, "version", null);
            case "addr", "addrv2" -> take(inbound, "getaddr", null);
            case "blocktxn" -> take(inbound, "getblocktxn", message instanceof P2pMessage.BlockTxn b ? b.blockHash() : null);
            case "headers" -> headers(inbound, message instanceof P2pMessage.Headers h ? h : null);
            case "tx", "block", "cmpctblock", "merkleblock", "notfound" -> data(inbound, hashes(message));
            default -> -1;
        };
    }

    /** The oldest open request of {@code type} sent the other way whose key is {@code key} (or unknown on either side). */
    private long take(boolean inbound, String type, Object key) {
        for (Iterator<Open> i = open.iterator(); i.hasNext(); ) {
            Open o = i.next();
            if (o.inbound != inbound && o.type.equals(type) && (key == null || o.key == null || o.key.equals(key))) {
                i.remove();
                return o.seq;
            }
        }
        return -1;
    }

    /** Core answers from the first locator block on its chain: the first header follows one of the locator's hashes. */
    private long headers(boolean inbound, P2pMessage.Headers h) {
        String after = h == null || h.headers().isEmpty() ? null : h.headers().getFirst().header().prevHash();
        for (Iterator<Open> i = open.iterator(); i.hasNext(); ) {
            Open o = i.next();
            if (o.inbound != inbound && o.type.equals("getheaders") && (after == null || o.hashes == null || o.hashes.contains(after))) {
                i.remove();
                return o.seq;
            }
        }
        return -1;
    }

    private long data(boolean inbound, Set<String> answered) {
        for (Iterator<Open> i = open.iterator(); i.hasNext(); ) {
            Open o = i.next();
            if (o.inbound == inbound || !o.type.equals("getdata")) {
                continue;
            }
            if (o.hashes == null) {
                i.remove(); // what it asked for is unknown: one reply answers it
                return o.seq;
            }
            if (answered == null) {
                // the reply's hash is unknown: it answers one item of the oldest getdata
                Iterator<String> item = o.hashes.iterator();
                item.next();
                item.remove();
            } else if (!o.hashes.removeAll(answered)) {
                continue;
            }
            if (o.hashes.isEmpty()) {
                i.remove();
            }
            return o.seq;
        }
        return -1;
    }

    /** The hashes a getdata reply carries (a tx by txid and wtxid), or null when unknown. */
    private static Set<String> hashes(P2pMessage message) {
        return switch (message) {
            case P2pMessage.Tx t -> new HashSet<>(List.of(t.txid(), t.wtxid())); // equal without a witness
            case P2pMessage.Block b -> Set.of(b.header().hash());
            case P2pMessage.CmpctBlock b -> Set.of(b.header().hash());
            case P2pMessage.MerkleBlock b -> Set.of(b.header().hash());
            case P2pMessage.NotFound n -> items(n.items());
            case null, default -> null;
        };
    }

    private static Set<String> items(List<InvItem> items) {
        Set<String> hashes = new LinkedHashSet<>(); // in the order asked: an unknown reply answers the first
        for (InvItem i : items) {
            hashes.add(i.hash());
        }
        return hashes;
    }

    /** The open request this message makes, or null when it asks for nothing. */
    private static Open request(long seq, boolean inbound, String type, P2pMessage message) {
        return switch (type) {
            case "ping" -> new Open(seq, inbound, type, message instanceof P2pMessage.Ping p ? p.nonce() : null, null);
            case "version", "getaddr" -> new Open(seq, inbound, type, null, null);
            case "getblocktxn" -> new Open(seq, inbound, type, message instanceof P2pMessage.GetBlockTxn g ? g.blockHash() : null, null);
            case "getheaders" -> new Open(seq, inbound, type, null,
                    message instanceof P2pMessage.GetHeaders g ? new HashSet<>(g.locator()) : null);
            case "getdata" -> {
                // an empty or undecodable getdata: what it asks for is unknown
                Set<String> items = message instanceof P2pMessage.GetData g && !g.items().isEmpty() ? items(g.items()) : null;
                yield new Open(seq, inbound, type, null, items);
            }
            default -> null;
        };
    }
}
