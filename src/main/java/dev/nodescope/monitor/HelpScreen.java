package dev.nodescope.monitor;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/** The keys and what the columns mean (the same as docs/monitor.md). */
final class HelpScreen {
    static final List<String> LINES = List.of(
            "Peers table",
            "  Up/Down j/k PgUp/PgDn Home/End  select a peer      Enter  the peer's view",
            "  < >  sort by the column left/right   r  reverse the order",
            "  /    filter by address, type or network (Enter applies, Esc cancels)",
            "  Esc  clear the filter",
            "  n    the next node (a fleet over NATS, or archives of several nodes)",
            "Peer view",
            "  Up/Down PgUp/PgDn Home/End  scroll the messages    Esc  back to the table",
            "Replay only",
            "  space  pause/resume    +  twice as fast    -  half as fast",
            "Anywhere",
            "  ?  this help (any key closes it)    q or Ctrl-C  quit",
            "Columns",
            "  mark: x closed, E evicted (dim until they fade out, 30 s), ! misbehaving",
            "  TYPE: in full block man(ual) feel(er) addr(-fetch)   AGE >: before attach",
            "  MSG/BYTES IN/OUT: totals since attach   B/S: bytes per second, last second",
            "  LAST: last message type   SEEN: time since it   NET: network",
            "  k = 1000, M = 1000000. Narrow terminals hide NET, SEEN and BYTES first.");

    private HelpScreen() {
    }

    static void draw(TextGraphics g, int width, int height) {
        g.putString(0, 2, Units.fit("Help (any key closes)", width, false), SGR.REVERSE);
        for (int i = 0; i < LINES.size() && 3 + i < height; i++) {
            g.putString(0, 3 + i, Units.fit(LINES.get(i), width, false));
        }
    }
}
