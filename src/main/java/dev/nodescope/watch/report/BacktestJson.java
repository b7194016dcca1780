package dev.nodescope.watch.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The backtest as JSON, for scripts and CI: {@code alerts} holds each alert event exactly as
 * {@code watch --format json} prints it (docs/event-schema.md); {@code counts} the events per
 * detector and state; {@code signals} each fired alert's measurements ({@code [epoch ns, signal,
 * threshold]}, threshold null where none was given).
 */
final class BacktestJson {
    private BacktestJson() {
    }

    static void write(Path file, BacktestReport.Contents c) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        EventJson json = new EventJson(line, false, false);
        try (OutputStream out = Files.newOutputStream(file); JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("source", c.source());
            g.writeNumberField("events", c.events());
            g.writeObjectFieldStart("counts");
            for (Map.Entry<String, long[]> e : c.counts().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                for (AlertState s : AlertState.values()) {
                    g.writeNumberField(s.jsonName(), e.getValue()[s.ordinal()]);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("alerts");
            for (Alert a : c.alerts()) {
                line.reset();
                json.write(a);
                json.flush();
                g.writeRawValue(line.toString(StandardCharsets.UTF_8).strip());
            }
            g.writeEndArray();
            g.writeNumberField("alerts_left_out", c.alertsLeftOut());
            g.writeArrayFieldStart("signals");
            for (SignalSeries s : c.plots()) {
                g.writeStartObject();
                g.writeStringField("alert", s.alert);
                g.writeStringField("node", s.node);
                g.writeStringField("subject", s.subject);
                g.writeNumberField("fired", s.firedAt);
                if (s.resolvedAt >= 0) {
                    g.writeNumberField("resolved", s.resolvedAt);
                } else {
                    g.writeNullField("resolved");
                }
                g.writeArrayFieldStart("points");
                for (int i = 0; i < s.size(); i++) {
                    g.writeStartArray();
                    g.writeNumber(s.time(i));
                    number(g, s.signal(i));
                    number(g, s.threshold(i));
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("signals_left_out", c.plotsLeftOut());
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            g.writeNull();
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }
}
