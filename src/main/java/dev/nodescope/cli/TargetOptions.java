package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.archive.ArchiveException;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.fleet.FleetSources;
import dev.nodescope.stream.EventSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which bitcoind to attach to (or which archives to replay) and which tracepoints: shared by every tool. */
final class TargetOptions {
    @Option(names = "--pid", paramLabel = "N", description = "Attach to this bitcoind process.")
    Long pid;

    @Option(names = "--binary", paramLabel = "PATH",
            description = "Attach to every process running this bitcoind binary, now and later.")
    Path binary;

    @Option(names = "--replay", paramLabel = "FILE|DIR", split = ",",
            description = "Read events from archives (nodescope record) instead of a running bitcoind.")
    List<Path> replay;

    @Mixin
    ReplayOptions replayOptions;

    @Mixin
    NatsOptions nats;

    @Option(names = "--nodes", split = ",", paramLabel = "GLOB",
            description = "With --nats: only these nodes (names or globs like fra*; default: all).")
    List<String> nodes;

    @Option(names = "--jetstream", paramLabel = "STREAM",
            description = "With --nats: read the JetStream stream STREAM (from --from, else new events), so nothing is missed while away.")
    String jetstream;

    @Option(names = "--events", split = ",", paramLabel = "GLOB",
            description = "Tracepoints to attach, e.g. net:*,mempool:added (default: all).")
    List<String> events;

    @Option(names = "--follow", description = "When bitcoind exits, wait for it to start again and re-attach.")
    boolean follow;

    @Option(names = "--node", paramLabel = "NAME", description = "Node label in every event (default: host name).")
    String node;

    @Option(names = "--ring-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Kernel ring buffer size, a power of 2 (default: 16MiB, 64MiB with payloads).")
    Long ringSize;

    @Option(names = "--poll-interval", paramLabel = "TIME", converter = DurationConverter.class,
            description = "How long the reader sleeps when the ring is empty (default: 10ms; a full ring wakes it at once).")
    Duration pollInterval;

    /**
     * The source every tool reads: the archives of {@code --replay}, else the live extractor
     * ({@code payloadMax}: how many payload bytes of each P2P message to copy, 0 for none).
     */
    EventSource source(int payloadMax) throws ArchiveException {
        if (nats.given()) {
            return fleetSource();
        }
        if (nats.credentialsGiven() || nodes != null || jetstream != null) {
            throw new UserException("--nodes, --jetstream and the --nats-* credentials go with --nats");
        }
        return nodeSource(payloadMax);
    }

    /**
     * One node's events, never a fleet's: the archives of {@code --replay}, else the live extractor
     * ({@code publish} reads its node here; its --nats options say where it publishes).
     */
    EventSource nodeSource(int payloadMax) throws ArchiveException {
        if (replay != null) {
            if (pid != null || binary != null || follow || ringSize != null || pollInterval != null) {
                throw new UserException("--replay reads archives: leave out --pid, --binary, --follow, --ring-size and --poll-interval");
            }
            return replayOptions.source(replay, events);
        }
        if (replayOptions.given()) {
            throw new UserException("--speed, --from and --to apply to --replay only");
        }
        return builder().payloadMax(payloadMax).build();
    }

    /** {@code --nats}: the fleet's events from NATS (or its JetStream stream). */
    private EventSource fleetSource() {
        if (replay != null || pid != null || binary != null || follow || ringSize != null || pollInterval != null || node != null) {
            throw new UserException("--nats reads a fleet: leave out --replay, --pid, --binary, --follow, --ring-size, --poll-interval"
                    + " and --node (use --nodes to choose nodes)");
        }
        if (replayOptions.speed != null || replayOptions.to != null || (replayOptions.from != null && jetstream == null)) {
            throw new UserException("with --nats only --from applies, with --jetstream (where to start reading the stream)");
        }
        try {
            return FleetSources.open(nats.access(), nodes == null ? List.of() : nodes, Tracepoint.select(events), jetstream,
                    replayOptions.from);
        } catch (java.io.IOException e) {
            throw new UserException("NATS: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while connecting to NATS");
        }
    }

    /** Whether the events come from a fleet over NATS (live, several nodes). */
    boolean fleet() {
        return nats.given();
    }

    /** The node name live events carry ({@code --node}, else the host name); null when replaying (the archives say). */
    String liveNode() {
        if (replaying() || fleet()) {
            return null;
        }
        return node != null ? node : LiveSource.Builder.defaultNode();
    }

    boolean replaying() {
        return replay != null;
    }

    LiveSource.Builder builder() {
        if (pid != null && binary != null) {
            throw new UserException("give either --pid or --binary, not both");
        }
        LiveSource.Builder b = LiveSource.builder().events(Tracepoint.select(events)).follow(follow);
        if (pid != null) {
            b.pid(pid);
        }
        if (binary != null) {
            b.binary(binary);
        }
        if (node != null) {
            b.node(node);
        }
        if (ringSize != null) {
            b.ringBytes(ringSize);
        }
        if (pollInterval != null) {
            b.pollInterval(pollInterval);
        }
        return b;
    }
}
