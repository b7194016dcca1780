package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.fleet.JetStreams;
import dev.nodescope.fleet.NatsAccess;
import dev.nodescope.fleet.OutageLines;
import dev.nodescope.fleet.PublishTool;
import dev.nodescope.fleet.Publisher;
import dev.nodescope.fleet.Subjects;
import dev.nodescope.stream.EventSource;
import dev.nodescope.tool.Bytes;
import dev.nodescope.tool.StatusLines;
import dev.nodescope.tool.ToolRunner;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nodescope publish}: a node's events to NATS for the fleet's tools (fleet/, docs/fleet.md). */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a bitcoind's events to NATS (subjects nodescope.<node>.<context>.<name>), for fleet-wide tools (docs/fleet.md).")
final class PublishCommand implements Callable<Integer> {
    enum Payload { none, full }

    @Mixin
    TargetOptions target;

    @Option(names = "--payload", description = "none or full: publish whole P2P payloads (default: none from a node; from --replay,"
            + " what the archive holds).")
    Payload payload;

    @Option(names = "--outbox", paramLabel = "SIZE", defaultValue = "64MiB", converter = SizeConverter.class,
            description = "What is kept while the NATS server is unreachable (default: ${DEFAULT-VALUE}); beyond it events are counted lost (stage queue).")
    long outbox;

    @Option(names = "--jetstream-max-age", paramLabel = "TIME", defaultValue = "168h", converter = DurationConverter.class,
            description = "With --jetstream, a stream created by publish keeps events this long (default: ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(names = "--jetstream-max-bytes", paramLabel = "SIZE", defaultValue = "10GiB", converter = SizeConverter.class,
            description = "With --jetstream, a stream created by publish keeps at most this much, oldest dropped first (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--jetstream-replicas", paramLabel = "N", defaultValue = "1",
            description = "With --jetstream, replicas of a stream created by publish (3 on a 3-server cluster; default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "TIME", description = "Stop after this long.")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        if (!target.nats.given()) {
            throw new UserException("publish needs --nats URL (the NATS server to publish to)");
        }
        String jetstream = target.jetstream;
        if (target.nodes != null) {
            throw new UserException("--nodes chooses the nodes a fleet tool reads; publish names its node with --node");
        }
        if (target.replay == null) {
            if (target.node == null) {
                throw new UserException("publish needs --node NAME: the node's name in the fleet (the subjects nodescope.NAME.*)");
            }
            Subjects.checkNode(target.node, "--node");
        }
        NatsAccess access = target.nats.access();
        String urls = target.nats.urls;
        // the source is the node (or archives): the NATS options say where it publishes, not where it reads from
        EventSource source = target.nodeSource(payload == Payload.full ? 4_000_000 : 0);
        // a node's payloads are copied only when asked for; an archive's are published as recorded unless --payload none
        boolean keepPayloads = payload == Payload.full || (payload == null && target.replaying());
        ConnectionListener connections = new OutageLines("keeping events in the outbox (up to " + Bytes.human(outbox) + ") and reconnecting",
                "; sending the outbox", System.err);
        Connection nats = access.connect(access.options("nodescope publish " + (target.node == null ? "(replay)" : target.node),
                new io.nats.client.ErrorListener() { }, connections).reconnectBufferSize(outbox).build());
        try {
            long maxPayload = nats.getMaxPayload();
            if (payload == Payload.full && maxPayload < 4_200_000) {
                System.err.printf(Locale.ROOT, "nodescope: the NATS server's max_payload is %s: P2P payloads larger than that (blocks) are"
                        + " published without their payload (counted as payload_dropped); set max_payload: 8MB in nats-server's"
                        + " configuration to keep them%n", Bytes.human(maxPayload));
            }
            if (jetstream != null) {
                JetStreams.ensure(nats, jetstream, new JetStreams.Retention(maxAge, maxBytes, replicas));
            }
        } catch (RuntimeException | java.io.IOException e) {
            nats.close();
            throw e;
        }
        Publisher publisher = new Publisher(nats, jetstream == null ? null : nats.jetStream(), jetstream);
        System.err.println("nodescope: publishing to " + urls + (jetstream == null ? "" : " (JetStream stream " + jetstream + ")"));
        return ToolRunner.run(source, new PublishTool(publisher, nats, urls, keepPayloads, StatusLines.of(target.replay), System.err), duration);
    }
}
