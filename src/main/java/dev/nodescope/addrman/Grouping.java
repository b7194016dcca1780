package dev.nodescope.addrman;

import java.util.HashMap;
import java.util.Map;

/**
 * Netgroups and ASNs of addresses, remembered: a history repeats the same addresses thousands of
 * times. ASNs come from {@code --asmap} when given, else from what the node's own asmap said
 * ({@code mapped_as}), else there are none (0).
 */
public final class Grouping {
    private final Asmap asmap;
    /** Network name to address to group: no key is built per lookup. */
    private final Map<String, Map<String, String>> netgroups = new HashMap<>();
    private final Map<String, Integer> asns = new HashMap<>();

    public Grouping(Asmap asmap) {
        this.asmap = asmap;
    }

    public static Grouping withoutAsmap() {
        return new Grouping(null);
    }

    public boolean hasAsmap() {
        return asmap != null;
    }

    public String netgroup(String network, String address) {
        return netgroups.computeIfAbsent(network, k -> new HashMap<>()).computeIfAbsent(address, a -> Netgroups.of(network, a));
    }

    public String netgroup(AddrEntry e) {
        return netgroup(e.network(), e.address());
    }

    public String sourceNetgroup(AddrEntry e) {
        return netgroup(e.sourceNetwork(), e.source());
    }

    public int asn(AddrEntry e) {
        return asn(e.network(), e.address(), e.mappedAs());
    }

    public int sourceAsn(AddrEntry e) {
        return asn(e.sourceNetwork(), e.source(), e.sourceMappedAs());
    }

    private int asn(String network, String address, int nodeSaid) {
        if (asmap == null) {
            return nodeSaid;
        }
        return asns.computeIfAbsent(address, a -> {
            byte[] key = Netgroups.asmapKey(network, a);
            return key == null ? 0 : asmap.lookup(key);
        });
    }
}
