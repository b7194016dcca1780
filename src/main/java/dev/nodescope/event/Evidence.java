package dev.nodescope.event;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers behind an alert, in the order the detector gives them: what it measured and the
 * thresholds those crossed ({@code addresses_rate_limited=999}, {@code limit=0}). JSON writes it
 * as an object; whole numbers without a fraction.
 */
public record Evidence(List<Measure> measures) {
    public static final Evidence NONE = new Evidence(List.of());

    /** One named number. */
    public record Measure(String name, double value) {
    }

    public Evidence {
        measures = List.copyOf(measures);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value named {@code name}, or NaN. */
    public double get(String name) {
        for (Measure m : measures) {
            if (m.name().equals(name)) {
                return m.value();
            }
        }
        return Double.NaN;
    }

    /** A number as events write it: whole numbers without ".0", others as Java prints a double. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** The JSON object, compact ({@code {"rate_limited":999,"threshold":100}}): CSV's cell. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        for (Measure m : measures) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"');
            for (char c : m.name().toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append("\":").append(format(m.value()));
        }
        return sb.append('}').toString();
    }

    /** {@code name=value name=value} (the text line). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Measure m : measures) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(m.name()).append('=').append(format(m.value()));
        }
        return sb.toString();
    }

    public static final class Builder {
        private final List<Measure> measures = new ArrayList<>(8);

        /** Adds a number; one that is not finite (NaN, infinite) is left out: JSON cannot hold it. */
        public Builder put(String name, double value) {
            if (Double.isFinite(value)) {
                measures.add(new Measure(name, value));
            }
            return this;
        }

        public Evidence build() {
            return new Evidence(measures);
        }
    }
}
