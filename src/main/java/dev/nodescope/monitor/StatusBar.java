package dev.nodescope.monitor;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.stream.Pacing;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The two status lines on top of every screen: which node, the chain tip and last block's
 * connect time; then live/replay state, losses (never hidden), mempool and event rates.
 */
final class StatusBar {
    /** Loss stages shown, in this order; {@code truncated} is left out: payloads longer than the capture limit are cut by design. */
    private static final LossStage[] LOSS_STAGES = {LossStage.RING_RESERVE, LossStage.DECODE, LossStage.PAYLOAD_DROPPED,
            LossStage.READ_USER};

    private StatusBar() {
    }

    static void draw(TextGraphics g, int width, Snapshot s, Rates rates, SourceStats stats, Pacing pacing, boolean ended) {
        NodeStatus st = s.status();
        g.putString(0, 0, Units.fit(line1(st, s.nowNanos(), ended), width, false), SGR.BOLD);
        String state = state(pacing);
        String loss = lossText(st, stats);
        String rest = String.format(Locale.ROOT, "mempool +%s/s -%s/s  events %s/s  peers %d", Units.perSecond(rates.mempoolAddedPerSec()),
                Units.perSecond(rates.mempoolRemovedPerSec()), Units.perSecond(rates.eventsPerSec()), openPeers(s));
        g.putString(0, 1, Units.fit(state, width, false), SGR.REVERSE);
        int x = state.length() + 2;
        if (loss != null && x < width) {
            g.setForegroundColor(TextColor.ANSI.WHITE);
            g.setBackgroundColor(TextColor.ANSI.RED);
            g.putString(x, 1, Units.fit(loss, Math.min(loss.length(), width - x), false), SGR.BOLD);
            g.setForegroundColor(TextColor.ANSI.DEFAULT);
            g.setBackgroundColor(TextColor.ANSI.DEFAULT);
            x += loss.length() + 2;
        }
        if (x < width) {
            g.putString(x, 1, Units.fit(rest, width - x, false));
        }
    }

    static String line1(NodeStatus st, long now, boolean ended) {
        StringBuilder sb = new StringBuilder("nodescope monitor");
        if (st.pid() == 0 && st.detachedReason() == null) {
            sb.append("  ").append(ended ? "ended" : "attaching ...");
            return sb.toString();
        }
        sb.append("  node ").append(st.node());
        if (st.nodes() > 1) {
            sb.append(" (").append(st.nodeIndex()).append('/').append(st.nodes()).append(", n: next)");
        }
        sb.append("  pid ").append(st.pid() > 0 ? Integer.toString(st.pid()) : "all");
        if (st.height() >= 0) {
            sb.append("  height ").append(st.height()).append(" (")
                    .append(String.format(Locale.ROOT, "%.1f ms", st.blockConnectNs() / 1e6)).append(", ")
                    .append(Units.ago(now - st.blockAtNanos())).append(" ago)");
        } else {
            sb.append("  no block yet");
        }
        if (st.detachedReason() != null) {
            sb.append("  detached: ").append(st.detachedReason());
        } else if (ended) {
            sb.append("  ended");
        }
        return sb.toString();
    }

    static String state(Pacing pacing) {
        if (pacing == null) {
            return "LIVE";
        }
        String speed = pacing.speed() == 0 ? "max" : pacing.speed() >= 1 ? String.format(Locale.ROOT, "%.0fx", pacing.speed())
                : "1/" + Math.round(1 / pacing.speed()) + "x";
        return (pacing.paused() ? "PAUSED " : "REPLAY ") + speed;
    }

    /**
     * Losses by stage, the larger of what nodescope:loss events reported and what the source
     * counts (loss events come at the source's reporting interval; the stats may be ahead, and a
     * source may report only one of the two). Null when nothing was lost.
     */
    static String lossText(NodeStatus st, SourceStats stats) {
        Map<String, Long> byStage = new LinkedHashMap<>();
        for (LossStage stage : LOSS_STAGES) {
            long fromStats = 0;
            if (stage == LossStage.DECODE) {
                fromStats = stats.decodeErrors();
            } else {
                for (Tracepoint tp : Tracepoint.values()) {
                    fromStats += stats.lost(stage, tp);
                }
            }
            long n = Math.max(fromStats, st.losses().getOrDefault(stage.jsonName(), 0L));
            if (n > 0) {
                byStage.put(stage.jsonName(), n);
            }
        }
        if (byStage.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("LOST");
        String sep = " ";
        for (Map.Entry<String, Long> e : byStage.entrySet()) {
            sb.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            sep = ", ";
        }
        return sb.toString();
    }

    private static long openPeers(Snapshot s) {
        return s.peers().stream().filter(p -> !p.ended()).count();
    }
}
