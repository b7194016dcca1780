package dev.nodescope.record;

import dev.nodescope.archive.ArchiveFormat;
import dev.nodescope.archive.ArchiveHeader;
import dev.nodescope.event.Tracepoint;
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
        String executable = "";
        String target;
        if (replay != null) {
            target = "replay of " + replay;
        } else if (pid != null) {
            target = "pid " + pid;
            try {
                executable = ProcessInfo.executableOf(pid).toString();
            } catch (IOException e) {
                executable = ""; // the source reports the real problem when it attaches
            }
        } else if (binary != null) {
            target = "binary " + binary;
            executable = binary.toString();
        } else {
            target = "discovered";
        }
        return of(nodescopeVersion, target, executable, node, events, payload, redactIps);
    }

    private static ArchiveHeader of(String nodescopeVersion, String target, String binary, String node, List<String> events,
                                    String payload, boolean redactIps) {
        String host = LiveSource.Builder.defaultNode();
        return new ArchiveHeader(ArchiveFormat.VERSION, nodescopeVersion, 0, host, node == null ? host : node, target,
                events == null ? List.of() : events, payload, redactIps, binary, releases(binary), 1);
    }

    /** The releases the binary's tracepoints fit (its version string cannot be read reliably); "" when unknown. */
    private static String releases(String binary) {
        if (binary.isEmpty()) {
            return "";
        }
        try {
            Set<String> present = new HashSet<>();
            for (UsdtProbe p : StapsdtNotes.read(Path.of(binary))) {
                present.add(p.fullName());
            }
            List<String> missing = Tracepoint.all().stream().map(Tracepoint::fullName)
                    .filter(n -> !present.contains(n)).toList();
            return Tracepoint.releasesWithout(missing);
        } catch (IOException | RuntimeException e) {
            return ""; // the source says what is wrong with the binary when it attaches
        }
    }
}
