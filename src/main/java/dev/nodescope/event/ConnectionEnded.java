package dev.nodescope.event;

import dev.nodescope.event.schema.EventField;
import dev.nodescope.event.schema.EventKind;

/** The end of a peer connection; {@code timeEstablished} is in UNIX epoch seconds. */
@EventKind(struct = "ns_connection")
public sealed interface ConnectionEnded extends TracepointEvent permits ClosedConnection, EvictedInboundConnection {
    @EventField(wire = 1, c = "peer_id", doc = "peer id (getpeerinfo's id)")
    long peerId();

    @EventField(wire = 2, c = "addr", doc = "peer address and port; for outbound -addnode/-connect peers the string as given")

    String addr();

    @EventField(wire = 3, c = "conn_type", doc = "connection type: inbound, outbound-full-relay, block-relay-only, manual, feeler, addr-fetch, private-broadcast")

    String connType();

    @EventField(wire = 4, c = "network", doc = "network of the connection: unroutable, ipv4, ipv6, onion, i2p, cjdns, internal")

    Network network();

    @EventField(wire = 5, c = "value", unit = "epoch s", doc = "when the connection was established")

    long timeEstablished();
}
