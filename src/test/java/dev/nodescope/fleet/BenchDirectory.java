package dev.nodescope.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's temporary directory (the nats-server's config, log and JetStream store: hundreds of MB), deleted when the JVM exits. */
final class BenchDirectory {
    private BenchDirectory() {
    }

    static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException gone) {
                // already removed
            }
        }));
        return dir;
    }
}
