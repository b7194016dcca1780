package dev.nodescope.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether this process may load BPF programs and attach uprobes. */
public final class Privileges {
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private Privileges() {
    }

    /** The effective capability set of this process ({@code CapEff} in /proc/self/status). */
    public static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // treated as no capabilities
        }
        return 0;
    }

    /**
     * Why attaching a uprobe was refused (EACCES) although {@link #problem} found nothing: CAP_BPF
     * and CAP_PERFMON without CAP_SYS_ADMIN, which kernels since July 2025 require for uprobes again
     * (CVE-2025-38466: 6.16, and the stable series that took the fix). Empty otherwise.
     */
    static String uprobeRefusal() {
        if ((effectiveCapabilities() & (1L << CAP_SYS_ADMIN)) != 0) {
            return "";
        }
        return "; kernels since July 2025 need CAP_SYS_ADMIN for uprobes: grant it as well, or run as root";
    }

    /** Empty when allowed, else a one-line explanation with the fix. */
    public static Optional<String> problem() {
        long caps = effectiveCapabilities();
        boolean admin = (caps & (1L << CAP_SYS_ADMIN)) != 0;
        boolean bpfAndPerfmon = (caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0;
        if (admin || bpfAndPerfmon) {
            return Optional.empty();
        }
        return Optional.of("not allowed to load BPF programs: run as root (sudo) or grant CAP_BPF, CAP_PERFMON and"
                + " (kernels since July 2025, for the uprobes) CAP_SYS_ADMIN, e.g. AmbientCapabilities= in a systemd unit (docs/fleet.md)");
    }
}
