package dev.nodescope.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.nodescope.event.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer thread failing, by an I/O error or by a bug: the stream thread must get the failure
 * (loudly, with its cause) and never block forever in accept or close. The timeouts only turn a
 * hang into a failure; the tests wait on latches, not on time.
 */
class RecorderFailureTest {
    private static final Duration HANG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Events for far more blocks than the recorder has buffers: a dead writer would block the caller. */
    private static final List<Event> MANY = SyntheticEvents.mix(40_000, 7);

    private Recorder recorder(RuntimeException orError, Error error, CountDownLatch failed) throws IOException {
        return Recorder.builder().directory(dir).header(ArchiveRoundTripTest.header()).blockBytes(1024).beforeWrite(block -> {
            failed.countDown();
            if (error != null) {
                throw error;
            }
            throw orError;
        }).build();
    }

    @Test
    void aBugInTheWriterThreadReachesTheStreamThreadAndCloseDoesNotHang() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        IllegalStateException bug = new IllegalStateException("a bug in the writer");
        Recorder recorder = recorder(bug, null, failed);
        assertTimeoutPreemptively(HANG, () -> {
            assertThatThrownBy(() -> MANY.forEach(recorder::accept))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("the archive writer failed").hasCause(bug);
            assertThat(failed.await(1, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(recorder::close).isInstanceOf(IllegalStateException.class).hasCause(bug);
        });
        assertThat(recorder.eventsAccepted()).isLessThan(MANY.size());
    }

    @Test
    void anErrorInTheWriterThreadIsKeptToo() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        StackOverflowError error = new StackOverflowError("deep");
        Recorder recorder = recorder(null, error, failed);
        assertTimeoutPreemptively(HANG, () -> {
            assertThatThrownBy(() -> MANY.forEach(recorder::accept)).isInstanceOf(IllegalStateException.class).hasCause(error);
            assertThatThrownBy(recorder::close).isInstanceOf(IllegalStateException.class).hasCause(error);
        });
    }

    @Test
    void closeRightAfterTheWriterFailedDoesNotHang() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        IllegalStateException bug = new IllegalStateException("a bug in the writer");
        Recorder recorder = recorder(bug, null, failed);
        assertTimeoutPreemptively(HANG, () -> {
            // until the first block reached the writer: close comes before any accept saw the failure
            for (Event e : MANY) {
                if (failed.getCount() == 0) {
                    break;
                }
                try {
                    recorder.accept(e);
                } catch (IllegalStateException seenAlready) {
                    break;
                }
            }
            assertThat(failed.getCount()).isZero();
            assertThatThrownBy(recorder::close).isInstanceOf(IllegalStateException.class).hasCause(bug);
        });
    }
}
