package dev.nodescope.watch;

import dev.nodescope.stream.EventStream;
import dev.nodescope.tool.Outcome;
import dev.nodescope.tool.StreamEnd;
import dev.nodescope.tool.Tool;
import java.nio.file.Path;
import java.util.List;

/**
 * Another tool with the watchdog in front ({@code log --watch}, {@code record --watch},
 * {@code metrics --watch}): the engine's handlers come first, so the alerts an event raises reach
 * the tool right after that event (printed, recorded, counted).
 */
public final class Watching implements Tool {
    private final WatchEngine engine;
    private final Tool tool;

    public Watching(WatchEngine engine, Tool tool) {
        this.engine = engine;
        this.tool = tool;
    }

    @Override
    public void register(EventStream stream) {
        engine.register(stream);
        tool.register(stream);
    }

    @Override
    public Outcome finish(StreamEnd end) throws Exception {
        return tool.finish(end);
    }

    @Override
    public void flush() {
        tool.flush();
    }

    @Override
    public boolean reportsLosses() {
        return tool.reportsLosses();
    }

    @Override
    public List<Path> outputs() {
        return tool.outputs();
    }

    @Override
    public void drive(EventStream stream) throws Exception {
        tool.drive(stream);
    }

    @Override
    public void stop(EventStream stream) {
        tool.stop(stream);
    }
}
