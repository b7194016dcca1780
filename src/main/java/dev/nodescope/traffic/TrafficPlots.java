package dev.nodescope.traffic;

import dev.nodescope.bench.Plots;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The plots of {@code traffic compare --report}, drawn as bench's are ({@link Plots}): PNGs off-screen. */
public final class TrafficPlots {
    /** Message types stacked one by one; the rest go together. */
    private static final int STACKED_TYPES = 10;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
        new Color(0xaaaaaa)};

    private TrafficPlots() {
    }

    /** File-name stem and PNG bytes of every plot, in report order. */
    public static Map<String, byte[]> all(TrafficComparison c) {
        Map<String, byte[]> plots = new LinkedHashMap<>();
        plots.put("bytes-by-type", Plots.png(bytesByType(c)));
        plots.put("per-tx-overhead", Plots.png(perTxOverTime(c)));
        plots.put("ratios", Plots.png(ratios(c)));
        return plots;
    }

    /** Bytes per second of A and B, stacked by message type (the types with most bytes in A or B each on their own). */
    static JFreeChart bytesByType(TrafficComparison c) {
        Measure m = c.settings().measure();
        Map<String, Counts> a = c.a().by(TrafficSummary.Row::msgType);
        Map<String, Counts> b = c.b().by(TrafficSummary.Row::msgType);
        List<String> names = byBytes(a, b, m);
        List<String> shown = names.subList(0, Math.min(STACKED_TYPES, names.size()));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String type : shown) {
            data.addValue(rate(a.get(type), m, c.a()), type, "A " + c.a().label());
            data.addValue(rate(b.get(type), m, c.b()), type, "B " + c.b().label());
        }
        if (names.size() > shown.size()) {
            double ra = 0;
            double rb = 0;
            for (String type : names.subList(shown.size(), names.size())) {
                ra += rate(a.get(type), m, c.a());
                rb += rate(b.get(type), m, c.b());
            }
            data.addValue(ra, "other types", "A " + c.a().label());
            data.addValue(rb, "other types", "B " + c.b().label());
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Bytes per second by message type (" + m + ")", "",
                m + " bytes/s", data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        chart.setBackgroundPaint(Color.WHITE);
        StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
        r.setShadowVisible(false);
        r.setBarPainter(new StandardBarPainter());
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesPaint(i, COLORS[i % COLORS.length]);
        }
        return chart;
    }

    /** Labels of A and B together, most bytes (of both) first: the order the bars stack them in. */
    private static List<String> byBytes(Map<String, Counts> a, Map<String, Counts> b, Measure m) {
        Set<String> all = new LinkedHashSet<>(a.keySet());
        all.addAll(b.keySet());
        List<String> out = new ArrayList<>(all);
        out.sort((x, y) -> {
            int c = Long.compare(bytes(a, y, m) + bytes(b, y, m), bytes(a, x, m) + bytes(b, x, m));
            return c != 0 ? c : x.compareTo(y);
        });
        return out;
    }

    private static long bytes(Map<String, Counts> counts, String name, Measure m) {
        Counts c = counts.get(name);
        return c == null ? 0 : c.bytes(m);
    }

    private static double rate(Counts counts, Measure m, TrafficSummary s) {
        return counts == null || s.durationNanos() == 0 ? 0 : counts.bytes(m) / s.seconds();
    }

    /** Transaction-relay bytes per accepted transaction in each time block (blocks without an acceptance left out). */
    static JFreeChart perTxOverTime(TrafficComparison c) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(perTx("A " + c.a().label(), c.a(), c.settings().measure()));
        data.addSeries(perTx("B " + c.b().label(), c.b(), c.settings().measure()));
        JFreeChart chart = ChartFactory.createXYLineChart("Transaction relay per accepted transaction (" + c.settings().measure()
                + " bytes, per time block)", "minutes from the window's start", "bytes per accepted tx", data, PlotOrientation.VERTICAL,
                true, false, false);
        Plots.style(chart);
        return chart;
    }

    private static XYSeries perTx(String label, TrafficSummary s, Measure m) {
        XYSeries series = new XYSeries(label, false, true);
        long[] bytes = TrafficComparison.txRelay(s, m);
        long[] accepted = s.blocks().accepted();
        double minutes = s.blocks().blockNanos() / 6e10;
        for (int i = 0; i < bytes.length; i++) {
            if (accepted[i] > 0) {
                series.add((i + 0.5) * minutes, (double) bytes[i] / accepted[i]);
            }
        }
        return series;
    }

    /** B/A per row with its interval; the line at 1 is "no change". Rows where either side has no bytes are left out. */
    static JFreeChart ratios(TrafficComparison c) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        YIntervalSeries s = new YIntervalSeries("B / A");
        List<TrafficComparison.Row> rows = new ArrayList<>(c.rows());
        rows.add(c.all());
        rows.add(c.perTx());
        List<String> names = new ArrayList<>();
        for (TrafficComparison.Row r : rows) {
            if (Double.isFinite(r.ratio().high()) && r.ratio().low() > 0) {
                s.add(names.size(), r.ratio().estimate(), r.ratio().low(), r.ratio().high());
                names.add(r.name());
            }
        }
        data.addSeries(s);
        JFreeChart chart = ChartFactory.createScatterPlot("B / A per " + c.settings().grouping() + " (" + c.settings().measure()
                + " bytes; below 1: B moves less)", "", "B / A", data, PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setSeriesPaint(0, COLORS[0]);
        plot.setRenderer(renderer);
        SymbolAxis x = new SymbolAxis("", names.toArray(String[]::new));
        x.setVerticalTickLabels(true);
        plot.setDomainAxis(x);
        plot.addRangeMarker(new ValueMarker(1.0, Color.GRAY, new BasicStroke(1.5f)));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
