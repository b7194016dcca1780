package dev.nodescope.fleet;

import dev.nodescope.archive.ArchiveSource.TimeBound;
import dev.nodescope.event.Tracepoint;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** Opens the {@link NatsSource} every tool's {@code --nats} reads, saying on stderr when the connection or the consumer has trouble. */
public final class FleetSources {
    private FleetSources() {
    }

    /**
     * @param from with a JetStream stream: an absolute time, or a duration back from now ({@code --from 1h})
     */
    public static NatsSource open(NatsAccess access, List<String> nodeGlobs, Set<Tracepoint> selected, String jetstream, TimeBound from)
            throws IOException, InterruptedException {
        List<String> subjects = Subjects.subscriptions(nodeGlobs, selected);
        AtomicBoolean toldSlow = new AtomicBoolean();
        ErrorListener errors = new ErrorListener() {
            @Override
            public void slowConsumerDetected(Connection conn, Consumer consumer) {
                if (toldSlow.compareAndSet(false, true)) {
                    System.err.println("nodescope: NATS reports this consumer too slow: messages were dropped for it"
                            + " (counted exactly at stage consume once the subject's next batch or the publisher's next totals arrive)");
                }
            }
        };
        ConnectionListener connections = new OutageLines("reconnecting", "", System.err);
        Connection nats = access.connect(access.options("nodescope consumer", errors, connections).build());
        try {
            if (jetstream == null) {
                return new NatsSource(nats, subjects, nodeGlobs, null, null, null);
            }
            JetStreams.existing(nats, jetstream);
            Instant start = from == null ? null : from.instant() != null ? from.instant() : Instant.now().minus(from.offset());
            return new NatsSource(nats, subjects, nodeGlobs, nats.jetStream(), jetstream, start);
        } catch (RuntimeException | IOException e) {
            nats.close();
            throw e;
        }
    }
}
