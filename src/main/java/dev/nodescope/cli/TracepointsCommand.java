package dev.nodescope.cli;

import dev.nodescope.event.Tracepoint;
import dev.nodescope.extract.NoSuchProcessException;
import dev.nodescope.extract.ProcessInfo;
import dev.nodescope.extract.StapsdtNotes;
import dev.nodescope.extract.TargetException;
import dev.nodescope.extract.UsdtArgument;
import dev.nodescope.extract.UsdtProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nodescope tracepoints}: which of Bitcoin Core's tracepoints a binary has, read from its ELF notes. */
@Command(name = "tracepoints", mixinStandardHelpOptions = true,
        description = "List the USDT tracepoints of a bitcoind binary (or of a running process) and which are missing.")
final class TracepointsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "BINARY", description = "bitcoind or bitcoin-node executable.")
    Path binary;

    @Option(names = "--pid", paramLabel = "N", description = "Read the executable of this running process.")
    Long pid;

    @Override
    public Integer call() throws Exception {
        Path elf;
        String what;
        if (pid != null && binary != null) {
            throw new IllegalArgumentException("give either BINARY or --pid, not both");
        } else if (pid != null) {
            try {
                what = ProcessInfo.executableOf(pid) + " (pid " + pid + ")";
            } catch (NoSuchProcessException e) {
                throw new TargetException(e.getMessage());
            }
            elf = Path.of("/proc", pid.toString(), "exe");
        } else if (binary != null) {
            if (!Files.isRegularFile(binary)) {
                throw TargetException.notABinary(binary);
            }
            elf = binary;
            what = binary.toString();
        } else {
            throw new IllegalArgumentException("give a BINARY or --pid N (see nodescope tracepoints --help)");
        }
        List<UsdtProbe> probes = StapsdtNotes.readForUser(elf, what);
        Map<String, UsdtProbe> byName = new LinkedHashMap<>();
        probes.forEach(p -> byName.putIfAbsent(p.fullName(), p));
        System.out.println(what);
        int present = 0;
        for (Tracepoint tp : Tracepoint.values()) {
            UsdtProbe p = byName.remove(tp.fullName());
            if (p == null) {
                System.out.printf("  %-42s missing (since v%d)%n", tp.fullName(), tp.sinceVersion());
                continue;
            }
            present++;
            long sites = probes.stream().filter(q -> q.fullName().equals(tp.fullName())).count();
            boolean unsupported = p.arguments().stream().anyMatch(a -> !a.supportedByLibbpf11());
            System.out.printf("  %-42s %d args  %s%s%s  %s%n", tp.fullName(), p.argumentCount(),
                    p.hasSemaphore() ? "semaphore" : "no semaphore", sites > 1 ? ", " + sites + " sites" : "",
                    unsupported ? ", ARGUMENT FORM UNSUPPORTED BY libbpf 1.1" : "",
                    p.arguments().stream().map(UsdtArgument::spec).collect(Collectors.joining(" ")));
        }
        for (UsdtProbe other : byName.values()) {
            System.out.printf("  %-42s %d args  (not a Bitcoin Core tracepoint nodescope knows)%n", other.fullName(),
                    other.argumentCount());
        }
        System.out.printf("%d of %d Bitcoin Core tracepoints present%n", present, Tracepoint.count());
        if (present == 0) {
            System.err.println("nodescope: " + what + " has no Bitcoin Core tracepoints: it was built without"
                    + " -DWITH_USDT=ON (Linux release binaries have them)");
            return Main.EXIT_FAILURE;
        }
        return 0;
    }
}
