package dev.nodescope.watch.sink;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The part every network sink shares: the stream thread {@link #offer}s items into a bounded queue
 * and never waits; a thread of its own sends them in order, in batches, and retries a failed batch
 * with exponential backoff for as long as it takes. When the queue is full the oldest item goes
 * (the newest state of an alert matters most) and is counted. A destination that is down never
 * slows detection: it costs one warning line, the retries, and the drops the summary reports.
 *
 * @param <T> what is sent (alerts)
 */
final class Delivery<T> implements AutoCloseable {
    /** How a batch is sent: returns normally when delivered, throws IOException to retry, {@link Rejected} to give up on it. */
    interface Sender<T> {
        void send(List<T> batch) throws IOException, Rejected, InterruptedException;
    }

    /** The destination refused the batch for good (HTTP 4xx): retrying would not help. */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    /** Queue size, batch size and times (tests shorten them). */
    record Timing(int capacity, int batchMax, Duration firstBackoff, Duration maxBackoff, Duration closeGrace) {
        static final Timing DEFAULT = new Timing(1024, 64, Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    private final String name;
    private final Timing timing;
    private final Sender<T> sender;
    private final PrintStream err;
    private final Supplier<List<T>> periodic;
    private final long periodNanos;
    private final BlockingQueue<T> queue;
    private final Thread thread;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile String firstFailure;
    private volatile boolean closing;
    private volatile long closeDeadline;

    /**
     * @param name     what the warning and summary lines call it ({@code webhook http://...})
     * @param periodic a batch to send every {@code period} when nothing else is due (Alertmanager's resends), or null
     */
    Delivery(String name, Timing timing, Sender<T> sender, PrintStream err, Supplier<List<T>> periodic, Duration period) {
        this.name = name;
        this.timing = timing;
        this.sender = sender;
        this.err = err;
        this.periodic = periodic;
        this.periodNanos = period == null ? Long.MAX_VALUE : period.toNanos();
        this.queue = new ArrayBlockingQueue<>(timing.capacity());
        this.thread = Thread.ofPlatform().name("nodescope-" + name.split(" ")[0]).daemon(true).start(this::run);
    }

    /** Queues one item (stream thread): never blocks; a full queue loses its oldest item. */
    void offer(T item) {
        offered.incrementAndGet();
        while (!queue.offer(item)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    private void run() {
        long nextPeriodic = System.nanoTime() + periodNanos;
        List<T> batch = new ArrayList<>(timing.batchMax());
        try {
            while (true) {
                long wait = closing ? 0 : Math.max(0, Math.min(nextPeriodic - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200)));
                T first = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    if (periodic != null && System.nanoTime() - nextPeriodic >= 0) {
                        List<T> again = periodic.get();
                        if (!again.isEmpty()) {
                            for (int i = 0; i < again.size(); i += timing.batchMax()) {
                                deliver(again.subList(i, Math.min(again.size(), i + timing.batchMax())));
                            }
                        }
                        nextPeriodic = System.nanoTime() + periodNanos;
                    }
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, timing.batchMax() - 1);
                deliver(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one batch, retrying with backoff until it goes through, is refused, or the close grace runs out. */
    private void deliver(List<T> batch) throws InterruptedException {
        long backoff = timing.firstBackoff().toNanos();
        while (true) {
            try {
                sender.send(batch);
                delivered.addAndGet(batch.size());
                return;
            } catch (InterruptedException e) {
                dropped.addAndGet(batch.size()); // closing, stuck in a request
                throw e;
            } catch (Rejected e) {
                rejected.addAndGet(batch.size());
                failed(e.getMessage() + "; not retried");
                return;
            } catch (IOException e) {
                failed(reason(e) + "; detection goes on, alerts wait in a queue (up to " + timing.capacity() + ") and are retried");
            }
            if (closing && System.nanoTime() - closeDeadline >= 0) {
                dropped.addAndGet(batch.size());
                return;
            }
            retries.incrementAndGet();
            long sleep = closing ? Math.min(backoff, Math.max(0, closeDeadline - System.nanoTime())) : backoff;
            TimeUnit.NANOSECONDS.sleep(sleep);
            backoff = Math.min(backoff * 2, timing.maxBackoff().toNanos());
        }
    }

    /** The first failure is said once, as a warning; the summary says how many followed. */
    private void failed(String why) {
        if (firstFailure == null) {
            firstFailure = why;
            err.println("nodescope: warning: " + name + ": " + why);
        }
    }

    /** A failure in words: the JDK's HTTP client often throws without a message. */
    static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Sends what is queued (for at most the close grace), then stops; what is left counts as dropped. */
    @Override
    public void close() throws InterruptedException {
        closeDeadline = System.nanoTime() + timing.closeGrace().toNanos();
        closing = true;
        thread.join(timing.closeGrace().plusSeconds(1));
        if (thread.isAlive()) {
            thread.interrupt(); // stuck in a request: the HTTP client gives up on interrupt
            thread.join(1000);
        }
        dropped.addAndGet(queue.size());
        queue.clear();
    }

    long offered() {
        return offered.get();
    }

    long delivered() {
        return delivered.get();
    }

    long dropped() {
        return dropped.get();
    }

    long rejected() {
        return rejected.get();
    }

    long retries() {
        return retries.get();
    }

    /** "3 delivered, 2 retries (cannot connect), 1 dropped" for the summary line. */
    String counts(String what) {
        StringBuilder sb = new StringBuilder().append(delivered()).append(' ').append(what).append(" delivered");
        if (retries() > 0) {
            sb.append(", ").append(retries()).append(retries() == 1 ? " retry" : " retries");
        }
        if (rejected() > 0) {
            sb.append(", ").append(rejected()).append(" refused");
        }
        if (dropped() > 0) {
            sb.append(", ").append(dropped()).append(" dropped");
        }
        if (firstFailure != null) {
            sb.append(" (first failure: ").append(firstFailure.split(";")[0]).append(')');
        }
        return sb.toString();
    }
}
