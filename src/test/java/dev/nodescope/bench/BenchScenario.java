package dev.nodescope.bench;

import dev.nodescope.event.FlushMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A synthetic chain segment for the fixture: blocks {@code from..to} with deterministic contents,
 * a UTXO cache flush after every {@code flushEvery}-th block, and the exact rows a recording of
 * it must hold (times left 0: the kernel sets them).
 */
final class BenchScenario {
    final List<String> lines = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();

    BenchScenario(int from, int to, int flushEvery) {
        for (int h = from; h <= to; h++) {
            BlockRow b = block(h);
            lines.add("validation:block_connected " + b.hash() + " " + h + " " + b.transactions() + " " + b.inputs() + " "
                    + b.sigops() + " " + b.durationNs());
            rows.add(b);
            if ((h - from) % flushEvery == flushEvery - 1) {
                FlushRow f = flush(h);
                lines.add("utxocache:flush " + f.durationNs() / 1000 + " " + f.mode().ordinal() + " " + f.coins() + " "
                        + f.memoryBytes() + " " + f.forPrune());
                rows.add(f);
            }
        }
    }

    static String hash(int height) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(("block " + height).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static BlockRow block(int h) {
        return new BlockRow(h, hash(h), 1 + h % 2971, 1 + (h * 7) % 9001, (h * 13L) % 80001, 1_000_000L + (h * 7919L) % 5_000_000, 0);
    }

    static FlushRow flush(int h) {
        return new FlushRow(h, FlushMode.fromCode(h % 4), 1000L * (100 + h % 977), 1000L + h, 4096L * h, h % 2 == 0, 0);
    }

    /** The rows with their times cleared, for comparing with {@link #rows}. */
    static List<Row> withoutTimes(List<Row> rows) {
        return rows.stream().<Row>map(r -> switch (r) {
            case BlockRow b -> new BlockRow(b.height(), b.hash(), b.transactions(), b.inputs(), b.sigops(), b.durationNs(), 0);
            case FlushRow f -> new FlushRow(f.height(), f.mode(), f.durationNs(), f.coins(), f.memoryBytes(), f.forPrune(), 0);
        }).toList();
    }
}
