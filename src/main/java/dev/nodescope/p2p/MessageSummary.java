package dev.nodescope.p2p;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line saying what a message carried, for the views of a peer's conversation (the monitor's
 * peer view, the dashboard's peer page): the fields an operator looks for (heights, hashes,
 * counts, nonces) for the common types, the compact JSON of the decoded message for the rest.
 * Decoding is left to the readers' threads (the UI's, the dashboard's hub), never the stream's.
 */
public final class MessageSummary {
    private MessageSummary() {
    }

    /** Decodes a captured payload (null: none) and summarises it. */
    public static String of(String type, byte[] payload, long size) {
        return of(decode(type, payload, size));
    }

    /** What the decoder makes of a kept payload, or null when none was captured (nothing to say). */
    public static DecodeResult decode(String type, byte[] payload, long size) {
        if (payload == null && size > 0) {
            return null;
        }
        return P2pDecoder.decode(type, payload == null ? new byte[0] : payload, size);
    }

    /** The line for a decoded payload; empty for null (nothing captured). */
    public static String of(DecodeResult d) {
        if (d == null) {
            return "";
        }
        String text = d.message() == null ? "" : describe(d.message());
        if (d.error() != null && !d.truncated()) {
            text += (text.isEmpty() ? "" : " ") + "[decode error at byte " + d.error().offset() + ": " + d.error().reason() + "]";
        } else if (d.truncated()) {
            text += (text.isEmpty() ? "" : " ") + "[cut]";
        }
        return text;
    }

    private static String describe(P2pMessage message) {
        return switch (message) {
            case P2pMessage.Version v -> "v" + v.version() + (v.userAgent() == null ? "" : " " + v.userAgent())
                    + (v.startHeight() == null ? "" : " height " + v.startHeight());
            case P2pMessage.Ping p -> "nonce " + nonce(p.nonce());
            case P2pMessage.Pong p -> "nonce " + nonce(p.nonce());
            case P2pMessage.Inv i -> items(i.items());
            case P2pMessage.GetData g -> items(g.items());
            case P2pMessage.NotFound n -> items(n.items());
            case P2pMessage.Tx t -> "txid " + t.txid() + " " + t.inputCount() + " in " + t.outputCount() + " out " + t.vsize() + " vB";
            case P2pMessage.Block b -> "block " + b.header().hash() + " " + b.txCount() + " tx";
            case P2pMessage.CmpctBlock b -> "block " + b.header().hash() + " " + b.shortIdCount() + " short ids";
            case P2pMessage.Headers h -> h.headers().size() + " headers"
                    + (h.headers().isEmpty() ? "" : ", last " + h.headers().getLast().header().hash());
            case P2pMessage.Addr a -> a.addresses().size() + " addresses";
            case P2pMessage.AddrV2 a -> a.addresses().size() + " addresses";
            case P2pMessage.FeeFilter f -> f.feeRate() + " sat/kvB";
            case P2pMessage.SendCmpct s -> (s.announce() ? "high" : "low") + " bandwidth, version " + s.version();
            case P2pMessage.Verack v -> "";
            case P2pMessage.Unknown u -> "";
            default -> P2pJson.toJson(message);
        };
    }

    private static String nonce(long nonce) {
        return String.format(Locale.ROOT, "%016x", nonce);
    }

    /** "3 items: 2 WITNESS_TX, 1 BLOCK" */
    private static String items(List<InvItem> items) {
        Map<String, Integer> byType = new TreeMap<>();
        for (InvItem i : items) {
            byType.merge(i.typeName() == null ? "type " + i.type() : i.typeName(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder().append(items.size()).append(items.size() == 1 ? " item" : " items");
        String sep = ": ";
        for (Map.Entry<String, Integer> e : byType.entrySet()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        if (items.size() == 1) {
            sb.append(' ').append(items.getFirst().hash());
        }
        return sb.toString();
    }
}
