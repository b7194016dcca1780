package dev.nodescope.p2p;

/**
 * A network address as BIP155 names its network.
 *
 * @param networkId the BIP155 network id as sent in addrv2; for the 16-byte encoding of addr and
 *                  version, the id of the network those bytes decode to (0 for Core's internal
 *                  addresses, which have none)
 * @param text      the address as Bitcoin Core writes it ({@code CNetAddr::ToStringAddr}:
 *                  {@code 1.2.3.4}, {@code 2001:db8::1}, {@code ….onion}, {@code ….b32.i2p}), or
 *                  null for torv2 and unknown networks, which Core no longer writes
 * @param rawHex    the address bytes when {@code text} is null, else null
 */
public record NetAddress(Network network, int networkId, String text, String rawHex) {

    public enum Network {
        IPV4("ipv4"),
        IPV6("ipv6"),
        /** Retired 10-byte onion addresses: Core reads and drops them. */
        TORV2("torv2"),
        /** Core calls this network "onion" in RPC. */
        TORV3("onion"),
        I2P("i2p"),
        CJDNS("cjdns"),
        /** Core's own placeholders for seeds resolved by name, never valid on the wire. */
        INTERNAL("internal"),
        /** A BIP155 id this decoder does not know; Core skips such addresses. */
        UNKNOWN("unknown");

        private final String jsonName;

        Network(String jsonName) {
            this.jsonName = jsonName;
        }

        /** The name in JSON, as Core's RPC names networks. */
        public String jsonName() {
            return jsonName;
        }
    }
}
