package dev.nodescope.monitor;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.nodescope.event.Event;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.EventStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A monitor on Lanterna's virtual terminal with a hand-set clock: events go through a real
 * EventStream into the model, keys and frames are driven by the test.
 */
final class Harness {
    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final MonitorModel model = new MonitorModel();
    final ScriptedSource scripted = new ScriptedSource();
    final Monitor monitor;
    long now = TestEvents.at(0);

    /** @param source {@link #scripted} (a replay: pace keys), or another source (live) */
    Harness(int width, int height, boolean replay) throws IOException {
        terminal = new DefaultVirtualTerminal(new TerminalSize(width, height));
        screen = new TerminalScreen(terminal);
        screen.startScreen();
        EventSource source = replay ? scripted : new LiveLike(scripted);
        monitor = new Monitor(screen, model, source, () -> now, ZoneOffset.UTC);
    }

    /** Delivers events the way the command does: a stream over the source, the model as handler. */
    void feed(Event... events) throws Exception {
        scripted.queue(events);
        EventStream.open(scripted).onEvent(model).start();
    }

    /** Draws a frame at {@code seconds} after T0 and returns the screen's lines, trailing blanks cut. */
    List<String> frame(double seconds) throws IOException {
        now = TestEvents.at(seconds);
        monitor.draw();
        return lines();
    }

    List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < size.getRows(); y++) {
            StringBuilder sb = new StringBuilder();
            for (int x = 0; x < size.getColumns(); x++) {
                sb.append(terminal.getCharacter(x, y).getCharacterString());
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    void key(char c) {
        monitor.key(new KeyStroke(c, false, false));
    }

    void key(KeyType type) {
        monitor.key(new KeyStroke(type));
    }

    void type(String text) {
        for (char c : text.toCharArray()) {
            key(c);
        }
    }

    /** The scripted source seen as a live one: no pace control. */
    private record LiveLike(ScriptedSource inner) implements EventSource {
        @Override
        public void run(dev.nodescope.stream.EventSink sink) {
            inner.run(sink);
        }

        @Override
        public dev.nodescope.stream.SourceStats stats() {
            return inner.stats();
        }

        @Override
        public void stop() {
        }
    }
}
