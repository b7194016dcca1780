package dev.nodescope.fleet;

import dev.nodescope.stream.LossStage;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Losses by stage and event name, counted from any thread (the stream's, jnats' acknowledgement threads). */
final class LossCounts {
    record Key(LossStage stage, String eventName) {
    }

    private final Map<Key, Long> counts = new ConcurrentHashMap<>();

    void add(LossStage stage, String eventName, long n) {
        counts.merge(new Key(stage, eventName), n, Long::sum);
    }

    void add(Key key, long n) {
        counts.merge(key, n, Long::sum);
    }

    /** What this has counted at {@code stage} beyond {@code reported}. */
    Map<Key, Long> since(LossCounts reported, LossStage stage) {
        Map<Key, Long> news = new LinkedHashMap<>();
        counts.forEach((k, n) -> {
            if (k.stage() == stage) {
                long delta = n - reported.counts.getOrDefault(k, 0L);
                if (delta > 0) {
                    news.put(k, delta);
                }
            }
        });
        return news;
    }

    /** Every count, by stage and event name. */
    Map<Key, Long> all() {
        return new LinkedHashMap<>(counts);
    }

    Map<LossStage, Long> byStage() {
        Map<LossStage, Long> by = new EnumMap<>(LossStage.class);
        counts.forEach((k, n) -> by.merge(k.stage(), n, Long::sum));
        return by;
    }
}
