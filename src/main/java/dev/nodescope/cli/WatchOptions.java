package dev.nodescope.cli;

import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The watchdog's settings, shared by {@code watch} and the {@code --watch} of {@code log}, {@code record} and {@code metrics}. */
final class WatchOptions {
    /** Payload bytes each P2P message needs for the detectors (an addr message of 1000 entries is 30 KB; larger txs are not hashed). */
    static final int PAYLOAD_MAX = 65_536;

    @Option(names = "--rules", paramLabel = "FILE", description = "YAML file overriding detector thresholds, windows, severities (docs/watch.md).")
    Path rules;

    @Option(names = "--silence", paramLabel = "ALERT[:SUBJECT]",
            description = "Do not report this detector's alerts (or those about one subject, e.g. addr_flood:peer:7); repeatable.")
    List<String> silences = new ArrayList<>();

    WatchEngine engine(boolean live) {
        return new WatchEngine(rules == null ? Rules.defaults() : Rules.load(rules), Silences.parse(silences, Detectors.names()), live);
    }
}
