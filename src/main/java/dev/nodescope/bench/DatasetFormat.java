package dev.nodescope.bench;

import dev.nodescope.error.UserException;
import java.nio.file.Path;
import java.util.Locale;

/** The two file formats of a dataset, chosen by the file's extension. */
public enum DatasetFormat {
    CSV, JSONL;

    /** The CSV column header; a flush leaves the block columns empty and the reverse. */
    static final String CSV_HEADER = "kind,height,hash,transactions,inputs,sigops,duration_ns,mode,coins,memory_bytes,for_prune,time";

    public static DatasetFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl")) {
            return JSONL;
        }
        throw new UserException(file + ": the file name must end in .csv or .jsonl (that chooses the format)");
    }
}
