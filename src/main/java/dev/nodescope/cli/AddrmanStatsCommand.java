package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.addrman.AddrmanStats;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.addrman.StatsJson;
import dev.nodescope.addrman.StatsText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code addrman stats}: the statistics of one snapshot (docs/addrman.md says what each means). */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Entries per table and network, bucket fill, netgroups and ASNs, concentration, ages, terrible entries.")
final class AddrmanStatsCommand implements Callable<Integer> {
    @Mixin
    AddrmanInput input;

    @Parameters(arity = "0..1", paramLabel = "SNAPSHOT|DIR", description = "A snapshot file or history (its last); default: ask the node now.")
    Path snapshot;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserException("--format must be text or json, not '" + format + "'");
        }
        Grouping grouping = input.grouping();
        AddrmanStats stats = AddrmanStats.of(input.snapshot(snapshot), grouping);
        if (format.equals("json")) {
            System.out.println(StatsJson.of(stats).toPrettyString());
        } else {
            StatsText.lines(stats).forEach(System.out::println);
        }
        return 0;
    }
}
