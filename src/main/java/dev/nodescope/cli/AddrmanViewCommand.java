package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.History;
import dev.nodescope.addrman.HtmlView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code addrman view --html}: the tables as grids in one self-contained page; a history gets a time slider. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML page drawing the new and tried tables (a history: with a time slider).")
final class AddrmanViewCommand implements Callable<Integer> {
    @Mixin
    AddrmanInput input;

    @Parameters(arity = "0..1", paramLabel = "SNAPSHOT|DIR", description = "A snapshot file or a history; default: ask the node now.")
    Path source;

    @Option(names = "--html", paramLabel = "FILE", required = true, description = "The page to write.")
    Path html;

    @Option(names = "--last", paramLabel = "N", description = "Of a history, only the last N snapshots (default: all).")
    Integer last;

    @Override
    public Integer call() throws Exception {
        if (last != null && last < 1) {
            throw new UserException("--last must be at least 1");
        }
        int frames;
        if (source != null && Files.isDirectory(source)) {
            History h = History.open(source);
            if (h.isEmpty()) {
                throw new UserException(source + " holds no addrman snapshots");
            }
            Iterator<AddrmanSnapshot> all = h.iterator();
            if (last != null) {
                ArrayDeque<AddrmanSnapshot> tail = new ArrayDeque<>();
                all.forEachRemaining(s -> {
                    tail.addLast(s);
                    if (tail.size() > last) {
                        tail.removeFirst();
                    }
                });
                all = tail.iterator();
            }
            frames = HtmlView.write(all, input.grouping(), html);
        } else {
            frames = HtmlView.write(List.of(input.snapshot(source)), input.grouping(), html);
        }
        System.err.println("nodescope: wrote " + html + " (" + frames + (frames == 1 ? " snapshot, " : " snapshots, ")
                + Files.size(html) + " bytes)");
        return 0;
    }
}
