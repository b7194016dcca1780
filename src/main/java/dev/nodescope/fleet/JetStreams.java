package dev.nodescope.fleet;

import dev.nodescope.error.UserException;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;

/**
 * The JetStream stream nodescope publishes into and consumers read back what they missed from.
 * Created when missing, with a documented retention (docs/fleet.md): every {@code nodescope.>}
 * subject, on file, limits retention (oldest discarded first) by age and size, and a
 * duplicate window so a batch resent after a reconnection is stored once.
 */
public final class JetStreams {
    /** JetStream's "stream not found" error. */
    private static final int STREAM_NOT_FOUND = 10059;
    /** How far apart a resent batch may come and still be recognised as a duplicate. */
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
    private static final String NO_JETSTREAM = "this NATS server has no JetStream: start nats-server with -js (or jetstream {} in its config)";

    private JetStreams() {
    }

    /** The retention of a stream nodescope creates. */
    public record Retention(Duration maxAge, long maxBytes, int replicas) {
    }

    /** Makes sure {@code name} exists and holds nodescope's subjects; creates it with {@code retention} when missing. */
    public static StreamInfo ensure(Connection nats, String name, Retention retention) throws IOException {
        try {
            StreamInfo info = info(nats, name);
            if (info != null) {
                if (!info.getConfiguration().getSubjects().contains(Subjects.ROOT + ".>")) {
                    throw new UserException("JetStream stream " + name + " exists but does not take " + Subjects.ROOT + ".> (its subjects: "
                            + info.getConfiguration().getSubjects() + "); give another --jetstream name");
                }
                return info;
            }
            return nats.jetStreamManagement().addStream(StreamConfiguration.builder().name(name).subjects(Subjects.ROOT + ".>")
                    .storageType(StorageType.File).retentionPolicy(RetentionPolicy.Limits).discardPolicy(DiscardPolicy.Old)
                    .maxAge(retention.maxAge()).maxBytes(retention.maxBytes()).replicas(retention.replicas())
                    .duplicateWindow(DUPLICATE_WINDOW).build());
        } catch (JetStreamApiException e) {
            throw new UserException("JetStream refused stream " + name + ": " + e.getErrorDescription()
                    + (e.getApiErrorCode() == 10074 || e.getErrorDescription().contains("replicas") ? " (fewer --jetstream-replicas than servers?)" : ""));
        }
    }

    /** How long JetStream's requests are tried again while its servers do not answer (a cluster electing leaders after a failure). */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A JetStream request, or its result. */
    interface Request<T> {
        T send() throws IOException, JetStreamApiException;
    }

    /**
     * Sends {@code request} until it is answered: right after a server of a cluster failed, its
     * streams and consumers elect new leaders and JetStream does not answer for a few seconds.
     * Said once on stderr; after {@link #PATIENCE} the timeout is the answer.
     */
    static <T> T patiently(Request<T> request) throws IOException, JetStreamApiException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean told = false;
        while (true) {
            try {
                return request.send();
            } catch (IOException e) {
                if (System.nanoTime() > deadline || e.getMessage() == null || !e.getMessage().contains("Timeout or no response")) {
                    throw e;
                }
                if (!told) {
                    System.err.println("nodescope: JetStream does not answer yet (a cluster electing leaders?): trying again for up to "
                            + PATIENCE.toSeconds() + " s");
                    told = true;
                }
            }
        }
    }

    /** The stream a consumer reads: one line when it does not exist. */
    public static StreamInfo existing(Connection nats, String name) throws IOException {
        try {
            StreamInfo info = info(nats, name);
            if (info == null) {
                throw new UserException("no JetStream stream named " + name + " on this NATS server: publish with --jetstream " + name
                        + " first, or check the name");
            }
            return info;
        } catch (JetStreamApiException e) {
            throw new UserException("JetStream refused to describe stream " + name + ": " + e.getErrorDescription());
        }
    }

    private static StreamInfo info(Connection nats, String name) throws IOException, JetStreamApiException {
        if (!nats.getServerInfo().isJetStreamAvailable()) {
            // asked anyway, the server does not answer: jnats times out with a message that does not say why
            throw new UserException(NO_JETSTREAM);
        }
        try {
            return patiently(() -> nats.jetStreamManagement().getStreamInfo(name));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (IllegalStateException | IOException e) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("jetstream not enabled")) {
                throw new UserException(NO_JETSTREAM);
            }
            throw e;
        }
    }
}
