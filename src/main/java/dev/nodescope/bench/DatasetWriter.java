package dev.nodescope.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.IsoTime;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a dataset as it is recorded: the run's metadata first, rows as they come, and the facts
 * only known at the end (end time, totals) last. CSV carries the metadata in {@code # key: value}
 * comment lines before the header and after the last row, so the file stays one self-describing
 * file that spreadsheet tools read with "comment character #"; JSON lines carry them in a first
 * {@code "kind":"run"} and a last {@code "kind":"end"} object.
 */
public final class DatasetWriter implements AutoCloseable {
    private final DatasetFormat format;
    private final Writer out;
    private final JsonGenerator json;
    private final IsoTime iso = new IsoTime();
    private boolean headerWritten;

    public DatasetWriter(Path file) throws IOException {
        this.format = DatasetFormat.of(file);
        this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        if (format == DatasetFormat.JSONL) {
            json = new JsonFactory().createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            json.setRootValueSeparator(null);
        } else {
            json = null;
        }
    }

    /** The run's metadata; once, before the first row. */
    public void writeMetadata(Map<String, String> metadata) {
        if (headerWritten) {
            throw new IllegalStateException("metadata must come before the rows");
        }
        try {
            writeFacts("run", metadata);
            if (format == DatasetFormat.CSV) {
                out.write(DatasetFormat.CSV_HEADER);
                out.write('\n');
            }
            headerWritten = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Row row) {
        try {
            if (format == DatasetFormat.CSV) {
                writeCsv(row);
            } else {
                writeJson(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is only known at the end (end time, counts); after the last row. */
    public void writeTrailer(Map<String, String> facts) {
        try {
            writeFacts("end", facts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flush() {
        try {
            if (json != null) {
                json.flush();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeFacts(String kind, Map<String, String> facts) throws IOException {
        if (format == DatasetFormat.CSV) {
            for (Map.Entry<String, String> f : facts.entrySet()) {
                // one comment line per fact: a value never spans lines
                out.write("# " + f.getKey() + ": " + f.getValue().replace('\n', ' ').replace('\r', ' ') + "\n");
            }
            return;
        }
        json.writeStartObject();
        json.writeStringField("kind", kind);
        for (Map.Entry<String, String> f : facts.entrySet()) {
            json.writeStringField(f.getKey(), f.getValue());
        }
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }

    private void writeCsv(Row row) throws IOException {
        StringBuilder b = new StringBuilder(160);
        switch (row) {
            case BlockRow r -> b.append("block,").append(r.height()).append(',').append(r.hash()).append(',')
                    .append(r.transactions()).append(',').append(r.inputs()).append(',').append(r.sigops()).append(',')
                    .append(r.durationNs()).append(",,,,,");
            case FlushRow r -> b.append("flush,").append(r.height() >= 0 ? Integer.toString(r.height()) : "").append(",,,,,")
                    .append(r.durationNs()).append(',').append(r.mode()).append(',').append(r.coins()).append(',')
                    .append(r.memoryBytes()).append(',').append(r.forPrune()).append(',');
        }
        if (row.epochNanos() != 0) {
            b.append(iso.format(row.epochNanos()));
        }
        b.append('\n');
        out.write(b.toString());
    }

    private void writeJson(Row row) throws IOException {
        json.writeStartObject();
        switch (row) {
            case BlockRow r -> {
                json.writeStringField("kind", "block");
                json.writeNumberField("height", r.height());
                json.writeStringField("hash", r.hash());
                json.writeNumberField("transactions", r.transactions());
                json.writeNumberField("inputs", r.inputs());
                json.writeNumberField("sigops", r.sigops());
                json.writeNumberField("duration_ns", r.durationNs());
            }
            case FlushRow r -> {
                json.writeStringField("kind", "flush");
                if (r.height() >= 0) {
                    json.writeNumberField("height", r.height());
                } else {
                    json.writeNullField("height");
                }
                json.writeNumberField("duration_ns", r.durationNs());
                json.writeStringField("mode", r.mode().name());
                json.writeNumberField("coins", r.coins());
                json.writeNumberField("memory_bytes", r.memoryBytes());
                json.writeBooleanField("for_prune", r.forPrune());
            }
        }
        if (row.epochNanos() != 0) {
            json.writeStringField("time", iso.format(row.epochNanos()));
        }
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }

    @Override
    public void close() {
        try {
            if (json != null) {
                json.close();
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
