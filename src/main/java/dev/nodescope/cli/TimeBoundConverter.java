package dev.nodescope.cli;

import dev.nodescope.archive.ArchiveSource.TimeBound;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Where a replay starts or stops: a UTC time ({@code 2026-11-29T12:00:00Z}, an offset such as
 * {@code +01:00} instead of Z works too), or a duration after the archive's first event
 * ({@code 90s}, {@code 5m}, {@code 2h}).
 */
final class TimeBoundConverter implements CommandLine.ITypeConverter<TimeBound> {
    @Override
    public TimeBound convert(String value) {
        String v = value.trim();
        if (!v.isEmpty() && Character.isDigit(v.charAt(0)) && !v.contains("T") && !v.contains("-")) {
            try {
                return TimeBound.afterStart(new DurationConverter().convert(v));
            } catch (CommandLine.TypeConversionException e) {
                throw bad(value);
            }
        }
        try {
            return TimeBound.at(Instant.parse(v));
        } catch (DateTimeParseException e) {
            try {
                return TimeBound.at(OffsetDateTime.parse(v).toInstant());
            } catch (DateTimeParseException e2) {
                throw bad(value);
            }
        }
    }

    private static CommandLine.TypeConversionException bad(String value) {
        return new CommandLine.TypeConversionException("'" + value
                + "' is neither a UTC time like 2026-11-29T12:00:00Z nor a duration after the start like 90s or 5m");
    }
}
