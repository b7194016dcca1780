package dev.nodescope.monitor;

/**
 * What the person at the terminal chose: the screen, sort, filter, selection and scroll
 * positions. Changed by {@link Keys} and read by the screens, both on the UI thread.
 */
final class ViewState {
    enum Mode { PEERS, PEER, HELP }

    Mode mode = Mode.PEERS;
    /** Where the help screen returns to. */
    Mode beforeHelp = Mode.PEERS;
    PeerColumn sortColumn = PeerColumn.ID;
    boolean descending;
    /** Applied filter, lower case; empty for none. */
    String filter = "";
    /** Non-null while the filter is being typed. */
    StringBuilder filterDraft;
    /** The selected peer by id, so the selection follows it when the order changes; -1 for none. */
    long selectedPeer = -1;
    int selectedIndex;
    /** Selection moves asked for since the last frame (the frame knows the rows). */
    int pendingMove;
    int firstRow;
    /** First message shown in the peer view's list. */
    int peerScroll;
    boolean quit;
    /** Switches asked for with n (next node of a fleet), applied by the monitor at the next frame. */
    int pendingNodeSwitches;

    void sortBy(PeerColumn column) {
        if (column == sortColumn) {
            return;
        }
        sortColumn = column;
        descending = column.defaultDescending;
    }

    /** Whether a peer matches the filter: part of its address, connection type (either spelling) or network. */
    boolean matches(PeerRow p) {
        if (filter.isEmpty()) {
            return true;
        }
        return contains(p.addr()) || contains(p.connType()) || contains(PeerColumn.shortConnType(p.connType()))
                || contains(p.network());
    }

    private boolean contains(String field) {
        return field != null && field.toLowerCase(java.util.Locale.ROOT).contains(filter);
    }
}
