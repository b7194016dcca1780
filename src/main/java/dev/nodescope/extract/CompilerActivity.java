package dev.nodescope.extract;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time the JVM's JIT compiler threads have used, from /proc/self/task: whether the JIT is
 * still at work. The JDK's own compilation time ({@code CompilationMXBean}) only grows when a
 * compilation ends and counts every compilation of a busy start-up; a compiler thread that used
 * no CPU for a while is plainly idle. Linux only, like nodescope; where /proc cannot be read it
 * says so ({@link #available}) and the caller decides without it.
 */
final class CompilerActivity {
    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerActivity() {
    }

    /** Whether the compiler threads' CPU time can be read here. */
    static boolean available() {
        return cpuNanos() >= 0;
    }

    /**
     * Nanoseconds of CPU the compiler threads (C1 and C2, however many run now) used so far, or -1
     * when /proc cannot be read. Threads the JVM stopped since take their time with them: compare
     * readings only to tell whether anything moved.
     */
    static long cpuNanos() {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                    String schedstat;
                    try {
                        schedstat = Files.readString(task.resolve("schedstat"));
                    } catch (IOException gone) {
                        continue;
                    }
                    int space = schedstat.indexOf(' ');
                    total += Long.parseLong(space < 0 ? schedstat.strip() : schedstat.substring(0, space));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
        return total;
    }
}
