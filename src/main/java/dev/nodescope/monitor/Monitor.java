package dev.nodescope.monitor;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.Pacing;
import java.io.IOException;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * The UI thread: reads keys and draws a frame from a model snapshot {@link #FRAMES_PER_SECOND}
 * times a second (and right after a key). It never blocks the stream thread beyond the snapshot
 * copy, and never touches the source except for its stats and pace.
 */
public final class Monitor {
    static final int FRAMES_PER_SECOND = 4;
    /** Below this the table has no room for its essential columns. */
    public static final int MIN_WIDTH = 60;
    public static final int MIN_HEIGHT = 12;

    private final Screen screen;
    private final MonitorModel model;
    private final EventSource source;
    private final Pacing pacing;
    private final LongSupplier clock;
    private final ZoneId zone;
    private final ViewState view = new ViewState();
    private final Keys keys;
    private final Rates rates = new Rates();
    private volatile boolean stopRequested;
    private volatile boolean sourceEnded;

    /**
     * @param screen a started screen
     * @param clock  the monitor's time in epoch ns: wall time when live, the replay's position when replaying
     */
    public Monitor(Screen screen, MonitorModel model, EventSource source, LongSupplier clock, ZoneId zone) {
        this.screen = screen;
        this.model = model;
        this.source = source;
        this.pacing = source instanceof Pacing p ? p : null;
        this.clock = clock;
        this.zone = zone;
        this.keys = new Keys(view, pacing);
    }

    /** Handles keys and draws until q, Ctrl-C or {@link #stop()}. */
    public void run() throws IOException, InterruptedException {
        long frameNanos = 1_000_000_000L / FRAMES_PER_SECOND;
        long nextFrame = System.nanoTime();
        while (!stopRequested && !view.quit) {
            KeyStroke key = screen.pollInput();
            if (key != null) {
                key(key);
                if (!view.quit) {
                    draw();
                }
                continue;
            }
            if (System.nanoTime() - nextFrame >= 0) {
                draw();
                nextFrame = System.nanoTime() + frameNanos;
            }
            Thread.sleep(15);
        }
    }

    /** Asks {@link #run} to return (from any thread: a signal, a failed stream). */
    public void stop() {
        stopRequested = true;
    }

    /** The source delivered everything it will: the status line says so. */
    public void sourceEnded() {
        sourceEnded = true;
    }

    public boolean quitByKey() {
        return view.quit;
    }

    void key(KeyStroke key) {
        TerminalSize size = screen.getTerminalSize();
        int pageRows = Math.max(1, size.getRows() - PeersScreen.CHROME_ROWS);
        keys.handle(key, PeerColumn.layout(size.getColumns()).columns(), pageRows);
    }

    /** Draws one frame from a fresh snapshot. */
    void draw() throws IOException {
        TerminalSize resized = screen.doResizeIfNecessary();
        for (; view.pendingNodeSwitches > 0; view.pendingNodeSwitches--) {
            model.showNextNode();
            view.selectedPeer = -1;
            view.firstRow = 0;
        }
        Snapshot s = model.snapshot(clock.getAsLong(), view.mode == ViewState.Mode.PEER ? view.selectedPeer : -1);
        rates.update(s);
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        TerminalSize size = screen.getTerminalSize();
        int width = size.getColumns();
        int height = size.getRows();
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            g.putString(0, 0, Units.fit("terminal too small: " + width + "x" + height + ", needs " + MIN_WIDTH + "x" + MIN_HEIGHT,
                    width, false));
        } else {
            StatusBar.draw(g, width, s, rates, source.stats(), pacing, sourceEnded);
            switch (view.mode) {
                case PEERS -> PeersScreen.draw(g, width, height, s, rates, view, pacing != null);
                case PEER -> {
                    PeerScreen.draw(g, width, height, s, view, zone, pacing != null);
                    if (view.mode == ViewState.Mode.PEERS) {
                        screen.clear();
                        StatusBar.draw(g, width, s, rates, source.stats(), pacing, sourceEnded);
                        PeersScreen.draw(g, width, height, s, rates, view, pacing != null);
                    }
                }
                case HELP -> HelpScreen.draw(g, width, height);
            }
        }
        screen.refresh(resized != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
    }
}
