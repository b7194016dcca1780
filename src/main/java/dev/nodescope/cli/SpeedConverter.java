package dev.nodescope.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Replay speeds: {@code max} (0: as fast as possible), {@code 1x} (as recorded), {@code 10x}, {@code 0.5x}. */
final class SpeedConverter implements CommandLine.ITypeConverter<Double> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)x?");

    @Override
    public Double convert(String value) {
        String v = value.trim().toLowerCase();
        if (v.equals("max")) {
            return 0.0;
        }
        Matcher m = FORM.matcher(v);
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a speed like max, 1x, 10x or 0.5x");
        }
        return Double.parseDouble(m.group(1));
    }
}
