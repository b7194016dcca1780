package dev.nodescope.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.codec.BlockEncoder;
import dev.nodescope.event.Event;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder whose writer keeps up reuses the block it got back last: in a burst two blocks cycle
 * and grow to full size, and the other 15 stay at a sixteenth of it. (Taken in turn, every block
 * grew, and their outgrown arrays with them: ~40 MiB more resident during a real node's reindex.)
 */
class RecorderBlockReuseTest {
    @TempDir
    Path dir;

    @Test
    void aWriterThatKeepsUpCyclesTwoBlocks() throws Exception {
        Set<BlockEncoder> written = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicInteger writes = new AtomicInteger();
        List<Event> events = SyntheticEvents.mix(20_000, 3);
        try (Recorder recorder = Recorder.builder().directory(dir).header(ArchiveRoundTripTest.header()).blockBytes(4096)
                .beforeWrite(block -> {
                    written.add(block);
                    writes.incrementAndGet();
                }).build()) {
            for (Event e : events) {
                recorder.accept(e);
                // a block sealed: wait until the writer has it back (all 16 others free), as a writer that keeps up would
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (recorder.freeBlocks() != 16) {
                    assertThat(System.nanoTime()).as("the writer returns the block").isLessThan(deadline);
                    Thread.onSpinWait();
                }
            }
        }
        assertThat(writes.get()).as("blocks written").isGreaterThan(40);
        assertThat(written).hasSize(2);
    }
}
