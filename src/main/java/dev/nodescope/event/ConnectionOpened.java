package dev.nodescope.event;

/** A new peer connection; {@code existingConnections} counts the connections of that direction, this one included. */
public sealed interface ConnectionOpened extends TracepointEvent permits InboundConnection, OutboundConnection {
    long peerId();

    String addr();

    String connType();

    Network network();

    long existingConnections();
}
