package dev.nodescope.traffic;

import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.archive.Recorder;
import dev.nodescope.archive.TrafficMix;
import dev.nodescope.event.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes one of {@link TrafficRuns}' runs as an archive, streaming (a day of it never in memory), or with
 * {@code mix EVENTS} instead of a run, {@code EVENTS} of {@link TrafficMix} (a busy mainnet node's shapes: 125 peers, random
 * sizes and txids, 5% mempool events; about 500 a second), a million at a time:
 * {@code TrafficArchive DIR flood|reconcile SECONDS MAX_TXS_PER_SECOND [SEED [START_DAY]]}
 * (START_DAY: days after 2025-12-02, so two runs can be at different times). Used by
 * bench/traffic-archive.sh to make a 24-hour-sized archive once.
 */
public final class TrafficArchive {
    private TrafficArchive() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length < 4 && !args[1].equals("mix")) {
            System.err.println("usage: TrafficArchive DIR flood|reconcile SECONDS MAX_TXS_PER_SECOND [SEED [START_DAY]] | DIR mix EVENTS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        if (args[1].equals("mix")) {
            mix(dir, Long.parseLong(args[2]));
            return;
        }
        TrafficRuns.Run run = args[1].equals("flood") ? TrafficRuns.FLOOD : TrafficRuns.RECONCILE;
        int seconds = Integer.parseInt(args[2]);
        int maxTxs = Integer.parseInt(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 7;
        long start = TrafficRuns.START_EPOCH_NANOS + (args.length > 5 ? Long.parseLong(args[5]) : 0) * TrafficRuns.DAY_NANOS;
        long[] events = {0};
        long started = System.nanoTime();
        try (Recorder r = Recorder.builder().directory(dir).rotateBytes(1L << 30)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", TrafficRuns.NODE, "synthetic", List.of(), "none", false, "", "", 1))
                .build()) {
            TrafficRuns.play(run, seconds, maxTxs, seed, start, e -> {
                r.accept(e);
                events[0]++;
            });
        }
        System.out.println(String.format(Locale.ROOT, "wrote %d events to %s in %.1f s", events[0], dir, (System.nanoTime() - started) / 1e9));
    }

    private static void mix(Path dir, long total) throws Exception {
        long started = System.nanoTime();
        long written = 0;
        long mono = 3_600_000_000_000L;
        try (Recorder r = Recorder.builder().directory(dir).rotateBytes(1L << 30)
                .header(new ArchiveHeader(ArchiveFormat.VERSION, "test", 0, "h", "mainnet-1", "synthetic", List.of(), "none", false, "", "", 1))
                .build()) {
            for (long chunk = 0; written < total; chunk++) {
                List<Event> events = TrafficMix.events((int) Math.min(1_000_000, total - written), 0.05, chunk + 1, mono);
                events.forEach(r::accept);
                written += events.size();
                mono = events.getLast().meta().monoNs() + 1;
            }
        }
        System.out.println(String.format(Locale.ROOT, "wrote %d events to %s in %.1f s", written, dir, (System.nanoTime() - started) / 1e9));
    }
}
