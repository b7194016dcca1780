package dev.nodescope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A page as Debian's headless Chromium renders it: for the tests of nodescope's HTML reports and views. */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** Skips the test where Chromium is missing, with the reason; under CI=true (which installs it) fails instead. */
    public static void require() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("chromium is missing under CI=true (scripts/setup.sh installs it)");
            }
            assumeTrue(false, "chromium not installed: rendering not checked");
        }
    }

    /**
     * The DOM of {@code page} after its scripts ran for up to {@code budgetMillis} of virtual time;
     * Chromium's profile and its stderr ({@code chromium.err}) go to {@code dir}.
     */
    public static String renderedDom(Path page, Path dir, int budgetMillis, int timeoutSeconds) throws Exception {
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=" + budgetMillis, "--dump-dom", page.toUri().toString())
                .redirectError(dir.resolve("chromium.err").toFile()).start();
        byte[] dom = chromium.getInputStream().readAllBytes();
        assertThat(chromium.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
        return new String(dom, StandardCharsets.UTF_8);
    }
}
