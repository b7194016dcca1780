package dev.nodescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.Loss;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A JetStream consumer's rounds of one node: what is whole, what is waited for, and the order things go out in. */
class NodeRunTest {
    static final long GRACE = NatsSource.HOLE_GRACE_NANOS;

    static Event event(long seq) {
        return new Loss(new EventMeta("fra1", 0, 0, "t", 0, 0, seq), "ring_reserve", "net:inbound_message", 1);
    }

    static List<Long> delivered(NodeRun run) {
        List<Long> seqs = new ArrayList<>();
        if (run.deliverable()) {
            run.drainReady(e -> seqs.add(e.meta().seq()));
        }
        return seqs;
    }

    @Test
    void aRoundIsWholeWhenItsEndCameWithAsManyEventsAsItSays() {
        NodeRun run = new NodeRun("fra1", 1);
        run.begin(1, true, 0);
        run.part(3, -1);
        assertThat(run.currentWhole()).isFalse();
        run.part(2, 5);
        assertThat(run.currentWhole()).isTrue();
    }

    @Test
    void aRoundWithABatchMissingHoldsLaterRoundsUntilTheBatchComesThenAllGoOutInOrder() {
        NodeRun run = new NodeRun("fra1", 1);
        run.begin(1, true, 0);
        run.part(2, 2);
        run.current.addAll(List.of(event(1), event(2)));
        run.close();
        run.begin(2, true, 0);
        run.part(1, 3); // its end says 3 events; 2 of them were in a batch the failover made the publisher send again
        run.current.add(event(5));
        run.begin(3, true, 0);
        run.part(1, 1);
        run.current.add(event(6));
        run.close();
        assertThat(delivered(run)).as("round 2 is not whole: nothing after round 1 goes").isEmpty();
        run.latePart(2, 2, -1);
        run.ready.addAll(List.of(event(3), event(4)));
        assertThat(delivered(run)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aRoundNoneOfWhoseBatchesCameIsWaitedForToo() {
        NodeRun run = new NodeRun("fra1", 1);
        run.begin(1, true, 0);
        run.part(1, 1);
        run.current.add(event(1));
        run.begin(3, true, 0); // round 2 skipped: its only batch is stored after round 3
        run.part(1, 1);
        run.current.add(event(3));
        run.close();
        assertThat(delivered(run)).isEmpty();
        run.latePart(2, 1, 1);
        run.ready.add(event(2));
        assertThat(delivered(run)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void whatNeverComesIsWaitedForOnlyForTheGrace() {
        NodeRun run = new NodeRun("fra1", 1);
        run.begin(1, true, 0);
        run.part(1, 1);
        run.begin(2, true, 0);
        run.part(1, 2);
        run.current.add(event(1));
        run.begin(3, true, 0);
        run.expireIncomplete(GRACE, GRACE, false);
        assertThat(delivered(run)).as("within the grace").isEmpty();
        run.expireIncomplete(GRACE + 1, GRACE, false);
        assertThat(delivered(run)).containsExactly(1L);
    }

    @Test
    void theFirstRoundSeenMayBeJoinedInItsMiddleAndIsNotWaitedFor() {
        NodeRun run = new NodeRun("fra1", 7);
        assertThat(run.fromStart).isFalse();
        run.begin(7, true, 0);
        run.part(2, 9); // the stream was read from a time inside round 7
        assertThat(run.currentWhole()).isTrue();
        run.current.add(event(40));
        run.begin(8, true, 0);
        assertThat(delivered(run)).containsExactly(40L);
    }

    @Test
    void withoutJetStreamNothingIsWaitedFor() {
        NodeRun run = new NodeRun("fra1", 1);
        run.begin(1, false, 0);
        run.part(1, 3);
        run.current.add(event(1));
        run.begin(4, false, 0);
        assertThat(delivered(run)).containsExactly(1L);
    }
}
