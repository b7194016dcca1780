package dev.nodescope.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic IBD runs for comparison tests: block {@code h} takes a size-dependent base time times
 * a log-normal run-to-run noise (sigma 0.2, seeded), optionally slowed down in one height range.
 */
final class SyntheticRuns {
    static final int BLOCKS = 50_000;

    private SyntheticRuns() {
    }

    static long base(int h) {
        return 1_000_000L + 50_000L * (h % 500);
    }

    /** Writes a run of heights 0..BLOCKS-1 to {@code file}; blocks in [slowFrom, slowTo) take {@code factor} times as long. */
    static Path write(Path file, String label, long noiseSeed, int slowFrom, int slowTo, double factor) {
        Random noise = new Random(noiseSeed);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(RunFacts.LABEL, label);
        meta.put(RunFacts.BINARY, "/opt/" + label + "/bin/bitcoind");
        meta.put(RunFacts.OPTIONS, "dbcache=450");
        try (DatasetWriter w = new DatasetWriter(file)) {
            w.writeMetadata(meta);
            for (int h = 0; h < BLOCKS; h++) {
                double t = base(h) * Math.exp(0.2 * noise.nextGaussian());
                if (h >= slowFrom && h < slowTo) {
                    t *= factor;
                }
                w.write(new BlockRow(h, BenchScenario.hash(h), 1 + h % 3000, 1 + h % 7000, h % 20000, Math.round(t),
                        1_700_000_000_000_000_000L + h * 600_000_000_000L));
                if (h % 2000 == 1999) {
                    w.write(new FlushRow(h, dev.nodescope.event.FlushMode.PERIODIC, 1_000_000L * (h / 2000 + 1), 1000L * h, 64L * h,
                            false, 1_700_000_000_000_000_000L + h * 600_000_000_000L + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }
}
