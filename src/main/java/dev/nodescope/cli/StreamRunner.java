package dev.nodescope.cli;

import dev.nodescope.stream.EventStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stream on the calling thread until its source ends, {@code duration} passes, or the
 * process gets SIGINT/SIGTERM. On a signal the JVM runs shutdown hooks while the stream thread
 * still works: the hook stops the source and waits until the last events are written and
 * {@code afterStop} (the summary) has run, so nothing is lost when the JVM halts.
 */
final class StreamRunner {
    private StreamRunner() {
    }

    static void run(EventStream stream, Duration duration, Runnable afterStop) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stream.close();
            try {
                done.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nodescope-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (duration != null) {
            Thread.ofPlatform().daemon(true).name("nodescope-duration").start(() -> {
                try {
                    Thread.sleep(duration);
                    stream.close();
                } catch (InterruptedException ignored) {
                    // the stream ended first
                }
            });
        }
        try {
            stream.start();
        } finally {
            try {
                afterStop.run();
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it returns now that done is counted down
                }
            }
        }
    }
}
