package dev.nodescope.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of /metrics in the Prometheus text format, parsed into series → value. */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String text;
    final Map<String, Double> series = new LinkedHashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new TreeMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                // label values here never contain '",' (no free-form strings), so a plain split is enough
                for (String pair : body.split("\",")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String value = pair.substring(eq + 2);
                    if (value.endsWith("\"")) {
                        value = value.substring(0, value.length() - 1);
                    }
                    labels.put(pair.substring(0, eq), value);
                }
            } else {
                name = line.substring(0, space);
            }
            series.put(key(name, labels), Double.parseDouble(line.substring(space + 1)));
        }
    }

    public static Scrape of(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + ": HTTP " + response.statusCode());
        }
        return new Scrape(response.body());
    }

    private static String key(String name, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> {
            if (k.equals("le")) {
                v = v.equals("+Inf") ? "+Inf" : Double.toString(Double.parseDouble(v));
            }
            sb.append(k).append('=').append(v).append(',');
        });
        return sb.append('}').toString();
    }

    /** The value of a series; labels as {@code "k=v"}; null when absent. */
    public Double get(String name, String... labels) {
        Map<String, String> m = new TreeMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return series.get(key(name, m));
    }

    /** Sum over every series of this metric name whose labels include the given ones. */
    public double sum(String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= k.contains("{" + l + ",") || k.contains("," + l + ",");
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }

    long count(String prefix) {
        return series.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }
}
