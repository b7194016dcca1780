package dev.nodescope.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's plots as PNG images (JFreeChart, drawn off-screen). Long runs have hundreds of
 * thousands of blocks: series are binned or sampled to a few hundred points per run, which is
 * all a 1000-pixel-wide image can show.
 */
public final class Plots {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 420;
    private static final int POINTS = 500;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b)};

    static {
        // a report is drawn on servers without a display
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** File-name stem and PNG bytes of every plot, in report order. */
    public static Map<String, byte[]> all(List<Dataset> runs, List<Comparison> comparisons) {
        Map<String, byte[]> plots = new LinkedHashMap<>();
        plots.put("connect-time", png(connectTime(runs)));
        plots.put("cumulative", png(cumulative(runs)));
        plots.put("distribution", png(distribution(runs)));
        plots.put("speedup", png(speedup(comparisons)));
        return plots;
    }

    /** Mean connect time per height bin, one line per run. */
    static JFreeChart connectTime(List<Dataset> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Dataset d : runs) {
            List<BlockRow> blocks = List.copyOf(Comparison.byHeight(d).values());
            XYSeries s = new XYSeries(d.label(), false, true);
            if (!blocks.isEmpty()) {
                int first = blocks.getFirst().height();
                int bin = Math.max(1, (blocks.getLast().height() - first + 1 + POINTS - 1) / POINTS);
                long sum = 0;
                int n = 0;
                int current = first;
                for (BlockRow b : blocks) {
                    int start = first + (b.height() - first) / bin * bin;
                    if (start != current && n > 0) {
                        s.add(current + bin / 2.0, sum / 1e6 / n);
                        sum = 0;
                        n = 0;
                    }
                    current = start;
                    sum += b.durationNs();
                    n++;
                }
                if (n > 0) {
                    s.add(current + bin / 2.0, sum / 1e6 / n);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Connect time by height (mean per bin)", "height", "connect time (ms)", data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        return chart;
    }

    /** Total connect time up to each height, one line per run: where the runs drift apart. */
    static JFreeChart cumulative(List<Dataset> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Dataset d : runs) {
            List<BlockRow> blocks = List.copyOf(Comparison.byHeight(d).values());
            XYSeries s = new XYSeries(d.label(), false, true);
            int step = Math.max(1, blocks.size() / POINTS);
            long total = 0;
            for (int i = 0; i < blocks.size(); i++) {
                total += blocks.get(i).durationNs();
                if (i % step == 0 || i == blocks.size() - 1) {
                    s.add(blocks.get(i).height(), total / 1e9);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Cumulative connect time", "height", "connect time so far (s)", data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        return chart;
    }

    /** Share of blocks connected within a time (empirical CDF, log time axis), one line per run. */
    static JFreeChart distribution(List<Dataset> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Dataset d : runs) {
            long[] ns = Comparison.byHeight(d).values().stream().mapToLong(BlockRow::durationNs).filter(v -> v > 0).sorted().toArray();
            XYSeries s = new XYSeries(d.label(), false, true);
            for (int k = 1; k <= Math.min(POINTS, ns.length); k++) {
                int i = (int) ((long) k * ns.length / Math.min(POINTS, ns.length)) - 1;
                s.add(ns[i] / 1e6, (i + 1) / (double) ns.length);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Distribution of connect times", "connect time (ms, log scale)",
                "share of blocks at most this slow", data, PlotOrientation.VERTICAL, true, false, false);
        // plain numbers at the decades (1, 10, 100 ms): easier to read than powers of ten
        LogarithmicAxis x = new LogarithmicAxis("connect time (ms, log scale)");
        x.setStrictValuesFlag(false);
        chart.getXYPlot().setDomainAxis(x);
        style(chart);
        return chart;
    }

    /** Speed-up per height range with its interval; the line at 1 is "no change". */
    static JFreeChart speedup(List<Comparison> comparisons) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Comparison c : comparisons) {
            YIntervalSeries s = new YIntervalSeries(c.candidate() + " vs " + c.baseline());
            for (Comparison.Range r : c.ranges()) {
                s.add((r.from() + r.to()) / 2.0, r.speedup().estimate(), r.speedup().low(), r.speedup().high());
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createScatterPlot("Speed-up per height range (baseline time / run time; > 1 is faster)",
                "height (range middle)", "speed-up", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        plot.setRenderer(renderer);
        ValueMarker one = new ValueMarker(1.0, Color.GRAY, new BasicStroke(1.5f));
        plot.addRangeMarker(one);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        style(chart);
        return chart;
    }

    /** nodescope's plot look: white background, light grid, its colours, thin lines. */
    public static void style(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        chart.setBackgroundPaint(Color.WHITE);
        if (plot.getDomainAxis() instanceof NumberAxis x) {
            x.setAutoRangeIncludesZero(false);
        }
        if (plot.getRenderer() instanceof XYLineAndShapeRenderer r) {
            for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
                r.setSeriesPaint(i, COLORS[i % COLORS.length]);
                r.setSeriesStroke(i, new BasicStroke(1.6f));
                if (!(r instanceof XYErrorRenderer)) {
                    r.setSeriesShapesVisible(i, false);
                }
            }
        }
    }

    public static byte[] png(JFreeChart chart) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
