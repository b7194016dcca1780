package dev.nodescope.extract;

import dev.nodescope.event.Tracepoint;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code tracepoints}: which of Bitcoin Core's tracepoints a binary's ELF notes declare, and how. */
public final class TracepointListing {
    private TracepointListing() {
    }

    /** Prints {@code what} and a line per tracepoint (present with its arguments, or missing) to {@code out}; returns how many are present. */
    public static int print(String what, List<UsdtProbe> probes, PrintStream out) {
        Map<String, UsdtProbe> byName = new LinkedHashMap<>();
        probes.forEach(p -> byName.putIfAbsent(p.fullName(), p));
        out.println(what);
        int present = 0;
        for (Tracepoint tp : Tracepoint.values()) {
            UsdtProbe p = byName.remove(tp.fullName());
            if (p == null) {
                out.printf("  %-42s missing (since v%d)%n", tp.fullName(), tp.sinceVersion());
                continue;
            }
            present++;
            long sites = probes.stream().filter(q -> q.fullName().equals(tp.fullName())).count();
            boolean unsupported = p.arguments().stream().anyMatch(a -> !a.supportedByLibbpf11());
            out.printf("  %-42s %d args  %s%s%s  %s%n", tp.fullName(), p.argumentCount(),
                    p.hasSemaphore() ? "semaphore" : "no semaphore", sites > 1 ? ", " + sites + " sites" : "",
                    unsupported ? ", ARGUMENT FORM UNSUPPORTED BY libbpf 1.1" : "",
                    p.arguments().stream().map(UsdtArgument::spec).collect(Collectors.joining(" ")));
        }
        for (UsdtProbe other : byName.values()) {
            out.printf("  %-42s %d args  (not a Bitcoin Core tracepoint nodescope knows)%n", other.fullName(),
                    other.argumentCount());
        }
        out.printf("%d of %d Bitcoin Core tracepoints present%n", present, Tracepoint.count());
        return present;
    }
}
