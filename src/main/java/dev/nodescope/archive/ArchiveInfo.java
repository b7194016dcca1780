package dev.nodescope.archive;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Detached;
import dev.nodescope.event.IsoTime;
import dev.nodescope.tool.Bytes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** {@code archive info}: what a recording holds (an {@link ArchiveSummary}), like {@code jfr summary}, as text or JSON. */
public final class ArchiveInfo {
    private ArchiveInfo() {
    }

    /** For people: header facts, span, counts, losses, damage, and a table per event type. */
    public static void text(ArchiveSummary s, PrintStream out) {
        IsoTime time = new IsoTime();
        long fileBytes = s.files.stream().mapToLong(ArchiveInfo::size).sum();
        out.println("Files:        " + s.files.size() + " (" + Bytes.human(fileBytes) + ")");
        for (Path f : s.files) {
            out.println("              " + f);
        }
        ArchiveHeader h = s.headers.isEmpty() ? null : s.headers.getFirst();
        if (h != null) {
            out.println("Format:       nodescope archive version " + h.formatVersion());
            out.println("Recorded by:  nodescope " + h.nodescopeVersion() + " on " + h.host() + ", target: " + h.target());
            out.println("Node:         " + h.node());
            if (!h.bitcoindBinary().isEmpty()) {
                out.println("Binary:       " + h.bitcoindBinary() + (h.bitcoindVersion().isEmpty() ? "" : " (" + h.bitcoindVersion() + ")"));
            }
            out.println("Selection:    " + (h.events().isEmpty() ? "all tracepoints" : String.join(",", h.events())));
            out.println("Payloads:     " + h.payload() + (h.ipsRedacted() ? "; peer addresses redacted" : ""));
        }
        if (s.events > 0) {
            out.println("Start:        " + time.format(s.firstEpochNanos));
            out.println("End:          " + time.format(s.lastEpochNanos));
            out.println("Duration:     " + duration(Duration.ofNanos(s.lastEpochNanos - s.firstEpochNanos)));
        }
        out.println(String.format(Locale.ROOT, "Events:       %d in %d blocks, %.1f bytes/event stored (%.1f before compression)",
                s.events, s.blocks, s.storedBytesPerEvent(), s.events == 0 ? 0.0 : (double) s.rawBytes / s.events));
        for (Attached a : s.attachments) {
            out.println("Attached:     " + time.format(a.meta().epochNanos()) + " " + a.binary() + (a.pid() > 0 ? " pid " + a.pid() : "")
                    + ", " + a.tracepoints().size() + " tracepoints"
                    + (a.bitcoindVersion().isEmpty() ? "" : ", Bitcoin Core " + a.bitcoindVersion()) + (a.missing().isEmpty() ? "" : ", missing " + String.join(" ", a.missing())));
        }
        for (Detached d : s.detachments) {
            out.println("Detached:     " + time.format(d.meta().epochNanos()) + " " + d.reason());
        }
        if (s.losses.isEmpty()) {
            out.println("Losses:       none recorded");
        }
        for (Map.Entry<String, Map<String, Long>> stage : s.losses.entrySet()) {
            long total = stage.getValue().values().stream().mapToLong(Long::longValue).sum();
            StringBuilder detail = new StringBuilder();
            stage.getValue().forEach((tp, n) -> detail.append(detail.isEmpty() ? "" : ", ").append(tp).append(' ').append(n));
            out.println("Losses:       " + total + " at " + stage.getKey() + " (" + detail + ")");
        }
        if (s.damage.isEmpty()) {
            out.println("Damage:       none");
        } else {
            out.println("Damage:       " + s.damage.size() + " damaged range" + (s.damage.size() == 1 ? "" : "s") + ", "
                    + s.eventsLostToDamage() + " events lost with them (at least)");
            for (ArchiveDamage d : s.damage) {
                out.println("              " + d.describe());
            }
        }
        if (s.unknownRecords > 0) {
            out.println("Skipped:      " + s.unknownRecords + " records of kinds this nodescope does not know (written by a newer one)");
        }
        out.println();
        out.println(String.format(Locale.ROOT, " %-42s %12s %7s %12s", "Event type", "Count", "Share", "Bytes/event"));
        out.println(" " + "-".repeat(76));
        for (ArchiveSummary.TypeCount t : s.byType.values()) {
            out.println(String.format(Locale.ROOT, " %-42s %12d %6.1f%% %12.1f", t.event(), t.count(),
                    100.0 * t.count() / Math.max(1, s.events), (double) t.rawBytes() / t.count()));
        }
        out.println();
        out.println(" Bytes/event: record size before compression (string table and envelope included).");
    }

    /** For scripts: the same as one JSON object. */
    public static void json(ArchiveSummary s, PrintStream out) throws IOException {
        IsoTime time = new IsoTime();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeArrayFieldStart("files");
            for (Path f : s.files) {
                g.writeString(f.toString());
            }
            g.writeEndArray();
            ArchiveHeader h = s.headers.isEmpty() ? null : s.headers.getFirst();
            if (h != null) {
                g.writeNumberField("format_version", h.formatVersion());
                g.writeStringField("nodescope_version", h.nodescopeVersion());
                g.writeStringField("host", h.host());
                g.writeStringField("node", h.node());
                g.writeStringField("target", h.target());
                g.writeStringField("bitcoind_binary", h.bitcoindBinary());
                g.writeStringField("payload", h.payload());
                g.writeBooleanField("ips_redacted", h.ipsRedacted());
            }
            if (s.events > 0) {
                g.writeStringField("start", time.format(s.firstEpochNanos));
                g.writeStringField("end", time.format(s.lastEpochNanos));
                g.writeNumberField("duration_ns", s.lastEpochNanos - s.firstEpochNanos);
            }
            g.writeNumberField("events", s.events);
            g.writeNumberField("blocks", s.blocks);
            g.writeNumberField("stored_bytes", s.storedBytes);
            g.writeNumberField("raw_bytes", s.rawBytes);
            g.writeNumberField("stored_bytes_per_event", Math.round(s.storedBytesPerEvent() * 100) / 100.0);
            g.writeObjectFieldStart("counts");
            for (ArchiveSummary.TypeCount t : s.byType.values()) {
                g.writeNumberField(t.event(), t.count());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("losses");
            for (Map.Entry<String, Map<String, Long>> stage : s.losses.entrySet()) {
                g.writeObjectFieldStart(stage.getKey());
                for (Map.Entry<String, Long> tp : stage.getValue().entrySet()) {
                    g.writeNumberField(tp.getKey(), tp.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("damage");
            for (ArchiveDamage d : s.damage) {
                g.writeStartObject();
                g.writeStringField("file", d.file().toString());
                g.writeNumberField("offset", d.offset());
                g.writeNumberField("length", d.length());
                g.writeStringField("expected", d.expected());
                g.writeNumberField("events_lost", d.eventsLost());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }

    private static long size(Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String duration(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%dh %02dm %02d.%03ds", s / 3600, s / 60 % 60, s % 60, d.toMillisPart());
    }
}
