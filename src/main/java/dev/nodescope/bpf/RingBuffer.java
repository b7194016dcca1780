package dev.nodescope.bpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Reader of a BPF_MAP_TYPE_RINGBUF, mapped straight into Java memory.
 *
 * <p>libbpf's ring_buffer__poll calls a C callback per record; from Java that is one FFM upcall
 * per event. Reading the shared pages ourselves costs a few memory loads per record instead,
 * which is what lets one thread keep up with millions of events per second. The protocol is the
 * kernel's (kernel/bpf/ringbuf.c): the producer position and each record's 8-byte header are read
 * with acquire semantics, the consumer position is published with release semantics.
 *
 * <p>The kernel offers the data area twice back to back, so that a record which wraps around the
 * end is contiguous; but it maps every page of a ring buffer when it is mapped, and the second
 * copy would double the ring's share of the resident set (32 MiB for the default 16 MiB ring, a
 * quarter of record's and metrics' budget beside a node). The data is mapped once instead, and
 * the one record per lap of the ring that wraps is copied whole into {@link #wrapped} before it
 * is handed out. A header never wraps: records are 8-byte aligned and the ring is a power of 2 of
 * at least a page.
 */
public final class RingBuffer implements AutoCloseable {
    private static final int BUSY_BIT = 1 << 31;
    private static final int DISCARD_BIT = 1 << 30;
    private static final int HEADER_SIZE = 8;
    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private static final VarHandle INT = JAVA_INT.varHandle();

    /** Receives each committed record; {@code data} is only valid during the call. */
    @FunctionalInterface
    public interface RecordHandler {
        void onRecord(MemorySegment data, long offset, int length);
    }

    private final int mapFd;
    private final long size;
    private final long mask;
    private final long pageSize;
    private final MemorySegment consumerPage;
    private final MemorySegment producerPages;
    private final int epollFd;
    private final Arena waitArena = Arena.ofShared();
    private final MemorySegment epollEvent;
    private final MemorySegment errno;
    /** Where a record that wraps around the end is put together; grown to the longest seen. */
    private MemorySegment wrapped = MemorySegment.NULL;
    private boolean closed;
    /** In-memory rings: the header of the record {@link #produceBusy} left busy (-1: none). */
    private long busyHeader = -1;

    /** Maps ring buffer map {@code mapFd} whose max_entries is {@code size} (a power of 2). */
    public RingBuffer(int mapFd, long size) {
        this.mapFd = mapFd;
        this.size = size;
        this.mask = size - 1;
        this.pageSize = Libc.pageSize();
        this.consumerPage = Libc.mmap(pageSize, Libc.PROT_READ | Libc.PROT_WRITE, mapFd, 0);
        this.producerPages = Libc.mmap(pageSize + size, Libc.PROT_READ, mapFd, pageSize);
        this.epollFd = Libc.epollCreate();
        Libc.epollAdd(epollFd, mapFd);
        this.epollEvent = waitArena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
        this.errno = Native.newErrnoState(waitArena);
    }

    private RingBuffer(long size) {
        this.mapFd = -1;
        this.size = size;
        this.mask = size - 1;
        this.pageSize = Libc.pageSize();
        this.consumerPage = Libc.mmapAnonymous(pageSize);
        this.producerPages = Libc.mmapAnonymous(pageSize + size);
        this.epollFd = -1;
        this.epollEvent = null;
        this.errno = null;
    }

    /**
     * A ring of {@code size} bytes (a power of 2) in this process's memory, laid out and mapped as
     * the kernel's, filled by {@link #produce} instead of BPF programs: {@link #drain} reads it with
     * the very code that reads the kernel's (a tool's rehearsal before attaching, tests).
     */
    public static RingBuffer inMemory(long size) {
        if (size <= 0 || (size & (size - 1)) != 0) {
            throw new IllegalArgumentException("a ring's size is a power of 2: " + size);
        }
        return new RingBuffer(size);
    }

    /**
     * Writes one record as the kernel's bpf_ringbuf_submit would (in-memory rings only): its bytes,
     * then its header, then the producer position, released. Returns false when the ring has no
     * room for it (nothing is written).
     */
    public boolean produce(MemorySegment from, long offset, int length) {
        return produce(from, offset, length, false);
    }

    /**
     * As {@link #produce}, but the record stays marked busy, as one a BPF program is still writing,
     * until {@link #commitBusy()}: a reader stops at it. At most one such record at a time.
     */
    public boolean produceBusy(MemorySegment from, long offset, int length) {
        if (busyHeader >= 0) {
            throw new IllegalStateException("a busy record is waiting for its commit");
        }
        return produce(from, offset, length, true);
    }

    /** Commits the record {@link #produceBusy} left busy. */
    public void commitBusy() {
        if (busyHeader < 0) {
            throw new IllegalStateException("no busy record");
        }
        int header = (int) INT.getAcquire(producerPages, busyHeader);
        INT.setRelease(producerPages, busyHeader, header & ~BUSY_BIT);
        busyHeader = -1;
    }

    private boolean produce(MemorySegment from, long offset, int length, boolean busy) {
        if (mapFd >= 0) {
            throw new IllegalStateException("the kernel produces into a BPF map's ring");
        }
        long producer = (long) LONG.getAcquire(producerPages, 0L);
        long consumer = (long) LONG.getAcquire(consumerPage, 0L);
        long room = (length + HEADER_SIZE + 7) & ~7L;
        if (producer + room - consumer > size) {
            return false;
        }
        long headerOffset = pageSize + (producer & mask);
        long dataOffset = headerOffset + HEADER_SIZE;
        // what runs past the end of the data continues at its start, as in the kernel's ring
        long beforeEnd = Math.min(length, pageSize + size - dataOffset);
        MemorySegment.copy(from, offset, producerPages, dataOffset, beforeEnd);
        MemorySegment.copy(from, offset + beforeEnd, producerPages, pageSize, length - beforeEnd);
        INT.setRelease(producerPages, headerOffset, busy ? length | BUSY_BIT : length);
        if (busy) {
            busyHeader = headerOffset;
        }
        LONG.setRelease(producerPages, 0L, producer + room);
        return true;
    }

    /**
     * Hands every committed record to {@code handler}, in ring order, and frees its space.
     * Stops at the first record still being written. Returns the number of records handled. A
     * handler that throws still consumes its record: the exception leaves after the position moved.
     */
    public int drain(RecordHandler handler) {
        long consumer = (long) LONG.getAcquire(consumerPage, 0L);
        int handled = 0;
        while (true) {
            long producer = (long) LONG.getAcquire(producerPages, 0L);
            if (consumer >= producer) {
                return handled;
            }
            while (consumer < producer) {
                long headerOffset = pageSize + (consumer & mask);
                int header = (int) INT.getAcquire(producerPages, headerOffset);
                if ((header & BUSY_BIT) != 0) {
                    return handled;
                }
                int length = header & ~(BUSY_BIT | DISCARD_BIT);
                consumer += (length + HEADER_SIZE + 7) & ~7L;
                try {
                    if ((header & DISCARD_BIT) == 0) {
                        handled++;
                        long start = headerOffset + HEADER_SIZE;
                        long beforeEnd = pageSize + size - start;
                        if (length <= beforeEnd) {
                            handler.onRecord(producerPages, start, length);
                        } else {
                            handler.onRecord(joined(start, beforeEnd, length), 0, length);
                        }
                    }
                } finally {
                    // free the space at once so the producer never waits on a whole batch; also when
                    // the handler throws: the record was handed out once and must not be again
                    LONG.setRelease(consumerPage, 0L, consumer);
                }
            }
        }
    }

    /** The record of {@code length} bytes at {@code start} whose last bytes wrapped to the ring's start, in one piece. */
    private MemorySegment joined(long start, long beforeEnd, int length) {
        if (wrapped.byteSize() < length) {
            // freed by the GC once replaced: a longer record wraps rarely (the longest is one size class)
            wrapped = Arena.ofAuto().allocate(length, 8);
        }
        MemorySegment.copy(producerPages, start, wrapped, 0, beforeEnd);
        MemorySegment.copy(producerPages, pageSize, wrapped, beforeEnd, length - beforeEnd);
        return wrapped;
    }

    /** Bytes written by the kernel and not yet consumed. */
    public long pending() {
        long producer = (long) LONG.getAcquire(producerPages, 0L);
        long consumer = (long) LONG.getAcquire(consumerPage, 0L);
        return producer - consumer;
    }

    /**
     * Sleeps until the kernel forces a wake-up (the ring filled past the BPF side's threshold) or
     * {@code timeoutMs} passes. Records submitted without a wake-up are found by the next drain.
     */
    public void await(int timeoutMs) {
        if (epollFd >= 0) {
            Libc.epollWait(epollFd, epollEvent, errno, timeoutMs);
        }
    }

    public long size() {
        return size;
    }

    public int mapFd() {
        return mapFd;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.munmap(producerPages);
        Libc.munmap(consumerPage);
        if (epollFd >= 0) {
            Libc.close(epollFd);
        }
        waitArena.close();
    }
}
