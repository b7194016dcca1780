package dev.nodescope.extract;

import dev.nodescope.event.Tracepoint;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Bitcoin Core release a traced binary is. The version string is not in the binary in a
 * form that reads reliably, so the binary is asked, as a user would: {@code bitcoind -version}
 * (run directly, never through a shell, with a short timeout; it reads no configuration and
 * starts nothing). Where it cannot answer (another program, a stand-in, a hang), the
 * tracepoints bound the release.
 */
public final class BitcoindVersion {
    /** First line of {@code -version}: "Bitcoin Core daemon version v29.0.0", older "Bitcoin Core version v24.0.1". */
    private static final Pattern FIRST_LINE = Pattern.compile("^Bitcoin Core\\b.*?\\bversion (v\\d+\\.\\d+\\S*)");
    private static final Pattern MAJOR_MINOR = Pattern.compile("^v(\\d+)\\.(\\d+)");
    private static final long TIMEOUT_MILLIS = 2_000;
    private static final int MAX_ANSWER_BYTES = 4096;

    private BitcoindVersion() {
    }

    /**
     * The exact version ("v24.0.1"), else the releases the tracepoints fit ("v25-v28 (no
     * connection tracepoints)").
     *
     * @param executable what to run: the binary, or {@code /proc/PID/exe} of the traced process
     * @param present    the tracepoint names the binary has (its ELF notes)
     */
    public static String of(Path executable, Collection<String> present) {
        return ask(executable).orElseGet(() -> Tracepoint.releasesWithout(missing(present)));
    }

    /** The answer of {@code executable -version}, when it names a Bitcoin Core version. */
    public static Optional<String> ask(Path executable) {
        Process p;
        try {
            p = new ProcessBuilder(List.of(executable.toString(), "-version"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try (InputStream out = p.getInputStream()) {
            if (!p.waitFor(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            String answer = new String(out.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8);
            Matcher m = FIRST_LINE.matcher(answer.lines().findFirst().orElse(""));
            return p.exitValue() == 0 && m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Whether {@code validation:block_connected}'s duration is in microseconds: so in v23 and
     * v24; v25 made it nanoseconds (the steady clock change, bitcoin/bitcoin#26118), and
     * bitcoin/bitcoin#29877 wrote that down. {@code version} is an exact version; a release
     * range without mempool tracepoints is v23-v24 too.
     */
    public static boolean blockDurationInMicroseconds(String version) {
        Matcher m = MAJOR_MINOR.matcher(version);
        if (m.find()) {
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            // v24.99 is master after the v24 branch-off, which already had the steady clock
            return major < 24 || major == 24 && minor < 99;
        }
        return version.startsWith("v23-v24");
    }

    private static List<String> missing(Collection<String> present) {
        return Tracepoint.all().stream().map(Tracepoint::fullName).filter(n -> !present.contains(n)).toList();
    }
}
