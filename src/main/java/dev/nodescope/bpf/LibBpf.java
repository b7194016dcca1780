package dev.nodescope.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * FFM bindings to the system libbpf (libbpf.so.1, 1.1+). Only what nodescope uses: open from
 * memory, load, USDT attach, maps. libbpf's log goes through {@link #recentLog()} instead of stderr.
 */
final class LibBpf {
    static final String LIBRARY = "libbpf.so.1";

    private static volatile LibBpf instance;

    final MethodHandle openMem;
    final MethodHandle load;
    final MethodHandle close;
    final MethodHandle findProgram;
    final MethodHandle attachUsdt;
    final MethodHandle linkDestroy;
    final MethodHandle findMap;
    final MethodHandle mapFd;
    final MethodHandle mapSetMaxEntries;
    final MethodHandle mapUpdateElem;
    final MethodHandle mapLookupElem;
    final MethodHandle numPossibleCpus;
    final MethodHandle strerror;
    final MethodHandle majorVersion;
    final MethodHandle minorVersion;

    /** The last libbpf warnings, kept to explain a failed load or attach in one line. */
    private final Deque<String> log = new ArrayDeque<>();

    private LibBpf(SymbolLookup lib) {
        openMem = Native.bindWithErrno(lib, "bpf_object__open_mem", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        load = Native.bind(lib, "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        close = Native.bind(lib, "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
        findProgram = Native.bind(lib, "bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        attachUsdt = Native.bindWithErrno(lib, "bpf_program__attach_usdt",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        linkDestroy = Native.bind(lib, "bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        findMap = Native.bind(lib, "bpf_object__find_map_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        mapFd = Native.bind(lib, "bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        mapSetMaxEntries = Native.bind(lib, "bpf_map__set_max_entries", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        mapUpdateElem = Native.bindWithErrno(lib, "bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        mapLookupElem = Native.bindWithErrno(lib, "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        numPossibleCpus = Native.bind(lib, "libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
        strerror = Native.bind(lib, "libbpf_strerror", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
        majorVersion = Native.bind(lib, "libbpf_major_version", FunctionDescriptor.of(JAVA_INT));
        minorVersion = Native.bind(lib, "libbpf_minor_version", FunctionDescriptor.of(JAVA_INT));
        installPrintCallback(lib);
    }

    /** Loads libbpf once; throws {@link BpfException} with an install hint when it is missing. */
    static LibBpf get() {
        LibBpf lib = instance;
        if (lib == null) {
            synchronized (LibBpf.class) {
                lib = instance;
                if (lib == null) {
                    SymbolLookup lookup;
                    try {
                        lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
                    } catch (IllegalArgumentException e) {
                        throw new BpfException(LIBRARY + " not found: install it (apt-get install libbpf1)", 0);
                    }
                    lib = new LibBpf(lookup);
                    instance = lib;
                }
            }
        }
        return lib;
    }

    String version() {
        try {
            return (int) majorVersion.invokeExact() + "." + (int) minorVersion.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    String describe(int error) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int ignored = (int) strerror.invokeExact(error, buf, 256L);
            return buf.getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    synchronized List<String> recentLog() {
        return new ArrayList<>(log);
    }

    synchronized void clearLog() {
        log.clear();
    }

    private synchronized void remember(String line) {
        if (log.size() == 200) {
            log.removeFirst();
        }
        log.addLast(line);
    }

    // ---- libbpf_set_print: format with vsnprintf, keep warnings, drop debug chatter ------------

    private static final int LIBBPF_WARN = 0;
    private MethodHandle vsnprintf;

    private void installPrintCallback(SymbolLookup lib) {
        vsnprintf = Native.bind(Native.LINKER.defaultLookup(), "vsnprintf",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        try {
            MethodHandle target = MethodHandles.lookup().bind(this, "onPrint",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            // libbpf keeps the pointer forever: the stub must live in the global arena
            MemorySegment stub = Native.LINKER.upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            MethodHandle setPrint = Native.bind(lib, "libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
            MemorySegment ignored = (MemorySegment) setPrint.invokeExact(stub);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Upcall from libbpf: must never throw (an exception in an upcall kills the JVM). */
    private int onPrint(int level, MemorySegment format, MemorySegment vaList) {
        try {
            if (level > LIBBPF_WARN && !Boolean.getBoolean("nodescope.libbpf.debug")) {
                return 0;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(2048);
                int ignored = (int) vsnprintf.invokeExact(buf, 2048L, format, vaList);
                String line = buf.getString(0).strip();
                if (!line.isEmpty()) {
                    remember(line);
                    if (Boolean.getBoolean("nodescope.libbpf.debug")) {
                        System.err.println("libbpf: " + line);
                    }
                }
            }
        } catch (Throwable ignored) {
            // nothing sensible to do inside a native callback
        }
        return 0;
    }

    static boolean available() {
        try {
            get();
            return true;
        } catch (BpfException | UnsatisfiedLinkError e) {
            return false;
        }
    }
}
