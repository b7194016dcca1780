package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessInfoTest {

    private static final long OWN_PID = ProcessHandle.current().pid();
    /** USER_HZ, the unit of /proc/PID/stat times: 100 on every x86-64 Linux. */
    private static final int TICKS_PER_SECOND = 100;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void ownExecutableIsTheJavaBinary() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();

        assertThat(ProcessInfo.executableOf(OWN_PID)).isEqualTo(java);
        assertThat(ProcessInfo.commandName(OWN_PID)).isEqualTo("java");
        assertThat(ProcessInfo.isAlive(OWN_PID)).isTrue();
    }

    @Test
    void exitedProcessIsReportedAsNoSuchProcess() throws Exception {
        long pid = exitedPid();

        assertThat(ProcessInfo.isAlive(pid)).isFalse();
        assertThatThrownBy(() -> ProcessInfo.executableOf(pid))
                .isInstanceOf(NoSuchProcessException.class)
                .hasMessage("no process with pid " + pid + " is running")
                .satisfies(e -> assertThat(((NoSuchProcessException) e).pid()).isEqualTo(pid));
        assertThatThrownBy(() -> ProcessInfo.commandName(pid))
                .isInstanceOf(NoSuchProcessException.class);
        assertThatThrownBy(() -> ProcessInfo.startTimeTicks(pid))
                .isInstanceOf(NoSuchProcessException.class);
    }

    @Test
    void findsAChildByItsExecutable() throws Exception {
        Path sleep = onPath("sleep");
        Process child = start(sleep.toString(), "30");
        awaitTrue(() -> sleep.equals(ProcessInfo.executableOf(child.pid())));

        List<Long> found = ProcessInfo.findProcesses(sleep::equals);

        assertThat(found).contains(child.pid()).doesNotContain(OWN_PID).isSorted();
    }

    @Test
    void startTimeIsStableAndLaterForNewerProcesses() throws Exception {
        long ownStart = ProcessInfo.startTimeTicks(OWN_PID);
        Process child = start(onPath("sleep").toString(), "30");

        assertThat(ownStart).isPositive().isEqualTo(ProcessInfo.startTimeTicks(OWN_PID));
        assertThat(ProcessInfo.startTimeTicks(child.pid())).isGreaterThanOrEqualTo(ownStart);
    }

    @Test
    void commandNameWithSpacesAndParenthesesDoesNotShiftTheStatFields(@TempDir Path dir)
            throws Exception {
        // comm is the basename of the path given to execve, so a link renames the process.
        String awkwardName = "x) y (z";
        Path link = Files.createSymbolicLink(dir.resolve(awkwardName), onPath("sleep"));
        Process child = start(link.toString(), "30");
        awaitTrue(() -> awkwardName.equals(ProcessInfo.commandName(child.pid())));

        long startTicks = ProcessInfo.startTimeTicks(child.pid());

        // The JDK derives startInstant from the same field, so both must agree to the second.
        Instant started = Instant.ofEpochSecond(bootTimeSeconds())
                .plusMillis(startTicks * 1000 / TICKS_PER_SECOND);
        Instant expected = child.info().startInstant().orElseThrow();
        assertThat(Duration.between(expected, started).abs()).isLessThan(Duration.ofSeconds(2));
        assertThat(ProcessInfo.isAlive(child.pid())).isTrue();
    }

    @Test
    void zombieIsNotAlive() throws Exception {
        // The background subshell exits once its parent shell has become `sleep`, which never
        // reaps children: it stays a zombie. (Exiting earlier, the shell could still reap it.)
        Process parent = start("sh", "-c", """
                shell=$$
                (until [ "$(cat /proc/$shell/comm)" = sleep ]; do sleep 0.01; done) &
                echo $!
                exec sleep 30""");
        long zombie;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(
                parent.getInputStream(), StandardCharsets.US_ASCII))) {
            zombie = Long.parseLong(output.readLine().strip());
        }
        awaitTrue(() -> !ProcessInfo.isAlive(zombie));

        assertThat(Path.of("/proc", Long.toString(zombie))).isDirectory();
        assertThat(ProcessInfo.startTimeTicks(zombie)).isPositive();
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        children.add(process);
        return process;
    }

    private static long exitedPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor()).isZero();
        return process.pid();
    }

    private static Path onPath(String program) throws IOException {
        for (String directory : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toRealPath();
            }
        }
        throw new IOException(program + " is not on the PATH");
    }

    private static long bootTimeSeconds() throws IOException {
        return Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(line -> line.startsWith("btime "))
                .mapToLong(line -> Long.parseLong(line.substring("btime ".length()).strip()))
                .findFirst()
                .orElseThrow();
    }

    /** Waits for a child to reach a state (exec done, exited, ...) for up to ten seconds. */
    private static void awaitTrue(Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.call()) {
            assertThat(Instant.now()).as("condition still false at the deadline")
                    .isBefore(deadline);
            Thread.sleep(10);
        }
    }
}
