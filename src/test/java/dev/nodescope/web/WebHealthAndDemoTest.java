package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.event.TracepointEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The health page over a replay (exact counts, the chart drawn), and {@code demo --web} on the live stand-in node. */
class WebHealthAndDemoTest {
    @Test
    void theHealthPageCountsEveryEventAndDrawsItsChart(@TempDir Path dir) throws Exception {
        BusyNodeArchive archive = BusyNodeArchive.write(dir.resolve("rec"));
        long tracepointEvents = archive.events().stream().filter(e -> e instanceof TracepointEvent).count();
        try (DashboardHarness dashboard = DashboardHarness.replaying(archive.dir(), null); Browser browser = Browser.open()) {
            browser.dashboardPage(dashboard.entryUrl(), "health");
            browser.until(d -> browser.text("#health-figures td[data-figure=events]")
                    .equals(String.format(Locale.US, "%,d", tracepointEvents)));
            assertThat(browser.text("#health-figures td[data-figure=lost]")).isEqualTo("0");
            assertThat(browser.text("#health-figures td[data-figure=stages]")).isEqualTo("none");
            assertThat(browser.text("#health-figures td[data-figure=browsers]")).isEqualTo("1");
            Map<String, String> node = browser.rows("#health-nodes").stream().filter(r -> BusyNodeArchive.NODE.equals(r.get("node")))
                    .findFirst().orElseThrow();
            // per node: the events the node state folds (P2P, connections, blocks, mempool), not utxo or coin selection
            long folded = archive.events().stream().filter(e -> e instanceof TracepointEvent
                    && dev.nodescope.node.NodeState.EVENT_TYPES.stream().anyMatch(t -> t.isInstance(e))).count();
            assertThat(node.get("events")).isEqualTo(String.format(Locale.US, "%,d", folded));
            assertThat(node.get("losses")).isEqualTo("none");
            browser.until(d -> browser.canvasDrawn("#health-chart"));
            // nothing lost: no banner saying the view is incomplete
            assertThat(browser.find("#banner").isDisplayed()).isFalse();
            browser.screenshot("health");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    @ExtendWith(BpfAvailable.class)
    void demoWebServesTheStandInNodesPeers() throws Exception {
        Browser.require();
        Process demo = Cli.start("demo", "--web", "--listen", "127.0.0.1:0");
        try (Browser browser = Browser.open()) {
            BufferedReader err = new BufferedReader(new InputStreamReader(demo.getErrorStream(), StandardCharsets.UTF_8));
            String url = null;
            StringBuilder seen = new StringBuilder();
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                seen.append(line).append('\n');
                Matcher m = Pattern.compile("the dashboard is at (\\S+)").matcher(line);
                if (m.find()) {
                    url = m.group(1);
                    break;
                }
            }
            assertThat(url).as(seen.toString()).startsWith("http://127.0.0.1:").contains("/?token=");
            Thread.ofVirtual().start(() -> err.lines().forEach(l -> { }));
            browser.get(url);
            // the stand-in plays the busy node: its peers appear, with messages counted both ways
            browser.until(d -> browser.rows("#peers-table").stream().filter(r -> r.get("class").contains("open")).count() >= 5);
            assertThat(browser.text("#peers-summary")).startsWith("demo · ");
            assertThat(browser.consoleErrors()).isEmpty();
        } finally {
            demo.toHandle().destroy();
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
