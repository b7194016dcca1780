package dev.nodescope.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Tracepoint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SourceStatsTest {
    private static final int IN = Tracepoint.NET_INBOUND_MESSAGE.id();

    @Test
    void aSnapshotDoesNotMoveWhenTheSourceCountsOn() {
        SourceStats.Tally tally = new SourceStats.Tally();
        tally.setHits(IN, 10);
        tally.received(IN);
        tally.setLost(LossStage.RING_RESERVE, IN, 9);
        SourceStats before = tally.snapshot();
        tally.setHits(IN, 20);
        tally.received(IN);
        tally.setLost(LossStage.RING_RESERVE, IN, 18);
        tally.addDecodeErrors(3);
        assertThat(before.hits(Tracepoint.NET_INBOUND_MESSAGE)).isEqualTo(10);
        assertThat(before.received(Tracepoint.NET_INBOUND_MESSAGE)).isEqualTo(1);
        assertThat(before.lost(LossStage.RING_RESERVE, Tracepoint.NET_INBOUND_MESSAGE)).isEqualTo(9);
        assertThat(before.eventsLost()).isEqualTo(9);
        assertThat(tally.snapshot().eventsLost()).isEqualTo(18 + 3);
    }

    @Test
    void onlyStagesThatLoseTheEventCountAsEventsLost() {
        SourceStats.Tally tally = new SourceStats.Tally(LossStage.values());
        for (LossStage stage : LossStage.values()) {
            tally.addLost(stage, IN, 1);
        }
        SourceStats s = tally.snapshot();
        assertThat(s.stages()).containsExactly(LossStage.values());
        // ring_reserve, decode, queue, publish, consume: the event is gone; payload_dropped, read_user, truncated: it came with less
        assertThat(s.eventsLost()).isEqualTo(5);
        assertThat(Arrays.stream(LossStage.values()).filter(LossStage::eventLost).map(LossStage::jsonName))
                .containsExactly("ring_reserve", "decode", "queue", "publish", "consume");
    }

    @Test
    void aLiveTallyCountsTheKernelStagesAndIgnoresOthers() {
        SourceStats.Tally tally = new SourceStats.Tally();
        tally.addLost(LossStage.QUEUE, IN, 5);
        SourceStats s = tally.snapshot();
        assertThat(s.stages()).containsExactly(LossStage.RING_RESERVE, LossStage.PAYLOAD_DROPPED, LossStage.READ_USER,
                LossStage.TRUNCATED);
        assertThat(s.lost(LossStage.QUEUE, Tracepoint.NET_INBOUND_MESSAGE)).isZero();
        assertThat(LossStage.byName("payload_dropped")).contains(LossStage.PAYLOAD_DROPPED);
        assertThat(LossStage.byName("nope")).isEmpty();
        assertThat(SourceStats.empty().totalReceived()).isZero();
    }
}
