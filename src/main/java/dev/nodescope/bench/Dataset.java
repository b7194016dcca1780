package dev.nodescope.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A recorded run: its metadata (ordered keys, see {@link RunFacts}) and its rows in recording order.
 *
 * @param source where it was read from (for messages and report labels)
 */
public record Dataset(Path source, Map<String, String> metadata, List<Row> rows) {
    public List<BlockRow> blocks() {
        return rows.stream().filter(BlockRow.class::isInstance).map(BlockRow.class::cast).toList();
    }

    public List<FlushRow> flushes() {
        return rows.stream().filter(FlushRow.class::isInstance).map(FlushRow.class::cast).toList();
    }

    /** The same run under another name (comparisons need every run's name to differ). */
    public Dataset withLabel(String label) {
        Map<String, String> renamed = new java.util.LinkedHashMap<>(metadata);
        renamed.put(RunFacts.LABEL, label);
        return new Dataset(source, renamed, rows);
    }

    /** The run's name in reports: its --label, else the file name without extension. */
    public String label() {
        String label = metadata.get(RunFacts.LABEL);
        if (label != null && !label.isBlank()) {
            return label;
        }
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
