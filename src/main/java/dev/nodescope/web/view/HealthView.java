package dev.nodescope.web.view;

import dev.nodescope.event.Tracepoint;
import dev.nodescope.node.NodeSnapshot;
import dev.nodescope.stream.EventStream;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.RingStats;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebHub;
import dev.nodescope.web.WebView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * nodescope's own health, on every page (the banner) and its own page: events per second,
 * losses by stage, the ring's fill, and the dashboard's browsers and the updates they missed.
 * Whenever something was lost the pages say the view is incomplete.
 */
public final class HealthView implements WebView {
    private final WebContext context;
    private final Supplier<WebHub> hub;
    private long sampledAt;
    private long sampled;
    private double rate;

    public HealthView(WebContext context, Supplier<WebHub> hub) {
        this.context = context;
        this.hub = hub;
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void register(EventStream stream) {
        // the source's counts and the node state say it all
    }

    @Override
    public Feed open(Map<String, String> params) {
        return new Feed() {
            @Override
            public Object next() {
                SourceStats s = context.source().stats();
                return health(s, rate(s.totalReceived()));
            }

            @Override
            public String sharedKey() {
                return "health";
            }
        };
    }

    /** Events per second over the last second or more: one measure for every browser, however often they ask. */
    private synchronized double rate(long received) {
        long now = System.nanoTime();
        if (sampledAt == 0) {
            sampledAt = now;
            sampled = received;
        } else if (now - sampledAt >= 1_000_000_000L) {
            rate = (received - sampled) * 1e9 / (now - sampledAt);
            sampledAt = now;
            sampled = received;
        }
        return rate;
    }

    private Health health(SourceStats s, double eventsPerSecond) {
        Map<String, Long> lost = new LinkedHashMap<>();
        for (LossStage stage : s.stages()) {
            long sum = 0;
            for (Tracepoint tp : Tracepoint.values()) {
                sum += s.lost(stage, tp);
            }
            if (sum > 0) {
                lost.put(stage.jsonName(), sum);
            }
        }
        if (s.decodeErrors() > 0) {
            lost.merge(LossStage.DECODE.jsonName(), s.decodeErrors(), Long::sum);
        }
        RingStats ring = context.source().ringStats().orElse(null);
        List<NodeHealth> nodes = new ArrayList<>();
        long now = context.clock().getAsLong();
        for (String name : context.state().nodeNames()) {
            NodeSnapshot n = context.state().node(name, now);
            if (n != null) {
                nodes.add(new NodeHealth(n.node(), n.pid(), n.detachedReason(), n.events(), n.losses(),
                        n.lastEventNanos() < 0 ? null : Math.max(0, (now - n.lastEventNanos()) / 1e9)));
            }
        }
        WebHub h = hub.get();
        return new Health(s.totalReceived(), eventsPerSecond, s.eventsLost(), lost, ring == null ? null : ring.fillRatio(),
                ring == null ? null : ring.peakFillRatio(), nodes, h == null ? 0 : h.clients(), h == null ? 0 : h.dropped());
    }

    /**
     * What the health banner and page show.
     *
     * @param eventsLost     events that never reached nodescope (the view is incomplete when this is not 0)
     * @param lost           losses by stage (also partial ones: payloads dropped or cut)
     * @param ringFill       the kernel ring's fill now (live only), 0..1
     * @param browsers       browsers connected to this dashboard
     * @param updatesDropped updates those browsers missed because they were slow (coalesced, nothing lost)
     */
    public record Health(long events, double eventsPerSecond, long eventsLost, Map<String, Long> lost, Double ringFill,
                         Double ringPeakFill, List<NodeHealth> nodes, int browsers, long updatesDropped) {
    }

    /** One node: its pid, whether detached (why), events and losses from its {@code nodescope:loss} events, seconds since its last event. */
    public record NodeHealth(String node, int pid, String detached, long events, Map<String, Long> losses, Double quietSeconds) {
    }
}
