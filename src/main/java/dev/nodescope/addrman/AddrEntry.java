package dev.nodescope.addrman;

/**
 * One occupied addrman slot as {@code getrawaddrman} shows it. An address can sit in up to 8 new
 * buckets at once, so the same address may appear in several entries of the new table.
 *
 * @param slot           {@link Table#slot}: table, bucket and position in one number
 * @param network        Core's network name of the address ({@code ipv4, ipv6, onion, i2p, cjdns,
 *                       not_publicly_routable})
 * @param time           when the address was last seen or announced (Unix seconds; attackers choose it)
 * @param mappedAs       the node's asmap answer for the address, 0 when it runs without asmap
 * @param sourceMappedAs the same for the source
 */
public record AddrEntry(int slot, String address, int port, long services, long time, String network, String source,
                        String sourceNetwork, int mappedAs, int sourceMappedAs) {

    public Table table() {
        return Table.ofSlot(slot);
    }

    public int bucket() {
        return (slot % Table.NEW.slots()) / Table.BUCKET_SIZE;
    }

    public int position() {
        return slot % Table.BUCKET_SIZE;
    }

    /** The address as addrman keys it: address and port ({@code [v6]:port} for IPv6 and CJDNS). */
    public String endpoint() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    /** Same entry except for when it was last seen: what a refresh changes. */
    boolean sameExceptTime(AddrEntry o) {
        return slot == o.slot && port == o.port && services == o.services && mappedAs == o.mappedAs
                && sourceMappedAs == o.sourceMappedAs && address.equals(o.address) && network.equals(o.network)
                && source.equals(o.source) && sourceNetwork.equals(o.sourceNetwork);
    }
}
