package dev.nodescope.doctor;

import dev.nodescope.bpf.BpfException;
import dev.nodescope.bpf.BpfObject;
import dev.nodescope.bpf.Privileges;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.extract.ProcessInfo;
import dev.nodescope.extract.StapsdtNotes;
import dev.nodescope.extract.UsdtProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code doctor}: can this machine trace bitcoind, and if not, what to do about it. */
public final class Doctor {
    private final Long pid;
    private final Path binary;
    private final PrintStream out;
    private int failures;

    /** {@code pid}, {@code binary}: a target to check as well (either may be null). */
    public Doctor(Long pid, Path binary, PrintStream out) {
        this.pid = pid;
        this.binary = binary;
        this.out = out;
    }

    /** Runs every check, printing one line each (and the fix of each failed one) to {@code out}; returns the failures. */
    public int run() {
        check("kernel", "Linux " + System.getProperty("os.version"), kernelAtLeast(5, 8),
                "ring buffers need Linux 5.8 or newer: upgrade the kernel");
        check("uprobes", "uprobe events", Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/type")),
                "the kernel lacks CONFIG_UPROBE_EVENTS: use a distribution kernel with uprobes");
        check("semaphores", "uprobe reference counters (USDT semaphores)",
                Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset")),
                "the kernel cannot raise USDT semaphores (Linux 4.20+ needed): bitcoind v29+ would emit nothing");
        check("btf", "kernel BTF (/sys/kernel/btf/vmlinux)", Files.exists(Path.of("/sys/kernel/btf/vmlinux")),
                "no kernel BTF: nodescope still works (it needs no CO-RE), other BPF tools may not");
        String privilege = Privileges.problem().orElse(null);
        check("privileges", "CAP_BPF+CAP_PERFMON(+CAP_SYS_ADMIN since July 2025 kernels) or root", privilege == null, privilege);
        String libbpf = null;
        try {
            libbpf = BpfObject.libbpfVersion();
        } catch (BpfException | UnsatisfiedLinkError e) {
            // reported below
        }
        check("libbpf", libbpf == null ? "libbpf.so.1 missing" : "libbpf " + libbpf, libbpf != null,
                "install libbpf 1.x: apt-get install libbpf1");
        if (libbpf != null && privilege == null) {
            String loadError = null;
            try (InputStream in = LiveSource.class.getResourceAsStream("/native/nodescope.bpf.o")) {
                if (in == null) {
                    loadError = "BPF object missing from the build: rebuild with clang installed";
                } else {
                    try (BpfObject ignored = BpfObject.load("nodescope-doctor", in.readAllBytes(), "events", 1 << 16)) {
                        // loaded and verified: the kernel accepts all 20 programs
                    }
                }
            } catch (BpfException | IOException e) {
                loadError = e.getMessage();
            }
            check("bpf load", "the kernel verifies nodescope's 20 BPF programs", loadError == null, loadError);
        }
        if (pid != null || binary != null) {
            checkTarget();
        }
        out.println(failures == 0 ? "all checks passed" : failures + " check(s) failed");
        return failures;
    }

    private void checkTarget() {
        Path elf = pid != null ? Path.of("/proc", pid.toString(), "exe") : binary;
        String what = pid != null ? "pid " + pid : binary.toString();
        if (pid != null && !ProcessInfo.isAlive(pid)) {
            check("target", what, false, "no process with pid " + pid + " is running");
            return;
        }
        try {
            List<UsdtProbe> probes = StapsdtNotes.read(elf);
            long known = Tracepoint.all().stream()
                    .filter(tp -> probes.stream().anyMatch(p -> p.fullName().equals(tp.fullName()))).count();
            check("target", what + ": " + known + " of " + Tracepoint.count() + " tracepoints", known > 0,
                    "built without tracepoints: use a Linux release binary or build with -DWITH_USDT=ON");
            boolean supported = probes.stream().allMatch(p -> p.arguments().stream().allMatch(a -> a.supportedByLibbpf11()));
            check("arguments", what + ": argument forms libbpf can read", supported,
                    "some arguments use SIB addressing that libbpf before 1.6 cannot read: upgrade libbpf");
        } catch (IOException e) {
            check("target", what, false, e.getMessage());
        }
    }

    private void check(String name, String what, boolean ok, String fix) {
        out.printf("%-4s %-11s %s%n", ok ? "ok" : "FAIL", name, what);
        if (!ok) {
            failures++;
            out.printf("     %-11s fix: %s%n", "", fix);
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] parts = System.getProperty("os.version").split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = Integer.parseInt(parts[1]);
            return ma > major || (ma == major && mi >= minor);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
