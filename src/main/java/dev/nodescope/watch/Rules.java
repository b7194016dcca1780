package dev.nodescope.watch;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nodescope.error.UserException;
import dev.nodescope.event.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Detector settings: the built-in defaults, overridden by a rules file ({@code --rules FILE}):
 *
 * <pre>
 * detectors:
 *   addr_flood:
 *     severity: critical      # info, warning, critical
 *     for: 0s                 # how long the condition holds before firing
 *     clear: 5m               # how long it stays clear before resolving
 *     rate_limited: 500       # a number of the detector (docs/watch.md lists them)
 *   block_stall:
 *     enabled: false
 * </pre>
 *
 * A mistake (an unknown detector or key, a value of the wrong kind) is one line naming the key.
 */
public final class Rules {
    private Rules() {
    }

    /** Every detector's defaults. */
    public static List<Settings> defaults() {
        List<Settings> out = new ArrayList<>();
        for (DetectorSpec spec : Detectors.all()) {
            out.add(Settings.defaults(spec));
        }
        return out;
    }

    /** The defaults, overridden by {@code file}. */
    public static List<Settings> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserException("--rules " + file + ": no such file");
        } catch (IOException e) {
            throw new UserException("--rules " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    /** The defaults, overridden by the YAML {@code text}; {@code name} names it in errors. */
    public static List<Settings> parse(String text, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new UserException(name + ": not valid YAML" + where + " (" + e.getOriginalMessage() + ")");
        }
        Map<String, Settings> byName = new java.util.LinkedHashMap<>();
        for (Settings s : defaults()) {
            byName.put(s.spec().name(), s);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.copyOf(byName.values());
        }
        if (!root.isObject()) {
            throw new UserException(name + ": expected a mapping with a 'detectors' key");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("detectors")) {
                throw new UserException(name + ": unknown key '" + key + "' (a rules file has 'detectors')");
            }
        }
        JsonNode detectors = root.get("detectors");
        if (detectors == null || detectors.isNull()) {
            return List.copyOf(byName.values());
        }
        if (!detectors.isObject()) {
            throw new UserException(name + ": detectors: expected a mapping of detector names");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = detectors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            Settings base = byName.get(d.getKey());
            if (base == null) {
                throw new UserException(name + ": detectors." + d.getKey() + ": unknown detector (detectors: "
                        + String.join(", ", byName.keySet().stream().sorted().toList()) + ")");
            }
            byName.put(d.getKey(), override(base, d.getValue(), name + ": detectors." + d.getKey()));
        }
        return List.copyOf(byName.values());
    }

    private static Settings override(Settings base, JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return base;
        }
        if (!node.isObject()) {
            throw new UserException(where + ": expected a mapping of settings");
        }
        DetectorSpec spec = base.spec();
        boolean enabled = base.enabled();
        Severity severity = base.severity();
        long forNanos = base.forNanos();
        long clearNanos = base.clearNanos();
        Map<String, Double> params = new HashMap<>(base.params());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String at = where + "." + key;
            switch (key) {
                case "enabled" -> {
                    if (!v.isBoolean()) {
                        throw new UserException(at + ": expected true or false");
                    }
                    enabled = v.booleanValue();
                }
                case "severity" -> {
                    severity = Severity.parse(v.asText());
                    if (severity == null || !v.isTextual()) {
                        throw new UserException(at + ": expected info, warning or critical");
                    }
                }
                case "for" -> forNanos = nanos(v, at);
                case "clear" -> clearNanos = nanos(v, at);
                default -> {
                    ParamSpec p = spec.param(key);
                    if (p == null) {
                        List<String> known = new ArrayList<>(List.of("enabled", "severity", "for", "clear"));
                        spec.params().forEach(ps -> known.add(ps.name()));
                        throw new UserException(at + ": unknown setting (settings of " + spec.name() + ": " + String.join(", ", known) + ")");
                    }
                    params.put(key, p.duration() ? Durations.parseSeconds(scalar(v, at), at) : number(v, at));
                }
            }
        }
        return new Settings(spec, enabled, severity, forNanos, clearNanos, params);
    }

    private static long nanos(JsonNode v, String at) {
        return Math.round(Durations.parseSeconds(scalar(v, at), at) * 1e9);
    }

    private static String scalar(JsonNode v, String at) {
        if (!v.isValueNode() || v.isNull()) {
            throw new UserException(at + ": expected a duration (30s, 5m, 1h)");
        }
        return v.asText();
    }

    private static double number(JsonNode v, String at) {
        if (!v.isNumber()) {
            throw new UserException(at + ": expected a number, not '" + v.asText() + "'");
        }
        double d = v.doubleValue();
        if (d < 0) {
            throw new UserException(at + ": expected a number of 0 or more, not " + v.asText());
        }
        return d;
    }
}
