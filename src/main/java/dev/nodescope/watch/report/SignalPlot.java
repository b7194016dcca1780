package dev.nodescope.watch.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** One fired alert's signal (blue, with its measurements marked) against its threshold (red, dashed), over UTC time, as a PNG. */
final class SignalPlot {
    static final int WIDTH = 900;
    static final int HEIGHT = 300;

    static {
        // a report is drawn on servers without a display
        System.setProperty("java.awt.headless", "true");
    }

    private SignalPlot() {
    }

    static byte[] png(SignalSeries s) {
        XYSeries signal = new XYSeries("signal", false, true);
        XYSeries threshold = new XYSeries("threshold", false, true);
        for (int i = 0; i < s.size(); i++) {
            double ms = s.time(i) / 1e6;
            signal.add(ms, s.signal(i));
            if (!Double.isNaN(s.threshold(i))) {
                threshold.add(ms, s.threshold(i));
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(signal);
        data.addSeries(threshold);
        JFreeChart chart = ChartFactory.createXYLineChart(s.alert + " " + s.subject + (s.node.isEmpty() ? "" : " on " + s.node),
                "time (UTC)", "signal", data);
        XYPlot plot = chart.getXYPlot();
        DateAxis time = new DateAxis("time (UTC)");
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        plot.setDomainAxis(time);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        chart.setBackgroundPaint(Color.WHITE);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        r.setSeriesPaint(0, new Color(0x1f77b4));
        r.setSeriesStroke(0, new BasicStroke(1.6f));
        r.setSeriesShapesVisible(0, true);
        r.setSeriesPaint(1, new Color(0xd62728));
        r.setSeriesStroke(1, new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        r.setSeriesShapesVisible(1, false);
        marker(plot, s.firedAt, "fired");
        marker(plot, s.resolvedAt, "resolved");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void marker(XYPlot plot, long at, String label) {
        if (at >= 0) {
            ValueMarker m = new ValueMarker(at / 1e6, new Color(0x888888), new BasicStroke(1f));
            m.setLabel(label);
            plot.addDomainMarker(m);
        }
    }
}
