package dev.nodescope.bpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A BPF ELF object loaded into the kernel from memory (the object ships inside the jar).
 * Closing it detaches every link and frees programs and maps.
 */
public final class BpfObject implements AutoCloseable {
    /** errno of a refusal for want of privilege (uprobes without CAP_SYS_ADMIN on kernels since July 2025). */
    private static final int EACCES = 13;
    private final LibBpf lib;
    /** Holds the ELF buffer and open options: libelf reads the buffer in place, so it lives as long as the object. */
    private final Arena arena;
    private final MemorySegment object;
    private final List<UsdtLink> links = new ArrayList<>();
    private final int possibleCpus;
    private boolean closed;

    private BpfObject(LibBpf lib, Arena arena, MemorySegment object) throws Throwable {
        this.lib = lib;
        this.arena = arena;
        this.object = object;
        this.possibleCpus = (int) lib.numPossibleCpus.invokeExact();
    }

    /**
     * Opens {@code elf}, sizes the given maps, and loads (verifies) every program.
     *
     * @param mapSizes pairs of map name and max_entries to set before load (e.g. the ring size)
     */
    public static BpfObject load(String name, byte[] elf, Object... mapSizes) {
        LibBpf lib = LibBpf.get();
        lib.clearLog();
        Arena arena = Arena.ofShared();
        try {
            // libelf does not copy the buffer: it must outlive load, so it lives in the object's arena
            MemorySegment buffer = arena.allocate(elf.length, 8);
            MemorySegment.copy(elf, 0, buffer, JAVA_BYTE, 0, elf.length);
            MemorySegment opts = arena.allocate(80, 8); // struct bpf_object_open_opts (libbpf 1.1)
            opts.set(JAVA_LONG, 0, 80);
            opts.set(JAVA_LONG, 8, arena.allocateFrom(name).address());
            MemorySegment errno = Native.newErrnoState(arena);
            MemorySegment obj = (MemorySegment) lib.openMem.invokeExact(errno, buffer, (long) elf.length, opts);
            if (obj.address() == 0) {
                int e = Native.errno(errno);
                arena.close();
                throw new BpfException("cannot open the BPF object: " + lib.describe(-e) + lastLog(lib), -e);
            }
            BpfObject bpf = new BpfObject(lib, arena, obj);
            for (int i = 0; i < mapSizes.length; i += 2) {
                MemorySegment map = bpf.map((String) mapSizes[i]);
                int rc = (int) lib.mapSetMaxEntries.invokeExact(map, ((Number) mapSizes[i + 1]).intValue());
                if (rc != 0) {
                    bpf.close();
                    throw new BpfException("cannot size map " + mapSizes[i] + ": " + lib.describe(rc), rc);
                }
            }
            int rc = (int) lib.load.invokeExact(obj);
            if (rc != 0) {
                bpf.close();
                throw new BpfException("the kernel refused the BPF programs: " + lib.describe(rc) + lastLog(lib), rc);
            }
            return bpf;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static String lastLog(LibBpf lib) {
        List<String> log = lib.recentLog();
        return log.isEmpty() ? "" : " (libbpf: " + log.getLast() + ")";
    }

    /**
     * Attaches program {@code program} to USDT {@code provider:name} of {@code binary}.
     * {@code pid} -1 attaches to every process running the binary, now and later; libbpf raises
     * the tracepoint's semaphore through the kernel's uprobe reference counter either way.
     */
    public synchronized UsdtLink attachUsdt(String program, int pid, Path binary, String provider, String name) {
        checkOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment prog = (MemorySegment) lib.findProgram.invokeExact(object, call.allocateFrom(program));
            if (prog.address() == 0) {
                throw new BpfException("no BPF program named " + program, -2);
            }
            lib.clearLog();
            MemorySegment errno = Native.newErrnoState(call);
            MemorySegment link = (MemorySegment) lib.attachUsdt.invokeExact(errno, prog, pid,
                    call.allocateFrom(binary.toString()), call.allocateFrom(provider), call.allocateFrom(name),
                    MemorySegment.NULL);
            if (link.address() == 0) {
                int e = Native.errno(errno);
                throw new BpfException("cannot attach to " + provider + ":" + name + " in " + binary + ": "
                        + lib.describe(-e) + lastLog(lib) + (e == EACCES ? Privileges.uprobeRefusal() : ""), -e);
            }
            UsdtLink attached = new UsdtLink(this, link, provider + ":" + name);
            links.add(attached);
            return attached;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    synchronized void destroy(UsdtLink link) {
        if (closed || !links.remove(link)) {
            return;
        }
        destroyLink(link);
    }

    private void destroyLink(UsdtLink link) {
        try {
            int ignored = (int) lib.linkDestroy.invokeExact(link.handle());
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Detaches every USDT link (semaphores go back down), keeping programs and maps. */
    public synchronized void detachAll() {
        for (UsdtLink link : links) {
            destroyLink(link);
        }
        links.clear();
    }

    public int mapFd(String name) {
        try {
            return (int) lib.mapFd.invokeExact(map(name));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private MemorySegment map(String name) {
        checkOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment map = (MemorySegment) lib.findMap.invokeExact(object, call.allocateFrom(name));
            if (map.address() == 0) {
                throw new BpfException("no BPF map named " + name, -2);
            }
            return map;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Writes {@code value} at index {@code key} of an array map. */
    public void updateArray(String mapName, int key, byte[] value) {
        int fd = mapFd(mapName);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment k = call.allocate(JAVA_INT);
            k.set(JAVA_INT, 0, key);
            MemorySegment v = call.allocate(value.length, 8);
            MemorySegment.copy(value, 0, v, JAVA_BYTE, 0, value.length);
            MemorySegment errno = Native.newErrnoState(call);
            int rc = (int) lib.mapUpdateElem.invokeExact(errno, fd, k, v, 0L);
            if (rc != 0) {
                int e = Native.errno(errno);
                throw new BpfException("cannot update map " + mapName + ": " + lib.describe(-e), -e);
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * Reads entry {@code key} of a per-CPU array whose values are {@code into.length} u64s, summed
     * over all possible CPUs into {@code into}: one system call for all of an entry's counters.
     */
    public void readPerCpuCounters(String mapName, int key, long[] into) {
        int fd = mapFd(mapName);
        int words = into.length;
        long stride = (8L * words + 7) & ~7L;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment k = call.allocate(JAVA_INT);
            k.set(JAVA_INT, 0, key);
            MemorySegment v = call.allocate(stride * possibleCpus, 8);
            MemorySegment errno = Native.newErrnoState(call);
            int rc = (int) lib.mapLookupElem.invokeExact(errno, fd, k, v);
            if (rc != 0) {
                int e = Native.errno(errno);
                throw new BpfException("cannot read map " + mapName + ": " + lib.describe(-e), -e);
            }
            java.util.Arrays.fill(into, 0);
            for (int cpu = 0; cpu < possibleCpus; cpu++) {
                for (int w = 0; w < words; w++) {
                    into[w] += v.get(JAVA_LONG, stride * cpu + 8L * w);
                }
            }
        } catch (BpfException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static String libbpfVersion() {
        return LibBpf.get().version();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("BPF object closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        detachAll();
        closed = true;
        try {
            lib.close.invokeExact(object);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        } finally {
            arena.close();
        }
    }
}
