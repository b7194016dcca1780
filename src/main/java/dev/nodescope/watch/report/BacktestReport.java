package dev.nodescope.watch.report;

import dev.nodescope.error.UserException;
import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.watch.AlertSink;
import dev.nodescope.watch.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * {@code watch --report FILE}: the backtest. Collects, while the watch runs, every alert event
 * (the timeline), the counts per detector and state, and the signal of each alert against its
 * threshold while it is open; at the end writes them as HTML (plots embedded) or JSON, by the
 * file's extension. Bounded: {@link #MAX_ALERTS} events, {@link #MAX_SERIES} signals measured at
 * once, {@link #MAX_PLOTS} plots, each of {@link SignalSeries#MAX_POINTS} points at most; what is
 * left out is counted in the report.
 */
public final class BacktestReport implements AlertSink {
    static final int MAX_ALERTS = 10_000;
    static final int MAX_SERIES = 256;
    static final int MAX_PLOTS = 50;

    private record Key(String alert, String node, String subject) {
    }

    /** Everything a writer needs, read after the run. */
    record Contents(String source, long events, List<Alert> alerts, long alertsLeftOut, Map<String, long[]> counts,
                    List<SignalSeries> plots, long plotsLeftOut) {
    }

    private final Path file;
    private final boolean html;
    private final String source;
    private final LongSupplier events;
    private final List<Alert> alerts = new ArrayList<>();
    private long alertsLeftOut;
    private final Map<String, long[]> counts = new TreeMap<>();
    private final Map<Key, SignalSeries> open = new HashMap<>();
    private final List<SignalSeries> fired = new ArrayList<>();
    private long plotsLeftOut;
    private boolean written;

    private BacktestReport(Path file, boolean html, String source, LongSupplier events) {
        this.file = file;
        this.html = html;
        this.source = source;
        this.events = events;
    }

    /**
     * A report to be written to {@code file} ({@code .html} or {@code .json}); checked now, so a
     * mistake is one line before the watch starts, not after it ran.
     *
     * @param source what was watched (the archives replayed), for the report's heading
     * @param events how many events the engine read, asked at the end
     */
    public static BacktestReport to(Path file, String source, LongSupplier events) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean html = name.endsWith(".html") || name.endsWith(".htm");
        if (!html && !name.endsWith(".json")) {
            throw new UserException("--report " + file + ": name it .html (a page with plots) or .json");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserException("--report " + file + ": no directory " + dir);
        }
        if (!Files.isWritable(dir) || Files.isDirectory(file) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new UserException("--report " + file + ": cannot write there");
        }
        return new BacktestReport(file, html, source, events);
    }

    @Override
    public void onSignal(String alert, Subject subject, long now, double signal, double threshold) {
        Key key = new Key(alert, subject.node(), subject.key());
        SignalSeries s = open.get(key);
        if (s == null) {
            if (open.size() >= MAX_SERIES) {
                return; // counted when it fires unplotted
            }
            s = new SignalSeries(alert, subject.node(), subject.key());
            open.put(key, s);
        }
        s.add(now, signal, threshold);
    }

    @Override
    public void onAlert(Alert a) {
        if (alerts.size() < MAX_ALERTS) {
            alerts.add(a);
        } else {
            alertsLeftOut++;
        }
        counts.computeIfAbsent(a.alert(), k -> new long[AlertState.values().length])[a.state().ordinal()]++;
        Key key = new Key(a.alert(), a.meta().node(), a.subject());
        SignalSeries s = open.get(key);
        switch (a.state()) {
            case PENDING -> {
            }
            case FIRING -> {
                if (s == null || s.firedAt >= 0) {
                    if (s == null) {
                        plotsLeftOut++;
                    }
                } else if (fired.size() < MAX_PLOTS) {
                    s.firedAt = a.meta().epochNanos();
                    fired.add(s);
                } else {
                    s.firedAt = a.meta().epochNanos();
                    plotsLeftOut++;
                }
            }
            case RESOLVED -> {
                if (s != null) {
                    s.resolvedAt = a.meta().epochNanos();
                    open.remove(key);
                }
            }
        }
    }

    /** Writes the report (once). */
    @Override
    public void close() throws IOException {
        if (written) {
            return;
        }
        written = true;
        Contents c = new Contents(source, events.getAsLong(), Collections.unmodifiableList(alerts), alertsLeftOut,
                Collections.unmodifiableMap(counts), List.copyOf(fired), plotsLeftOut);
        try {
            if (html) {
                BacktestHtml.write(file, c);
            } else {
                BacktestJson.write(file, c);
            }
        } catch (IOException e) {
            throw UserException.cannotWrite(file, e);
        }
    }

    @Override
    public String summary() {
        return written ? "wrote the backtest report " + file : null;
    }
}
