package dev.nodescope.bench;

import dev.nodescope.error.UserException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.nodescope.event.FlushMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a dataset written by {@link DatasetWriter} (CSV or JSON lines, by extension). Anything it
 * cannot read is a {@link UserException} naming the file, the line and what is wrong:
 * datasets are often edited or concatenated by hand.
 */
public final class DatasetReader {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final JsonFactory JSON = new JsonFactory();

    private DatasetReader() {
    }

    public static Dataset read(Path file) {
        DatasetFormat format = DatasetFormat.of(file);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (format == DatasetFormat.CSV) {
                readCsv(file, in, metadata, rows);
            } else {
                readJsonLines(file, in, metadata, rows);
            }
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserException(file + ": permission denied");
        } catch (MalformedInputException e) {
            throw new UserException(file + ": not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new UserException(file + ": " + e.getMessage());
        }
        return new Dataset(file, metadata, List.copyOf(rows));
    }

    private static void readCsv(Path file, BufferedReader in, Map<String, String> metadata, List<Row> rows) throws IOException {
        boolean header = false;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon > 1) {
                    metadata.put(line.substring(1, colon).strip(), line.substring(colon + 1).strip());
                }
                continue;
            }
            if (!header) {
                if (!line.strip().equals(DatasetFormat.CSV_HEADER)) {
                    throw bad(file, lineNo, "not a nodescope bench dataset (expected the header " + DatasetFormat.CSV_HEADER + ")");
                }
                header = true;
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 12) {
                throw bad(file, lineNo, "expected 12 comma-separated fields, found " + f.length);
            }
            long time = f[11].isEmpty() ? 0 : time(file, lineNo, f[11]);
            rows.add(switch (f[0]) {
                case "block" -> new BlockRow(integer(file, lineNo, "height", f[1]), hash(file, lineNo, f[2]),
                        number(file, lineNo, "transactions", f[3]), integer(file, lineNo, "inputs", f[4]),
                        number(file, lineNo, "sigops", f[5]), number(file, lineNo, "duration_ns", f[6]), time);
                case "flush" -> new FlushRow(f[1].isEmpty() ? -1 : integer(file, lineNo, "height", f[1]), mode(file, lineNo, f[7]),
                        number(file, lineNo, "duration_ns", f[6]), number(file, lineNo, "coins", f[8]),
                        number(file, lineNo, "memory_bytes", f[9]), bool(file, lineNo, f[10]), time);
                default -> throw bad(file, lineNo, "kind must be block or flush, not '" + f[0] + "'");
            });
        }
        if (!header) {
            throw new UserException(file + ": not a nodescope bench dataset (no header line " + DatasetFormat.CSV_HEADER + ")");
        }
    }

    private static void readJsonLines(Path file, BufferedReader in, Map<String, String> metadata, List<Row> rows) throws IOException {
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> o = parseObject(file, lineNo, line);
            Object kind = o.remove("kind");
            switch (String.valueOf(kind)) {
                case "run", "end" -> o.forEach((k, v) -> metadata.put(k, String.valueOf(v)));
                case "block" -> rows.add(new BlockRow((int) field(file, lineNo, o, "height", Integer.MIN_VALUE, Integer.MAX_VALUE),
                        hash(file, lineNo, String.valueOf(o.get("hash"))), field(file, lineNo, o, "transactions", 0, Long.MAX_VALUE),
                        (int) field(file, lineNo, o, "inputs", 0, Integer.MAX_VALUE), field(file, lineNo, o, "sigops", 0, Long.MAX_VALUE),
                        field(file, lineNo, o, "duration_ns", 0, Long.MAX_VALUE), jsonTime(file, lineNo, o)));
                case "flush" -> rows.add(new FlushRow(o.get("height") == null ? -1 : (int) field(file, lineNo, o, "height", 0, Integer.MAX_VALUE),
                        mode(file, lineNo, String.valueOf(o.get("mode"))), field(file, lineNo, o, "duration_ns", 0, Long.MAX_VALUE),
                        field(file, lineNo, o, "coins", 0, Long.MAX_VALUE), field(file, lineNo, o, "memory_bytes", 0, Long.MAX_VALUE),
                        bool(file, lineNo, String.valueOf(o.get("for_prune"))), jsonTime(file, lineNo, o)));
                default -> throw bad(file, lineNo, "\"kind\" must be run, block, flush or end, not " + kind);
            }
        }
    }

    private static Map<String, Object> parseObject(Path file, int lineNo, String line) throws IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(file, lineNo, "expected a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                o.put(name, switch (v) {
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    case VALUE_NULL -> null;
                    case VALUE_STRING -> p.getText();
                    default -> throw bad(file, lineNo, "field " + name + " is not a plain value");
                });
            }
            if (p.nextToken() != null) {
                throw bad(file, lineNo, "more than one JSON value on the line");
            }
        } catch (JsonProcessingException e) {
            throw bad(file, lineNo, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        return o;
    }

    private static long field(Path file, int lineNo, Map<String, Object> o, String name, long min, long max) {
        if (!(o.get(name) instanceof Long v) || v < min || v > max) {
            throw bad(file, lineNo, name + " must be an integer" + (min == 0 ? " >= 0" : "") + ", found " + o.get(name));
        }
        return v;
    }

    private static long jsonTime(Path file, int lineNo, Map<String, Object> o) {
        return o.get("time") == null ? 0 : time(file, lineNo, String.valueOf(o.get("time")));
    }

    private static long number(Path file, int lineNo, String name, String s) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw bad(file, lineNo, name + " must not be negative, found " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(file, lineNo, name + " must be an integer, found '" + s + "'");
        }
    }

    private static int integer(Path file, int lineNo, String name, String s) {
        long v = number(file, lineNo, name, s);
        if (v > Integer.MAX_VALUE) {
            throw bad(file, lineNo, name + " is too large: " + s);
        }
        return (int) v;
    }

    private static String hash(Path file, int lineNo, String s) {
        if (!HASH.matcher(s).matches()) {
            throw bad(file, lineNo, "hash must be 64 lowercase hex digits, found '" + s + "'");
        }
        return s;
    }

    private static FlushMode mode(Path file, int lineNo, String s) {
        try {
            return FlushMode.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw bad(file, lineNo, "unknown flush mode '" + s + "'");
        }
    }

    private static boolean bool(Path file, int lineNo, String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(file, lineNo, "for_prune must be true or false, found '" + s + "'");
        };
    }

    private static long time(Path file, int lineNo, String s) {
        try {
            Instant t = Instant.parse(s);
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw bad(file, lineNo, "time must be an ISO-8601 UTC time, found '" + s + "'");
        }
    }

    private static UserException bad(Path file, int lineNo, String what) {
        return new UserException(file + ":" + lineNo + ": " + what);
    }
}
