package dev.nodescope;

import dev.nodescope.event.Attached;
import dev.nodescope.stream.EventStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starting a live stream in a test: events are only promised once nodescope:attached is out. */
public final class TestStreams {
    private TestStreams() {
    }

    /**
     * Starts {@code stream} on its own thread and returns once it has attached (a binary without
     * semaphores cannot tell the fixture when that is, so the test must wait here).
     */
    public static EventStream startAttached(EventStream stream) throws InterruptedException {
        CountDownLatch attached = new CountDownLatch(1);
        stream.onEvent(Attached.class, a -> attached.countDown());
        stream.startAsync();
        if (!attached.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("nodescope did not attach within 20 s");
        }
        return stream;
    }
}
