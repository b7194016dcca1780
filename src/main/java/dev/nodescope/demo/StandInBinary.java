package dev.nodescope.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The stand-in for bitcoind shipped in the jar (the tracepoint fixture, src/fixture), copied to a
 * new private temporary directory so it can run; {@link #close()} deletes both. Used by
 * {@code demo} and by {@code bench overhead}.
 */
public final class StandInBinary implements AutoCloseable {
    private static final String RESOURCE = "/native/nodescope-fixture";

    private final Path path;

    private StandInBinary(Path path) {
        this.path = path;
    }

    public static StandInBinary extract() throws IOException {
        Path dir = Files.createTempDirectory("nodescope-standin", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path fixture = dir.resolve("bitcoind-standin");
        // Ctrl-C or SIGTERM end the JVM while the caller's close may not have run yet: the JVM's
        // last shutdown step deletes these too (in reverse order: the file, then its directory)
        dir.toFile().deleteOnExit();
        fixture.toFile().deleteOnExit();
        try (InputStream in = StandInBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                Files.delete(dir);
                throw new IOException("the stand-in node is missing from this build (rebuild with gcc installed)");
            }
            Files.copy(in, fixture, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(fixture, PosixFilePermissions.fromString("rwx------"));
        return new StandInBinary(fixture);
    }

    public Path path() {
        return path;
    }

    /** The private directory it is in, where its users may put scratch files (deleted with it when empty). */
    public Path directory() {
        return path.getParent();
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.getParent());
    }
}
