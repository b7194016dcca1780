package dev.nodescope.fleet;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a NATS client of nodescope says on stderr when its server goes away and comes back: one
 * line per outage (jnats reports a disconnection at every failed attempt) and nothing before the
 * first connection (a server that cannot be reached at all is the one line of the failed connect).
 */
public final class OutageLines implements ConnectionListener {
    private final String lost;
    private final String back;
    private final PrintStream err;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean away = new AtomicBoolean();

    /**
     * @param lost what to say when the connection is lost
     * @param back what to say when it is back, after "NATS reconnected to URL"
     */
    public OutageLines(String lost, String back, PrintStream err) {
        this.lost = lost;
        this.back = back;
        this.err = err;
    }

    @Override
    public void connectionEvent(Connection conn, Events event) {
        switch (event) {
            case CONNECTED -> connected.set(true);
            case DISCONNECTED -> {
                if (connected.get() && away.compareAndSet(false, true)) {
                    err.println("nodescope: NATS connection lost; " + lost);
                }
            }
            case RECONNECTED -> {
                away.set(false);
                err.println("nodescope: NATS reconnected to " + conn.getConnectedUrl() + back);
            }
            default -> {
            }
        }
    }
}
