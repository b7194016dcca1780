package dev.nodescope.archive;

import java.util.List;

/**
 * What an archive file says about itself before its first block: who wrote it, when, what was
 * traced and how. The tracepoints actually attached (and those the binary lacks) are in the
 * {@code nodescope:attached} events of the file, as they were live.
 *
 * @param target         how the node was chosen: {@code pid 1234}, {@code binary /path}, or {@code discovered}
 * @param events         the tracepoint selection asked for (globs as typed)
 * @param payload        {@code none} or {@code full}: whether P2P payloads were recorded
 * @param ipsRedacted    whether peer addresses were replaced by per-archive pseudonyms
 * @param bitcoindBinary the traced binary, when known at start
 * @param fileIndex      1 for the first file of a recording, 2 after the first rotation...
 */
public record ArchiveHeader(int formatVersion, String nodescopeVersion, long createdEpochNanos, String host, String node,
                            String target, List<String> events, String payload, boolean ipsRedacted, String bitcoindBinary,
                            String bitcoindVersion, int fileIndex) {
    public ArchiveHeader withFileIndex(int index) {
        return new ArchiveHeader(formatVersion, nodescopeVersion, createdEpochNanos, host, node, target, events, payload,
                ipsRedacted, bitcoindBinary, bitcoindVersion, index);
    }

    public ArchiveHeader withCreated(long epochNanos) {
        return new ArchiveHeader(formatVersion, nodescopeVersion, epochNanos, host, node, target, events, payload,
                ipsRedacted, bitcoindBinary, bitcoindVersion, fileIndex);
    }
}
