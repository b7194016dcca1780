package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Heap;
import dev.nodescope.demo.StandInNode;
import dev.nodescope.extract.LiveSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 100 browsers on the dashboard of the stand-in busy node, traced for real: the stream loses
 * nothing, every browser gets its updates at the configured rate while one more browser reads
 * nothing at all, and memory stays bounded. (How a slow browser's updates are coalesced and
 * counted is exact in WebClientFlowTest; a loopback socket takes megabytes before it pushes back.)
 * The figures (CPU, bytes, update rates) are measured by bench/web-browsers.sh, not here.
 */
@ExtendWith(BpfAvailable.class)
class WebManyBrowsersLiveTest {
    static final Duration EVERY = Duration.ofMillis(250);
    static final int BROWSERS = 100;

    @Test
    void hundredBrowsersGetTheirUpdatesAndTheStreamLosesNothing() throws Exception {
        Map<String, Map<String, String>> views = new LinkedHashMap<>();
        views.put("peers", Map.of());
        views.put("health", Map.of());
        try (StandInNode node = StandInNode.start(1)) {
            LiveSource live = LiveSource.builder().pid(node.pid()).node("demo").payloadMax(WebTool.PAYLOAD_MAX).build();
            try (DashboardHarness dashboard = DashboardHarness.over(live, null, UnaryOperator.identity(), EVERY, true)) {
                // the stand-in plays once every tracepoint is attached
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (live.stats().totalReceived() < 500) {
                    assertThat(System.nanoTime()).as("the busy node plays").isLessThan(deadline);
                    Thread.sleep(50);
                }
                long heapBefore = Heap.usedAfterGc();
                try (BrowserLoad load = BrowserLoad.connect(dashboard.web().port(), DashboardHarness.TOKEN_VALUE, BROWSERS + 1, 1, views)) {
                    List<BrowserLoad.Client> reading = load.clients().subList(1, load.clients().size());
                    Thread.sleep(1000); // every browser connected and subscribed: count from here
                    long[] before = reading.stream().mapToLong(BrowserLoad.Client::updates).toArray();
                    long start = System.nanoTime();
                    Thread.sleep(8_000);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long expected = Math.round(seconds * 1000 / EVERY.toMillis());
                    for (int i = 0; i < reading.size(); i++) {
                        BrowserLoad.Client c = reading.get(i);
                        assertThat(c.errors()).isZero();
                        // one update per tick: both views change at every tick on a busy node
                        assertThat(c.updates() - before[i]).as("updates of browser %d in %.2f s", i, seconds)
                                .isBetween(expected - 2, expected + 2);
                        assertThat(c.reportedDropped()).isZero();
                    }
                    long heapAfter = Heap.usedAfterGc();
                    assertThat(dashboard.web().hub().clients()).isEqualTo(BROWSERS + 1);
                    assertThat(live.stats().eventsLost()).as("events lost with 100 browsers").isZero();
                    // the stalled browser costs at most its one update in flight, not a queue
                    assertThat(heapAfter - heapBefore).as("heap growth, bytes").isLessThan(64L << 20);
                }
            }
        }
    }
}
