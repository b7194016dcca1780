package dev.nodescope.bench;

import dev.nodescope.HeadlessChromium;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodescope.Cli;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report opens in a real browser (headless Chromium) and shows every plot. */
class BenchReportTest {
    private static final List<String> PLOTS = List.of("connect-time", "cumulative", "distribution", "speedup");

    @Test
    void reportShowsItsPlotsInChromium(@TempDir Path dir) throws Exception {
        HeadlessChromium.require();
        Path base = SyntheticRuns.write(dir.resolve("base.csv"), "base", 1, 0, 0, 1);
        Path slow = SyntheticRuns.write(dir.resolve("slow.csv"), "slow", 2, 20_000, 30_000, 1.10);
        Path report = dir.resolve("report.html");
        Cli.Result r = Cli.run("bench", "compare", base.toString(), slow.toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderrLines()).containsExactly("nodescope: wrote " + report + ", " + String.join(", ",
                PLOTS.stream().map(p -> dir.resolve("report-" + p + ".png").toString()).toList()));
        for (String p : PLOTS) {
            BufferedImage png = ImageIO.read(dir.resolve("report-" + p + ".png").toFile());
            assertThat(png.getWidth()).isEqualTo(1000);
            assertThat(png.getHeight()).isEqualTo(420);
        }
        String html = Files.readString(report);
        assertThat(html).contains("<h2>slow against base: slower (1.7% slower)</h2>")
                .contains("<tr class=slower><td class=l>20000-29999</td><td>10000</td><td>137.594 s</td><td>150.802 s</td><td>0.912x</td>");

        // the page as Chromium renders it: the report's own script marks each plot that decoded
        String rendered = HeadlessChromium.renderedDom(report, dir, 5000, 60);
        Matcher loaded = Pattern.compile("<img class=\"plot\" alt=\"([a-z-]+)\"[^>]*data-loaded=\"yes\"").matcher(rendered);
        List<String> shown = loaded.results().map(m -> m.group(1)).toList();
        assertThat(shown).as(Files.readString(dir.resolve("chromium.err"))).containsExactlyElementsOf(PLOTS);
        assertThat(rendered).doesNotContain("alt=\"plot "); // what the script writes into a broken plot
    }
}
