package dev.nodescope.event;

/** The end of a peer connection; {@code timeEstablished} is in UNIX epoch seconds. */
public sealed interface ConnectionEnded extends TracepointEvent permits ClosedConnection, EvictedInboundConnection {
    long peerId();

    String addr();

    String connType();

    Network network();

    long timeEstablished();
}
