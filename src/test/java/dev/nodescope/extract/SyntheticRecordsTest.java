package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Attached;
import dev.nodescope.event.Event;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.event.TracepointEvent;
import dev.nodescope.event.UtxoCacheAdd;
import dev.nodescope.stream.EventSink;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rehearsal's source: real record layouts through the live source's own decoding, nothing else. */
class SyntheticRecordsTest {
    /** Collects what a sink wanting {@code wanted} gets. */
    private static class Collecting implements EventSink {
        final Set<Tracepoint> wanted;
        final List<Event> events = new ArrayList<>();
        int flushes;

        Collecting(Set<Tracepoint> wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean wants(Tracepoint tracepoint) {
            return wanted.contains(tracepoint);
        }

        @Override
        public void accept(Event event) {
            events.add(event);
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private static List<TracepointEvent> tracepointEvents(Collecting sink) {
        return sink.events.stream().filter(e -> e instanceof TracepointEvent).map(e -> (TracepointEvent) e).toList();
    }

    @Test
    void everyTracepointDecodesIntoItsOwnEventInTurn() {
        Set<Tracepoint> all = EnumSet.allOf(Tracepoint.class);
        Collecting sink = new Collecting(all);
        new SyntheticRecords(all, 0, "rehearsal-node", 3 * Tracepoint.count()).run(sink);

        List<TracepointEvent> events = tracepointEvents(sink);
        assertThat(events).hasSize(3 * Tracepoint.count());
        List<Tracepoint> order = List.copyOf(all);
        for (int i = 0; i < events.size(); i++) {
            TracepointEvent e = events.get(i);
            assertThat(e.tracepoint()).as("event %d", i).isEqualTo(order.get(i % order.size()));
            assertThat(e).isInstanceOf(e.tracepoint().eventType());
            assertThat(e.meta().node()).isEqualTo("rehearsal-node");
            assertThat(e.meta().pid()).isEqualTo(4242);
            assertThat(e.meta().seq()).isEqualTo(i + 1); // after the round's Attached
        }
        // one Attached opens the round, naming what is rehearsed
        Attached attached = (Attached) sink.events.getFirst();
        assertThat(attached.tracepoints()).hasSize(Tracepoint.count());
        assertThat(attached.binary()).isEqualTo("rehearsal");
        // values as written: a utxo's txid is 32 random bytes in RPC hex, a message carries no payload without --payload
        UtxoCacheAdd add = (UtxoCacheAdd) events.stream().filter(e -> e instanceof UtxoCacheAdd).findFirst().orElseThrow();
        assertThat(HexFormat.of().parseHex(add.txid())).hasSize(32);
        assertThat(add.vout()).isBetween(0L, 3L);
        InboundMessage in = (InboundMessage) events.getFirst();
        assertThat(in.msgType()).isEqualTo("inv");
        assertThat(in.size()).isEqualTo(37);
        assertThat(in.captured()).isZero();
        assertThat(in.payload()).isNull();
        assertThat(in.addr()).isEqualTo("203.0.113.7:8333");
        // the time moves 50 µs per record
        assertThat(events.get(1).meta().monoNs() - events.get(0).meta().monoNs()).isEqualTo(50_000);
        assertThat(sink.flushes).isEqualTo(1);
    }

    @Test
    void payloadsAreCopiedAsTheLiveSourceCopiesThem() {
        Set<Tracepoint> messages = EnumSet.of(Tracepoint.NET_INBOUND_MESSAGE);
        Collecting sink = new Collecting(messages);
        new SyntheticRecords(messages, 4, "n", 7).run(sink);
        List<TracepointEvent> events = tracepointEvents(sink);
        assertThat(events).extracting(e -> ((MessageEvent) e).msgType())
                .containsExactly("inv", "getdata", "ping", "pong", "feefilter", "sendcmpct", "verack");
        MessageEvent inv = (MessageEvent) events.getFirst();
        // at most payloadMax bytes, marked truncated when the payload is longer
        assertThat(inv.captured()).isEqualTo(4);
        assertThat(inv.payload()).containsExactly(1, 1, 0, 0);
        assertThat(inv.truncated()).isTrue();
        MessageEvent verack = (MessageEvent) events.getLast();
        assertThat(verack.captured()).isZero();
        assertThat(verack.truncated()).isFalse();
    }

    @Test
    void onlyWhatTheSinkWantsIsDelivered() {
        Set<Tracepoint> selected = EnumSet.of(Tracepoint.UTXOCACHE_ADD, Tracepoint.MEMPOOL_ADDED);
        Collecting sink = new Collecting(EnumSet.of(Tracepoint.MEMPOOL_ADDED));
        new SyntheticRecords(selected, 0, "n", 10).run(sink);
        assertThat(tracepointEvents(sink)).hasSize(10).allMatch(e -> e.tracepoint() == Tracepoint.MEMPOOL_ADDED);

        Collecting none = new Collecting(EnumSet.noneOf(Tracepoint.class));
        new SyntheticRecords(selected, 0, "n", 10).run(none);
        assertThat(none.events).isEmpty();
    }

    @Test
    void withoutALimitItRunsUntilTheJitIsQuietAndCanBeStopped() {
        Set<Tracepoint> selected = EnumSet.of(Tracepoint.UTXOCACHE_ADD);
        Collecting sink = new Collecting(selected) {
            @Override
            public void accept(Event event) {
                // kept nowhere: millions of events would not fit the list (the source counts them)
            }
        };
        SyntheticRecords rehearsal = new SyntheticRecords(selected, 0, "n", 0);
        rehearsal.run(sink);
        assertThat(rehearsal.stats().received(Tracepoint.UTXOCACHE_ADD)).isGreaterThanOrEqualTo(dev.nodescope.tool.Tool.REHEARSAL_EVENTS);

        SyntheticRecords stopped = new SyntheticRecords(selected, 0, "n", 0);
        stopped.stop();
        stopped.run(sink);
        assertThat(stopped.stats().received(Tracepoint.UTXOCACHE_ADD)).isZero();
    }
}
