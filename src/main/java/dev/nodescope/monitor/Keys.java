package dev.nodescope.monitor;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.nodescope.stream.Pacing;
import java.util.List;
import java.util.Locale;

/**
 * What each key does (the list is docs/monitor.md and the help screen). Works on the view state
 * only; the next frame shows the result.
 */
final class Keys {
    /** Fastest and slowest replay speeds offered by + and -. */
    static final double MAX_SPEED = 64;
    static final double MIN_SPEED = 1.0 / 16;

    private final ViewState view;
    private final Pacing pacing;

    /** @param pacing the source's pace control, or null for a live source (no pause, no speed) */
    Keys(ViewState view, Pacing pacing) {
        this.view = view;
        this.pacing = pacing;
    }

    /**
     * @param columns  the peers table's visible columns (sorting moves among them)
     * @param pageRows rows one page of the current list holds
     */
    void handle(KeyStroke key, List<PeerColumn> columns, int pageRows) {
        if (key.getKeyType() == KeyType.EOF
                || key.isCtrlDown() && key.getKeyType() == KeyType.Character && key.getCharacter() == 'c') {
            view.quit = true;
            return;
        }
        if (view.filterDraft != null) {
            editFilter(key);
            return;
        }
        Character c = key.getKeyType() == KeyType.Character ? key.getCharacter() : null;
        if (c != null && (c == 'q' || c == 'Q')) {
            view.quit = true;
            return;
        }
        if (pacing != null && c != null && pace(c)) {
            return;
        }
        switch (view.mode) {
            case HELP -> view.mode = view.beforeHelp;
            case PEERS -> peers(key, c, columns, pageRows);
            case PEER -> peer(key, c, pageRows);
        }
    }

    private boolean pace(char c) {
        switch (c) {
            case ' ' -> pacing.pause(!pacing.paused());
            // speed 0 is "as fast as possible": faster stays there, slower comes down to the fastest paced speed
            case '+', '=' -> pacing.speed(pacing.speed() == 0 ? 0 : Math.min(MAX_SPEED, pacing.speed() * 2));
            case '-', '_' -> pacing.speed(pacing.speed() == 0 ? MAX_SPEED : Math.max(MIN_SPEED, pacing.speed() / 2));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void peers(KeyStroke key, Character c, List<PeerColumn> columns, int pageRows) {
        if (c != null) {
            switch (c) {
                case '?' -> help();
                case '/' -> view.filterDraft = new StringBuilder(view.filter);
                case '<', ',' -> moveSort(columns, -1);
                case '>', '.' -> moveSort(columns, 1);
                case 'r' -> view.descending = !view.descending;
                case 'n' -> view.pendingNodeSwitches++;
                case 'k' -> view.pendingMove--;
                case 'j' -> view.pendingMove++;
                default -> {
                }
            }
            return;
        }
        switch (key.getKeyType()) {
            case ArrowUp -> view.pendingMove--;
            case ArrowDown -> view.pendingMove++;
            case PageUp -> view.pendingMove -= pageRows;
            case PageDown -> view.pendingMove += pageRows;
            case Home -> view.pendingMove = -Integer.MAX_VALUE / 2;
            case End -> view.pendingMove = Integer.MAX_VALUE / 2;
            case Escape -> view.filter = "";
            case Enter -> {
                if (view.selectedPeer >= 0) {
                    view.mode = ViewState.Mode.PEER;
                    view.peerScroll = 0;
                }
            }
            default -> {
            }
        }
    }

    private void peer(KeyStroke key, Character c, int pageRows) {
        if (c != null) {
            switch (c) {
                case '?' -> help();
                case 'k' -> scroll(-1);
                case 'j' -> scroll(1);
                default -> {
                }
            }
            return;
        }
        switch (key.getKeyType()) {
            case Escape, Backspace, ArrowLeft, Enter -> view.mode = ViewState.Mode.PEERS;
            case ArrowUp -> scroll(-1);
            case ArrowDown -> scroll(1);
            case PageUp -> scroll(-pageRows);
            case PageDown -> scroll(pageRows);
            case Home -> view.peerScroll = 0;
            case End -> view.peerScroll = Integer.MAX_VALUE / 2;
            default -> {
            }
        }
    }

    private void scroll(int by) {
        // the frame clamps the end; here only the start
        view.peerScroll = Math.max(0, view.peerScroll + by);
    }

    private void help() {
        view.beforeHelp = view.mode;
        view.mode = ViewState.Mode.HELP;
    }

    private void moveSort(List<PeerColumn> columns, int by) {
        int i = columns.indexOf(view.sortColumn);
        int next = i < 0 ? 0 : Math.floorMod(i + by, columns.size());
        view.sortBy(columns.get(next));
    }

    private void editFilter(KeyStroke key) {
        switch (key.getKeyType()) {
            case Character -> view.filterDraft.append(key.getCharacter());
            case Backspace -> {
                if (!view.filterDraft.isEmpty()) {
                    view.filterDraft.setLength(view.filterDraft.length() - 1);
                }
            }
            case Enter -> {
                view.filter = view.filterDraft.toString().strip().toLowerCase(Locale.ROOT);
                view.filterDraft = null;
                view.pendingMove = -Integer.MAX_VALUE / 2;
            }
            case Escape -> view.filterDraft = null;
            default -> {
            }
        }
    }
}
