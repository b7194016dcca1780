package dev.nodescope.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory ring a rehearsal fills (RingBuffer.inMemory): the kernel's layout, read back by drain. */
class InMemoryRingTest {
    private static final long SIZE = 4096;

    /** A record of {@code length} bytes whose byte k is (tag + k). */
    private static MemorySegment record(Arena arena, int tag, int length) {
        MemorySegment r = arena.allocate(length);
        for (int k = 0; k < length; k++) {
            r.set(ValueLayout.JAVA_BYTE, k, (byte) (tag + k));
        }
        return r;
    }

    private static byte[] bytes(MemorySegment data, long offset, int length) {
        byte[] b = new byte[length];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, b, 0, length);
        return b;
    }

    @Test
    void recordsComeOutWholeAndInOrderAcrossTheEndOfTheRing() {
        try (Arena arena = Arena.ofConfined(); RingBuffer ring = RingBuffer.inMemory(SIZE)) {
            List<byte[]> written = new ArrayList<>();
            List<byte[]> read = new ArrayList<>();
            // lengths that are not multiples of 8, so records start all over the ring and some wrap
            int tag = 0;
            for (int round = 0; round < 80; round++) {
                int length = 97 + 13 * (round % 7);
                MemorySegment r = record(arena, tag, length);
                if (!ring.produce(r, 0, length)) {
                    assertThat(ring.drain((d, o, n) -> read.add(bytes(d, o, n)))).isPositive();
                    assertThat(ring.pending()).isZero();
                    assertThat(ring.produce(r, 0, length)).isTrue();
                }
                written.add(bytes(r, 0, length));
                tag += 3;
            }
            ring.drain((d, o, n) -> read.add(bytes(d, o, n)));
            assertThat(read).hasSize(80);
            for (int i = 0; i < 80; i++) {
                assertThat(read.get(i)).as("record %d", i).isEqualTo(written.get(i));
            }
            // 80 records of 97..175 bytes (+ 8-byte header, 8-aligned) went around a 4 KiB ring more than once
            long total = 0;
            for (byte[] b : written) {
                total += (b.length + 8 + 7) & ~7L;
            }
            assertThat(total).isGreaterThan(2 * SIZE);
        }
    }

    @Test
    void aFullRingTakesNothingMore() {
        try (Arena arena = Arena.ofConfined(); RingBuffer ring = RingBuffer.inMemory(SIZE)) {
            MemorySegment r = record(arena, 1, 504); // 512 bytes with its header
            for (int i = 0; i < 8; i++) {
                assertThat(ring.produce(r, 0, 504)).isTrue();
            }
            assertThat(ring.pending()).isEqualTo(SIZE);
            assertThat(ring.produce(r, 0, 1)).isFalse();
            assertThat(ring.drain((d, o, n) -> { })).isEqualTo(8);
            assertThat(ring.produce(r, 0, 504)).isTrue();
        }
    }

    @Test
    void aReaderStopsAtARecordStillBeingWritten() {
        try (Arena arena = Arena.ofConfined(); RingBuffer ring = RingBuffer.inMemory(SIZE)) {
            List<byte[]> read = new ArrayList<>();
            assertThat(ring.produce(record(arena, 1, 10), 0, 10)).isTrue();
            assertThat(ring.produceBusy(record(arena, 2, 20), 0, 20)).isTrue();
            assertThat(ring.produce(record(arena, 3, 30), 0, 30)).isTrue();
            assertThat(ring.drain((d, o, n) -> read.add(bytes(d, o, n)))).isEqualTo(1);
            assertThat(read).hasSize(1);
            ring.commitBusy();
            assertThat(ring.drain((d, o, n) -> read.add(bytes(d, o, n)))).isEqualTo(2);
            assertThat(read).extracting(b -> b.length).containsExactly(10, 20, 30);
            assertThat(read.get(1)[0]).isEqualTo((byte) 2);
            assertThatThrownBy(ring::commitBusy).isInstanceOf(IllegalStateException.class).hasMessage("no busy record");
        }
    }

    @Test
    void onlyPowersOfTwo() {
        assertThatThrownBy(() -> RingBuffer.inMemory(3000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a ring's size is a power of 2: 3000");
    }
}
