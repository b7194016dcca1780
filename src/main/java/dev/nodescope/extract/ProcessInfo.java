package dev.nodescope.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Facts about running processes, read from Linux {@code /proc}. */
public final class ProcessInfo {

    private static final Path PROC = Path.of("/proc");
    /** 1-based position of {@code starttime} in {@code /proc/PID/stat} (proc(5)). */
    private static final int START_TIME_FIELD = 22;
    /** 1-based position of the first field after the parenthesized command name. */
    private static final int STATE_FIELD = 3;

    private ProcessInfo() {
    }

    /**
     * The executable the process runs (the target of {@code /proc/PID/exe}). If the file was
     * deleted or replaced since the process started, the kernel appends {@code " (deleted)"}.
     *
     * @throws NoSuchProcessException if no process with that pid exists
     * @throws IOException            if the link cannot be read, e.g. for another user's process
     *                                without the privilege, or for a kernel thread
     */
    public static Path executableOf(long pid) throws IOException {
        try {
            return Files.readSymbolicLink(processDirectory(pid).resolve("exe"));
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(processDirectory(pid))) {
                throw new NoSuchProcessException(pid);
            }
            throw new IOException("process " + pid + " has no executable"
                    + " (a kernel thread or a process that is exiting)", e);
        }
    }

    /**
     * Whether the process exists and has not exited. A zombie (exited, not yet reaped by its
     * parent) still has a {@code /proc} entry but counts as dead: it will never fire a probe.
     */
    public static boolean isAlive(long pid) {
        try {
            char state = statFieldsAfterCommand(pid)[0].charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** The process's command name ({@code /proc/PID/comm}), at most 15 characters. */
    public static String commandName(long pid) throws IOException {
        return readProcFile(pid, "comm").strip();
    }

    /**
     * The pids of all processes whose executable matches, in ascending order. Processes that exit
     * during the scan or whose executable this user may not read are skipped.
     */
    public static List<Long> findProcesses(Predicate<Path> executableMatches) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC,
                entry -> isPid(entry.getFileName().toString()))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                try {
                    if (executableMatches.test(Files.readSymbolicLink(entry.resolve("exe")))) {
                        pids.add(pid);
                    }
                } catch (IOException e) {
                    // Exited meanwhile, a kernel thread, or not ours to inspect: not a candidate.
                }
            }
        }
        pids.sort(null);
        return pids;
    }

    /**
     * When the process started, in clock ticks after boot ({@code starttime} in
     * {@code /proc/PID/stat}). A pid and its start time together identify a process: the kernel
     * reuses pids, but a reused pid has a later start time.
     *
     * @throws NoSuchProcessException if no process with that pid exists
     */
    public static long startTimeTicks(long pid) throws IOException {
        String[] fields = statFieldsAfterCommand(pid);
        int index = START_TIME_FIELD - STATE_FIELD;
        if (fields.length <= index) {
            throw new IOException("/proc/" + pid + "/stat has only "
                    + (fields.length + STATE_FIELD - 1) + " fields");
        }
        return Long.parseLong(fields[index]);
    }

    /**
     * Whether process {@code pid} is still the one that started at {@code startTicks} and has not
     * exited: one read of /proc, for the extractor's frequent liveness check.
     */
    public static boolean isSameLiveProcess(long pid, long startTicks) {
        try {
            String[] fields = statFieldsAfterCommand(pid);
            int index = START_TIME_FIELD - STATE_FIELD;
            char state = fields[0].charAt(0);
            return state != 'Z' && state != 'X' && fields.length > index && Long.parseLong(fields[index]) == startTicks;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The fields of {@code /proc/PID/stat} from the state (field 3) on. Field 2 is the command
     * name in parentheses, which may itself contain spaces and ')' (a program named "a) b"), so
     * the split starts after the last ')'.
     */
    private static String[] statFieldsAfterCommand(long pid) throws IOException {
        String stat = readProcFile(pid, "stat");
        int commandEnd = stat.lastIndexOf(')');
        if (commandEnd < 0) {
            throw new IOException("/proc/" + pid + "/stat has no command name: " + stat.strip());
        }
        return stat.substring(commandEnd + 1).strip().split(" ");
    }

    private static String readProcFile(long pid, String name) throws IOException {
        try {
            // Decoded leniently: a command name is any bytes the program chose, not always UTF-8.
            return new String(Files.readAllBytes(processDirectory(pid).resolve(name)),
                    StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException(pid);
        }
    }

    private static Path processDirectory(long pid) {
        return PROC.resolve(Long.toString(pid));
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
