package dev.nodescope.addrman;

/** What the node said about itself ({@code getnetworkinfo}) when the snapshot was taken. */
public record NodeFacts(int version, String subversion, int connectionsIn, int connectionsOut) {
    public static final NodeFacts UNKNOWN = new NodeFacts(0, "", 0, 0);
}
