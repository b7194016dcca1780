package dev.nodescope.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodescope.Cli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./nodescope itself, run as a user runs it, on a copy of the launcher and scripts/ beside stand-in
 * sources: a stub {@code mvn} on the PATH plays Maven, a one-class jar plays nodescope.jar, and the
 * JDK and dpkg are this machine's.
 */
class LauncherTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Instant SOURCES_TIME = Instant.now().minusSeconds(3600);

    @TempDir
    Path tree;
    @TempDir
    Path stubs;

    @BeforeEach
    void copyLauncher() throws IOException {
        Files.copy(REPO.resolve("nodescope"), tree.resolve("nodescope"));
        Files.createDirectories(tree.resolve("scripts"));
        try (Stream<Path> scripts = Files.list(REPO.resolve("scripts"))) {
            for (Path script : scripts.toList()) {
                Files.copy(script, tree.resolve("scripts").resolve(script.getFileName()));
            }
        }
        Path source = tree.resolve("src/main/java/Placeholder.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Placeholder {}\n");
        Files.createDirectories(tree.resolve("src/fixture"));
        Files.writeString(tree.resolve("src/Makefile"), "all:\n");
        Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(SOURCES_TIME));
            }
        }
    }

    @Test
    void ctrlCDuringTheBuildSaysSoInOneLineAndKeepsNoJar() throws Exception {
        Path ready = stubs.resolve("mvn-ready");
        stubMvn("""
                trap 'echo "[INFO] BUILD INTERRUPTED"; exit 130' INT TERM
                for i in $(seq 1 300); do echo "[INFO] Compiling source $i"; done
                mkdir -p target && printf 'PK half a jar' > target/nodescope.jar
                touch %s
                while :; do sleep 0.1; done
                """.formatted(ready));
        Process launcher = start(List.of("--help"), Map.of());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(ready)) {
            assertThat(launcher.isAlive()).as("the launcher runs the stub mvn").isTrue();
            assertThat(System.nanoTime()).as("the stub mvn started within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        // Ctrl-C: the terminal sends SIGINT to the whole foreground process group
        Process kill = new ProcessBuilder("bash", "-c", "kill -INT -- -" + processGroup(launcher.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        Cli.Result r = Cli.finish(launcher, 30);

        assertThat(r.stderrLines()).containsExactly("nodescope: building (mvn package) ...",
                "nodescope: the build was interrupted; nothing was kept, the next run builds again");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(130);
        assertThat(tree.resolve("target/nodescope.jar")).doesNotExist();

        // the next run builds again rather than run what the interrupted build left
        stubMvn("""
                echo "[ERROR] the stub build failed"
                exit 1
                """);
        Cli.Result again = Cli.finish(start(List.of("--help"), Map.of()), 60);
        assertThat(again.stderrLines()).containsExactly("nodescope: building (mvn package) ...", "[ERROR] the stub build failed",
                "nodescope: the build failed (its log is above)");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(tree.resolve("target/nodescope.jar")).doesNotExist();
    }

    @Test
    void aCacheThatDoesNotFitNeitherBreaksARunNorPrintsAWord() throws Exception {
        Path jar = helloJar(tree.resolve("target/nodescope.jar"));
        Path cache = tree.resolve("target/nodescope.aot");

        // not a cache at all (a build killed while writing it)
        Files.write(cache, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertHello(Cli.finish(start(List.of("a", "b"), Map.of()), 60), "a b");

        // a real cache, but of another jar: the JVM rejects it (as after a JDK update, or a jar copied over)
        Path other = helloJar(stubs.resolve("other.jar"));
        Process train = new ProcessBuilder(javaHome().resolve("bin/java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-Xss1m", "-XX:AOTCacheOutput=" + cache, "-jar", other.toString()).redirectErrorStream(true)
                .redirectOutput(stubs.resolve("train.log").toFile()).start();
        assertThat(train.waitFor()).isZero();
        assertThat(cache).isNotEmptyFile();
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().plusSeconds(1)));
        assertHello(Cli.finish(start(List.of("c"), Map.of()), 60), "c");

        // a cache older than the jar is an older build's: not even offered to the JVM
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(2)));
        assertHello(Cli.finish(start(List.of("d"), Map.of()), 60), "d");
    }

    @Test
    void theCheckedPackagesAreRememberedUntilDpkgChanges() throws Exception {
        helloJar(tree.resolve("target/nodescope.jar"));
        Path calls = stubs.resolve("dpkg-query.calls");
        Path dpkgStatus = Files.writeString(stubs.resolve("dpkg-status"), "");
        Files.setLastModifiedTime(dpkgStatus, FileTime.from(SOURCES_TIME));
        // this machine's dpkg-query, counted
        stub("dpkg-query", "echo call >> " + calls + "\nexec /usr/bin/dpkg-query \"$@\"\n");
        Map<String, String> env = Map.of("NODESCOPE_DPKG_STATUS", dpkgStatus.toString());

        assertHello(Cli.finish(start(List.of("1"), env), 60), "1");
        assertThat(Files.readAllLines(calls)).hasSize(1);
        assertHello(Cli.finish(start(List.of("2"), env), 60), "2");
        assertThat(Files.readAllLines(calls)).as("no dpkg-query while nothing changed").hasSize(1);

        Files.setLastModifiedTime(dpkgStatus, FileTime.from(Instant.now().plusSeconds(1)));
        assertHello(Cli.finish(start(List.of("3"), env), 60), "3");
        assertThat(Files.readAllLines(calls)).as("packages installed or removed: checked again").hasSize(2);
    }

    @Test
    void aUserWhoCannotWriteTheTreeRunsItAllTheSame() throws Exception {
        assumeTrue(isRoot(), "needs root to run the launcher as another user");
        helloJar(tree.resolve("target/nodescope.jar"));
        // the checkout belongs to root and others may only read it, as in a shared install
        for (Path dir : List.of(tree, stubs)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.toList()) {
                    if (Files.isDirectory(p) || p.endsWith("nodescope")) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        }
        Cli.Result r = Cli.finish(start(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"),
                List.of("x"), Map.of()), 60);
        assertHello(r, "x");
        assertThat(tree.resolve("target/.packages-checked")).doesNotExist();
    }

    private static void assertHello(Cli.Result r, String args) {
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("hello " + args + "\n");
        assertThat(r.exitCode()).isZero();
    }

    private Process start(List<String> args, Map<String, String> env) throws IOException {
        return start(List.of(), args, env);
    }

    /**
     * Starts ./nodescope ARGS in a process group of its own, with SIGINT at its default even where
     * this JVM was started with it ignored (a background job): perl resets it before the exec.
     */
    private Process start(List<String> prefix, List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid", "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!"));
        cmd.addAll(prefix);
        cmd.add(tree.resolve("nodescope").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(stubs.toFile());
        pb.environment().put("PATH", stubs + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("NODESCOPE_JAVA_HOME", javaHome().toString());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return pb.start();
    }

    private void stubMvn(String body) throws IOException {
        stub("mvn", body);
    }

    private void stub(String name, String body) throws IOException {
        Path stub = stubs.resolve(name);
        Files.writeString(stub, "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A jar whose main prints "hello" and its arguments: nodescope.jar's stand-in. */
    private Path helloJar(Path jar) throws IOException {
        Path dir = Files.createTempDirectory(stubs, "hello");
        Path source = Files.writeString(dir.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hello \" + String.join(\" \", a)); } }");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(dir.resolve("Hello.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        // pid (comm) state ppid pgrp ...: comm may hold spaces, so count from its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        return id.waitFor() == 0 && uid.equals("0");
    }
}
