package dev.nodescope.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodescope.event.BlockConnected;
import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Starting, failing and stopping a stream: races and failure paths, decided by latches, never by sleeping. */
class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static BlockConnected block(int height) {
        return new BlockConnected(new EventMeta("n", 1, 1, "t", height, height, height), "%064x".formatted(height), height, 1, 1, 1, 1);
    }

    /**
     * Delivers its events one by one while not stopped, optionally after {@code release} opens,
     * then, like the live source draining its ring, a final {@code nodescope:loss} in cleanup.
     */
    private static final class Source implements EventSource {
        final List<Event> events = new ArrayList<>();
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean stopped;
        volatile RuntimeException failWith;

        Source(int blocks, boolean waitForRelease) {
            for (int h = 1; h <= blocks; h++) {
                events.add(block(h));
            }
            if (!waitForRelease) {
                release.countDown();
            }
        }

        @Override
        public void run(EventSink sink) throws Exception {
            runs.incrementAndGet();
            running.countDown();
            release.await();
            try {
                for (Event e : events) {
                    if (stopped) {
                        break;
                    }
                    if (sink.wants(Tracepoint.VALIDATION_BLOCK_CONNECTED)) {
                        sink.accept(e);
                    }
                    sink.flush();
                }
                if (failWith != null) {
                    throw failWith;
                }
            } finally {
                sink.accept(new Loss(new EventMeta("n", 1, 1, "t", 0, 0, 0), "ring_reserve", "mempool:added", 1));
            }
        }

        @Override
        public SourceStats stats() {
            return SourceStats.empty();
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    @Test
    void startAsyncStartsOnceAndClosesRegistrationBeforeItReturns() throws Exception {
        Source source = new Source(3, true);
        EventStream stream = EventStream.open(source).onEvent(e -> { });
        stream.startAsync();
        // the stream thread may not even run yet: the stream is started all the same
        assertThatThrownBy(stream::startAsync).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(stream::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stream.onEvent(e -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stream.onFlush(() -> { })).isInstanceOf(IllegalStateException.class);
        source.release.countDown();
        assertThat(stream.awaitTermination(WAIT)).isTrue();
        assertThat(source.runs).hasValue(1);
    }

    @Test
    void handlersRegisteredFromOtherThreadsBeforeStartAreAllDelivered() throws Exception {
        Source source = new Source(1, false);
        EventStream stream = EventStream.open(source);
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        int threads = 8;
        CountDownLatch registered = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread.ofPlatform().start(() -> {
                stream.onEvent(BlockConnected.class, b -> seen.add(id));
                registered.countDown();
            });
        }
        assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();
        stream.start();
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aThrowingHandlerStopsDeliveryWithoutRedeliveryAndReportsOnce() throws Exception {
        Source source = new Source(5, false);
        List<Event> before = new ArrayList<>();
        List<Event> after = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        List<String> order = new ArrayList<>();
        RuntimeException bug = new IllegalStateException("handler bug");
        EventStream stream = EventStream.open(source)
                .onEvent(before::add)
                .onEvent(BlockConnected.class, b -> {
                    if (b.height() == 2) {
                        throw bug;
                    }
                })
                .onEvent(after::add)
                .onError(t -> {
                    errors.add(t);
                    order.add("error");
                })
                .onClose(() -> order.add("close"));
        assertThatThrownBy(stream::start).isSameAs(bug);
        assertThat(source.stopped).isTrue();
        // block 2 reached the handler before the failing one, not the one after; nothing after it reached anyone
        assertThat(before).extracting(Event::name).containsExactly("validation:block_connected", "validation:block_connected");
        assertThat(before).map(e -> ((BlockConnected) e).height()).containsExactly(1, 2);
        assertThat(after).map(e -> ((BlockConnected) e).height()).containsExactly(1);
        assertThat(errors).containsExactly(bug);
        assertThat(order).containsExactly("error", "close");
        assertThatThrownBy(() -> stream.awaitTermination(WAIT)).isSameAs(bug);
    }

    @Test
    void aThrowingFlushActionFailsTheStreamLikeAHandler() throws Exception {
        Source source = new Source(5, false);
        List<Event> seen = new ArrayList<>();
        RuntimeException bug = new IllegalStateException("flush bug");
        AtomicInteger flushes = new AtomicInteger();
        EventStream stream = EventStream.open(source).onEvent(seen::add).onFlush(() -> {
            if (flushes.incrementAndGet() == 2) {
                throw bug;
            }
        });
        assertThatThrownBy(stream::start).isSameAs(bug);
        assertThat(seen).map(e -> ((BlockConnected) e).height()).containsExactly(1, 2);
        assertThat(flushes).hasValue(2);
    }

    @Test
    void aFailingSourceReachesOnErrorAndTheCaller() throws Exception {
        Source source = new Source(2, false);
        source.failWith = new IllegalStateException("source bug");
        List<Event> seen = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        EventStream stream = EventStream.open(source).onEvent(seen::add).onError(errors::add);
        stream.startAsync();
        assertThatThrownBy(() -> stream.awaitTermination(WAIT)).isSameAs(source.failWith);
        assertThat(errors).containsExactly(source.failWith);
        // what the source delivered in its cleanup, before it failed, still arrives
        assertThat(seen).extracting(Event::name).containsExactly("validation:block_connected", "validation:block_connected",
                Loss.NAME);
    }

    @Test
    void aThrowingErrorActionDoesNotHideTheFailureNorSkipCloseActions() throws Exception {
        Source source = new Source(1, false);
        RuntimeException bug = new IllegalStateException("handler bug");
        RuntimeException second = new IllegalStateException("error action bug");
        CountDownLatch closed = new CountDownLatch(1);
        EventStream stream = EventStream.open(source).onEvent(BlockConnected.class, b -> {
            throw bug;
        }).onError(t -> {
            throw second;
        }).onClose(closed::countDown);
        assertThatThrownBy(stream::start).isSameAs(bug).hasSuppressedException(second);
        assertThat(closed.getCount()).isZero();
    }

    @Test
    void aCleanEndHasNoErrorAndRunsCloseActions() throws Exception {
        Source source = new Source(3, false);
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        List<Event> seen = new ArrayList<>();
        EventStream stream = EventStream.open(source).onEvent(seen::add).onError(errors::add).onClose(closed::countDown);
        stream.start();
        assertThat(seen).hasSize(4);
        assertThat(errors).isEmpty();
        assertThat(closed.getCount()).isZero();
    }
}
