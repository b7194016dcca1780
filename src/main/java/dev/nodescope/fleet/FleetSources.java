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
        Set<String> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicBoolean up = new AtomicBoolean();
        ErrorListener errors = new ErrorListener() {
            /** Each distinct trouble once (a server repeats itself), never silently. */
            private void once(String line) {
                // before the connection is up, a failure is the one line of the failed connect
                if (up.get() && told.size() < 32 && told.add(line)) {
                    System.err.println(line);
                }
            }

            @Override
            public void errorOccurred(Connection conn, String error) {
                once("nodescope: the NATS server says: " + error);
            }

            @Override
            public void exceptionOccurred(Connection conn, Exception exp) {
                once("nodescope: NATS: " + (exp.getMessage() == null ? exp.getClass().getSimpleName() : exp.getMessage()));
            }

            @Override
            public void heartbeatAlarm(Connection conn, io.nats.client.JetStreamSubscription sub, long lastStreamSequence,
                    long lastConsumerSequence) {
                once("nodescope: JetStream stopped delivering (no heartbeat after stream sequence " + lastStreamSequence
                        + "); the ordered consumer starts again from there");
            }

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
        up.set(true);
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
