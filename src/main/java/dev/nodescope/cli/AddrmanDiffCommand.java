package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.addrman.AddrmanDiff;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.DiffReport;
import dev.nodescope.addrman.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code addrman diff A B}: what changed between two snapshots. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Entries inserted, evicted, moved new->tried and back, per bucket and per source netgroup, from A to B"
                + " (a history DIR alone: its last two snapshots).")
final class AddrmanDiffCommand implements Callable<Integer> {
    @Mixin
    AddrmanInput input;

    @Parameters(arity = "1..2", paramLabel = "A [B]", description = "Snapshot files (or histories: their last snapshot).")
    List<Path> snapshots;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserException("--format must be text or json, not '" + format + "'");
        }
        AddrmanSnapshot a;
        AddrmanSnapshot b;
        if (snapshots.size() == 1) {
            if (!Files.isDirectory(snapshots.getFirst())) {
                throw new UserException("diff needs two snapshots, or one history directory (its last two)");
            }
            History h = History.open(snapshots.getFirst());
            if (h.files().size() < 2) {
                throw new UserException(snapshots.getFirst() + " holds fewer than two snapshots");
            }
            a = h.snapshot(h.files().get(h.files().size() - 2));
            b = h.snapshot(h.files().getLast());
        } else {
            a = History.load(snapshots.get(0));
            b = History.load(snapshots.get(1));
        }
        AddrmanDiff d = AddrmanDiff.between(a, b, input.grouping());
        if (format.equals("json")) {
            System.out.println(DiffReport.json(d).toPrettyString());
        } else {
            DiffReport.lines(d).forEach(System.out::println);
        }
        return 0;
    }
}
