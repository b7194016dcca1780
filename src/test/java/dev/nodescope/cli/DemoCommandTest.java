package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code nodescope demo} stopped by a signal, as Ctrl-C stops it, leaves nothing behind. */
@ExtendWith(BpfAvailable.class)
class DemoCommandTest {
    @Test
    void stoppedDemoLeavesNoStandInBehind() throws Exception {
        Process demo = Cli.start("demo", "--format", "json");
        BufferedReader err = new BufferedReader(new InputStreamReader(demo.getErrorStream(), StandardCharsets.UTF_8));
        String banner = err.readLine();
        assertThat(banner).startsWith("nodescope demo: ");
        Matcher pid = Pattern.compile("\\(pid (\\d+),").matcher(banner);
        assertThat(pid.find()).as(banner).isTrue();
        Path standIn = Files.readSymbolicLink(Path.of("/proc", pid.group(1), "exe"));
        assertThat(standIn.getParent().getFileName().toString()).startsWith("nodescope-standin");
        BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 20; i++) {
            assertThat(out.readLine()).as("the demo's events").isNotNull(); // it runs: the stand-in plays and is traced
        }
        Thread.ofPlatform().daemon(true).start(() -> out.lines().forEach(l -> { }));
        demo.destroy(); // SIGTERM: the JVM's shutdown path, as Ctrl-C takes it
        assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(standIn).as("the stand-in binary").doesNotExist();
        assertThat(standIn.getParent()).as("its temporary directory").doesNotExist();
    }
}
