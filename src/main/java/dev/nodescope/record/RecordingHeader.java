package dev.nodescope.record;

import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.extract.BitcoindVersion;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.extract.ProcessInfo;
import dev.nodescope.extract.StapsdtNotes;
import dev.nodescope.extract.UsdtProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The header of a new recording: who recorded what, from which binary, with which selection. */
public final class RecordingHeader {
    private RecordingHeader() {
    }

    /**
     * The header for recording from {@code replay} (archives), else from {@code pid}, else from
     * every process of {@code binary}, else from a discovered bitcoind (the unused ones are null);
     * {@code node}: the node label (null: the host name).
     */
    public static ArchiveHeader of(String nodescopeVersion, List<Path> replay, Long pid, Path binary, String node, List<String> events,
                                   String payload, boolean redactIps) {
        String shown = "";
        Path executable = null;
        String target;
        if (replay != null) {
            target = "replay of " + replay;
        } else if (pid != null) {
            target = "pid " + pid;
            try {
                shown = ProcessInfo.executableOf(pid).toString();
                executable = Path.of("/proc", pid.toString(), "exe");
            } catch (IOException e) {
                shown = ""; // the source reports the real problem when it attaches
            }
        } else if (binary != null) {
            target = "binary " + binary;
            shown = binary.toString();
            executable = binary;
        } else {
            target = "discovered";
        }
        String host = LiveSource.Builder.defaultNode();
        return new ArchiveHeader(ArchiveFormat.VERSION, nodescopeVersion, 0, host, node == null ? host : node, target,
                events == null ? List.of() : events, payload, redactIps, shown, bitcoindVersion(executable), 1);
    }

    /** The binary's own -version, else the releases its tracepoints fit; "" when unknown. */
    private static String bitcoindVersion(Path executable) {
        if (executable == null) {
            return "";
        }
        try {
            Set<String> present = new HashSet<>();
            for (UsdtProbe p : StapsdtNotes.read(executable)) {
                present.add(p.fullName());
            }
            if (present.stream().noneMatch(n -> Tracepoint.byFullName(n).isPresent())) {
                return ""; // not a bitcoind: the source says so when it attaches, and it is not run
            }
            return BitcoindVersion.of(executable, present);
        } catch (IOException | RuntimeException e) {
            return ""; // the source says what is wrong with the binary when it attaches
        }
    }
}
