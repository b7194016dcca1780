package dev.nodescope.web;

import dev.nodescope.Heap;
import dev.nodescope.demo.StandInNode;
import dev.nodescope.extract.LiveSource;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * bench/web-browsers.sh: the dashboard on the stand-in busy node, traced for real, with 0 browsers
 * (the baseline) and then N, in one go: events and losses, this process's CPU per event and per
 * second, each browser's updates per second and bytes per second, the hub's drops and the heap.
 * Args: BROWSERS SECONDS UPDATE_MS (defaults 100 20 1000).
 */
public final class ManyBrowsersBench {
    private ManyBrowsersBench() {
    }

    public static void main(String[] args) throws Exception {
        int browsers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Duration every = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 1000);
        Map<String, Map<String, String>> views = new LinkedHashMap<>();
        for (String v : List.of("peers", "health", "traffic", "chain", "alerts")) {
            views.put(v, Map.of());
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%-9s %8s %10s %6s %9s %10s %12s %18s %12s %8s %9s%n", "browsers", "seconds", "events", "lost", "events/s",
                "CPU %core", "CPU ns/event", "updates/s min/med/max", "kB/s/browser", "dropped", "heap MiB");
        try (StandInNode node = StandInNode.start(1)) {
            LiveSource live = LiveSource.builder().pid(node.pid()).node("demo").payloadMax(WebTool.PAYLOAD_MAX).build();
            try (DashboardHarness dashboard = DashboardHarness.over(live, null, UnaryOperator.identity(), every, true)) {
                while (live.stats().totalReceived() < 500) {
                    Thread.sleep(50);
                }
                Thread.sleep(3000); // warm-up: the JIT, the busy node's peers connected
                for (int n : new int[] {0, browsers}) {
                    try (BrowserLoad load = BrowserLoad.connect(dashboard.web().port(), DashboardHarness.TOKEN_VALUE, n, 0, available(views, dashboard))) {
                        Thread.sleep(2000); // connected and subscribed
                        long[] updates0 = load.clients().stream().mapToLong(BrowserLoad.Client::updates).toArray();
                        long[] bytes0 = load.clients().stream().mapToLong(BrowserLoad.Client::bytes).toArray();
                        long events0 = live.stats().totalReceived();
                        long cpu0 = os.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        Thread.sleep(seconds * 1000L);
                        double s = (System.nanoTime() - t0) / 1e9;
                        long cpu = os.getProcessCpuTime() - cpu0;
                        long events = live.stats().totalReceived() - events0;
                        double[] rates = new double[n];
                        double bytes = 0;
                        for (int i = 0; i < n; i++) {
                            rates[i] = (load.clients().get(i).updates() - updates0[i]) / s;
                            bytes += (load.clients().get(i).bytes() - bytes0[i]) / s;
                        }
                        Arrays.sort(rates);
                        long heap = Heap.usedAfterGc();
                        System.out.printf("%-9d %8.1f %10d %6d %9.0f %10.1f %12.0f %18s %12.1f %8d %9.1f%n", n, s, events,
                                live.stats().eventsLost(), events / s, 100.0 * cpu / (s * 1e9), events == 0 ? 0 : (double) cpu / events,
                                n == 0 ? "-" : String.format("%.2f/%.2f/%.2f", rates[0], rates[n / 2], rates[n - 1]),
                                n == 0 ? 0 : bytes / n / 1000, dashboard.web().hub().dropped(), heap / 1048576.0);
                    }
                }
            }
        }
        System.exit(0);
    }

    /** The views the dashboard has (pages added later join the load by themselves). */
    private static Map<String, Map<String, String>> available(Map<String, Map<String, String>> views, DashboardHarness dashboard) {
        Map<String, Map<String, String>> there = new LinkedHashMap<>();
        views.forEach((k, v) -> {
            if (dashboard.web().hub().view(k) != null) {
                there.put(k, v);
            }
        });
        return there;
    }
}
