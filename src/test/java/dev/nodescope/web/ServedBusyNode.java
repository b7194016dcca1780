package dev.nodescope.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The busy node's archive replayed into a dashboard for a whole test class, the start and end the
 * page tests share: {@code @RegisterExtension static final ServedBusyNode served = new ServedBusyNode();}.
 */
final class ServedBusyNode implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private BusyNodeArchive archive;
    private DashboardHarness dashboard;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("nodescope-web-page");
        archive = BusyNodeArchive.write(dir.resolve("rec"));
        dashboard = DashboardHarness.replaying(archive.dir(), null);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (dashboard != null) {
                dashboard.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The archive the dashboard replays: the events to count the expected values from. */
    BusyNodeArchive archive() {
        return archive;
    }

    /** The dashboard, every event of the archive folded in. */
    DashboardHarness dashboard() {
        return dashboard;
    }
}
