package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user mistake gets one line on stderr saying what is wrong and what to do, and a non-zero exit. */
class BadInputTest {

    private static void assertOneLineError(Cli.Result r, String expectedPart) {
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).startsWith("nodescope: ").contains(expectedPart).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownPid() throws Exception {
        Cli.Result r = Cli.run("log", "--pid", "999999999");
        assertOneLineError(r, "no process with pid 999999999 is running");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void binaryWithoutTracepoints() throws Exception {
        Cli.Result r = Cli.run("log", "--binary", "/bin/true");
        assertOneLineError(r, "/bin/true has no Bitcoin Core tracepoints");
        Cli.Result t = Cli.run("tracepoints", "/bin/true");
        assertThat(t.exitCode()).isEqualTo(1);
        assertThat(t.stdout()).contains("0 of 20 Bitcoin Core tracepoints present");
        assertThat(t.stderrLines()).hasSize(1);
    }

    @Test
    void fileThatIsNotAnExecutable(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertOneLineError(Cli.run("count", "--binary", text.toString()), "is not an ELF file");
        assertOneLineError(Cli.run("tracepoints", dir.resolve("missing").toString()), "binary " + dir.resolve("missing")
                + " does not exist (give the path of bitcoind)");
    }

    @Test
    void badFlags() throws Exception {
        assertOneLineError(Cli.run("log", "--format", "yaml"), "--format");
        assertOneLineError(Cli.run("log", "--duration", "soon"), "is not a duration");
        assertOneLineError(Cli.run("log", "--events", "nett:*"), "matches no tracepoint");
        assertOneLineError(Cli.run("log", "--pid", "1", "--binary", "/bin/true"), "not both");
        assertOneLineError(Cli.run("count", "--ring-size", "1000"), "power of 2");
        assertOneLineError(Cli.run("frobnicate"), "frobnicate");
    }

    @Test
    void noPrivileges(@TempDir Path dir) throws Exception {
        // the same command as user nobody (with a class path it can read): it must explain, not crash
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> classPath = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path copy = dir.resolve("cp" + i++);
            copyReadable(Path.of(entry), copy);
            classPath.add(copy.toString());
        }
        Path fixture = dir.resolve("nodescope-fixture");
        copyReadable(Fixture.binary(), fixture);
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--"));
        cmd.addAll(Cli.command("log", "--binary", fixture.toString()));
        cmd.set(cmd.indexOf(System.getProperty("java.class.path")), String.join(File.pathSeparator, classPath));
        Cli.Result r = Cli.finish(new ProcessBuilder(cmd).start(), 60);
        assertOneLineError(r, "not allowed to load BPF programs");
    }

    private static void copyReadable(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.copy(p, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(Files.isDirectory(p) || Files.isExecutable(p)
                        ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    @Test
    void tracepointsListsWhatABinaryHas() throws Exception {
        Cli.Result r = Cli.run("tracepoints", Fixture.binaryV28().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("15 of 20 Bitcoin Core tracepoints present");
        assertThat(r.stdout()).containsPattern("net:closed_connection +missing \\(since v29\\)");
        assertThat(r.stdout()).containsPattern("mempool:replaced +7 args +no semaphore");
        Cli.Result full = Cli.run("tracepoints", Fixture.binary().toString());
        assertThat(full.stdout()).contains("20 of 20 Bitcoin Core tracepoints present");
        assertThat(full.stdout()).containsPattern("mempool:replaced +8 args +semaphore");
    }

    @Test
    void unknownAttackListsTheAttacks() throws Exception {
        Cli.Result r = Cli.run("demo", "--attack", "nosuch");
        assertOneLineError(r, "--attack nosuch: no such attack (attacks: ");
        assertThat(r.stderr()).contains("connection_churn").contains("tracer_loss");
        assertThat(r.exitCode()).isEqualTo(2);
        Cli.Result list = Cli.run("demo", "--attack", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdoutLines()).anyMatch(l -> l.startsWith("block_stall  blocks stop coming"));
    }
}
