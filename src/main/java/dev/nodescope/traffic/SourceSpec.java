package dev.nodescope.traffic;

import dev.nodescope.error.UserException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One side of a comparison, or a report's source: {@code FILE|DIR[@NODE]} (archives, and
 * optionally one node of those the archives hold), or {@code @NODE} alone for a node of the
 * fleet read with {@code --nats}. A path that exists as given is a path even if it holds an @.
 */
public record SourceSpec(Path path, String node) {
    public static SourceSpec parse(String spec) {
        if (spec.startsWith("@")) {
            return new SourceSpec(null, node(spec, spec.substring(1)));
        }
        int at = spec.lastIndexOf('@');
        if (at < 0 || Files.exists(Path.of(spec))) {
            return new SourceSpec(Path.of(spec), null);
        }
        return new SourceSpec(Path.of(spec.substring(0, at)), node(spec, spec.substring(at + 1)));
    }

    private static String node(String spec, String node) {
        if (node.isEmpty()) {
            throw new UserException("'" + spec + "': no node name after the @ (SOURCE@NODE, e.g. fleet.nsa@fra1)");
        }
        return node;
    }

    @Override
    public String toString() {
        return (path == null ? "" : path.toString()) + (node == null ? "" : "@" + node);
    }
}
