package dev.nodescope.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** The few libc calls the ring-buffer reader and the clock need. */
public final class Libc {
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    static final int MAP_ANONYMOUS = 0x20;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLLIN = 1;
    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EINTR = 4;
    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    /** sizeof(struct epoll_event) on x86-64: it is packed (u32 events, u64 data). */
    static final long EPOLL_EVENT_SIZE = 12;

    private static final SymbolLookup LIBC = Native.LINKER.defaultLookup();
    private static final MethodHandle MMAP = Native.bindWithErrno(LIBC, "mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Native.bind(LIBC, "munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle EPOLL_CREATE1 = Native.bindWithErrno(LIBC, "epoll_create1",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = Native.bindWithErrno(LIBC, "epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = Native.bindWithErrno(LIBC, "epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = Native.bind(LIBC, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOCK_GETTIME = Native.bind(LIBC, "clock_gettime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SYSCONF = Native.bind(LIBC, "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle ISATTY = Native.bind(LIBC, "isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETEUID = Native.bind(LIBC, "geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle POLL = Native.bind(LIBC, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle STRERROR = Native.bind(LIBC, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    /** glibc's malloc_trim, absent from other C libraries (then nothing is trimmed). */
    private static final MethodHandle MALLOC_TRIM = LIBC.find("malloc_trim")
            .map(s -> Native.LINKER.downcallHandle(s, FunctionDescriptor.of(JAVA_INT, JAVA_LONG))).orElse(null);
    private static final int SC_PAGESIZE = 30;
    private static final short POLLERR = 0x008;
    private static final short POLLHUP = 0x010;

    private Libc() {
    }

    /**
     * Hands the memory malloc holds free back to the system (glibc's malloc_trim): after a burst of
     * native allocations that are over (the JIT's compilations of a rehearsal), so they do not stay
     * in the resident set for the life of the process. Nothing where the C library has no such call.
     */
    public static void releaseFreeMemory() {
        if (MALLOC_TRIM == null) {
            return;
        }
        try {
            int ignored = (int) MALLOC_TRIM.invokeExact(0L);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static long pageSize() {
        try {
            return (long) SYSCONF.invokeExact(SC_PAGESIZE);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Whether file descriptor {@code fd} (0 stdin, 1 stdout, 2 stderr) is a terminal. */
    public static boolean isatty(int fd) {
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Whether the reader at the other end of {@code fd} has gone: the kernel flags the write end of
     * a pipe without readers (and a socket whose peer left) with POLLERR or POLLHUP. A file or a
     * terminal never is. Asked after a write failed, it tells {@code nodescope log | head} ending
     * the pipe from a real write error, without reading the error's text.
     */
    public static boolean readerGone(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
            pollfd.set(JAVA_INT, 0, fd);
            int n = (int) POLL.invokeExact(pollfd, 1L, 0);
            short revents = pollfd.get(JAVA_SHORT, 6);
            return n > 0 && (revents & (POLLERR | POLLHUP)) != 0;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Maps {@code length} bytes of {@code fd} at {@code offset}; throws {@link BpfException} on failure. */
    static MemorySegment mmap(long length, int prot, int fd, long offset) {
        return mmap(length, prot, MAP_SHARED, fd, offset);
    }

    /** Zeroed private memory, mapped like a ring buffer's pages (the same kind of segment) but of no map. */
    static MemorySegment mmapAnonymous(long length) {
        return mmap(length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }

    private static MemorySegment mmap(long length, int prot, int flags, int fd, long offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.newErrnoState(arena);
            MemorySegment addr = (MemorySegment) MMAP.invokeExact(errno, MemorySegment.NULL, length, prot, flags, fd, offset);
            if (addr.address() == -1L) {
                int e = Native.errno(errno);
                throw new BpfException("mmap of the ring buffer failed: " + strerror(e), -e);
            }
            return addr.reinterpret(length);
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void munmap(MemorySegment segment) {
        try {
            int ignored = (int) MUNMAP.invokeExact(segment, segment.byteSize());
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static int epollCreate() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.newErrnoState(arena);
            int fd = (int) EPOLL_CREATE1.invokeExact(errno, EPOLL_CLOEXEC);
            if (fd < 0) {
                throw new BpfException("epoll_create1 failed: " + strerror(Native.errno(errno)), -Native.errno(errno));
            }
            return fd;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void epollAdd(int epfd, int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Native.newErrnoState(arena);
            MemorySegment event = arena.allocate(EPOLL_EVENT_SIZE);
            event.set(JAVA_INT, 0, EPOLLIN);
            int rc = (int) EPOLL_CTL.invokeExact(errno, epfd, EPOLL_CTL_ADD, fd, event);
            if (rc < 0) {
                throw new BpfException("epoll_ctl failed: " + strerror(Native.errno(errno)), -Native.errno(errno));
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Waits up to {@code timeoutMs} for the fd to become readable; returns false on timeout or signal. */
    static boolean epollWait(int epfd, MemorySegment eventBuffer, MemorySegment errno, int timeoutMs) {
        try {
            int n = (int) EPOLL_WAIT.invokeExact(errno, epfd, eventBuffer, 1, timeoutMs);
            if (n < 0 && Native.errno(errno) != EINTR) {
                throw new BpfException("epoll_wait failed: " + strerror(Native.errno(errno)), -Native.errno(errno));
            }
            return n > 0;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The kernel's CLOCK_MONOTONIC, the clock of bpf_ktime_get_ns(), in ns. */
    public static long monotonicNanos() {
        return clockNanos(CLOCK_MONOTONIC);
    }

    public static long realtimeNanos() {
        return clockNanos(CLOCK_REALTIME);
    }

    private static long clockNanos(int clock) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(16, 8);
            int rc = (int) CLOCK_GETTIME.invokeExact(clock, ts);
            if (rc != 0) {
                throw new IllegalStateException("clock_gettime failed");
            }
            return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
