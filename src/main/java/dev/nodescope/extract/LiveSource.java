package dev.nodescope.extract;

import dev.nodescope.error.UserException;
import dev.nodescope.bpf.BpfException;
import dev.nodescope.bpf.BpfObject;
import dev.nodescope.bpf.Libc;
import dev.nodescope.bpf.Privileges;
import dev.nodescope.bpf.RingBuffer;
import dev.nodescope.bpf.UsdtLink;
import dev.nodescope.event.Attached;
import dev.nodescope.event.Detached;
import dev.nodescope.event.Loss;
import dev.nodescope.event.Tracepoint;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.LossStage;
import dev.nodescope.stream.RingStats;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.stream.EventSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The live extractor: loads the BPF programs, attaches them to a running bitcoind (by pid, by
 * binary, or found by discovery), and turns ring-buffer records into events on the thread that
 * calls {@link #run}. Kernel-side loss counters are turned into {@code nodescope:loss} events
 * once a second and at the end.
 */
public final class LiveSource implements EventSource {
    /** Executable names taken for a bitcoind by discovery. */
    public static final Set<String> BITCOIND_NAMES = Set.of("bitcoind", "bitcoin-node");
    static final String BPF_OBJECT_RESOURCE = "/native/nodescope.bpf.o";
    /** How often the traced process is checked for exit: one /proc read; an exit is reported within this. */
    private static final long LIVENESS_CHECK_NANOS = 250_000_000L;
    /** The losses the kernel counts per tracepoint, in the order they are reported. */
    private static final LossStage[] KERNEL_STAGES = {LossStage.RING_RESERVE, LossStage.PAYLOAD_DROPPED, LossStage.READ_USER,
            LossStage.TRUNCATED};

    private final Long pid;
    private final Path binary;
    private final Set<Tracepoint> events;
    private final int payloadMax;
    private final long ringBytes;
    private final int pollMillis;
    private final boolean follow;
    private final long housekeepingNanos;
    private final RecordDecoder decoder;
    private final String node;
    /** Runs a tool's rehearsal on synthetic records before attaching (null: none). */
    private volatile Consumer<EventSource> rehearsal;
    /** The rehearsal's source while it runs: a stop ends it too. */
    private volatile SyntheticRecords rehearsing;

    private volatile boolean stopRequested;
    private volatile SourceStats published = SourceStats.empty();
    private volatile RingStats publishedRing;
    private final SourceStats.Tally stats = new SourceStats.Tally(KERNEL_STAGES);
    private final long[] reportedLoss = new long[Tracepoint.count() * KERNEL_STAGES.length];
    /** Each record from the ring to the sink (set by {@link #run}). */
    private RecordDelivery onRecord;
    private final long[] counters = new long[RecordLayout.STAT_COUNT];
    /** The selected tracepoints the sink attaches to (handles or counts): all the kernel ever sees. */
    private Set<Tracepoint> attaching;
    private EventSink sink;
    private long reportedDecodeErrors;
    /** Most bytes seen waiting in the ring before a drain: how close the reader came to losing events. */
    private long ringPeak;
    /** The traced pid for tool events (-1 when attached to a binary). */
    private int currentPid;

    private LiveSource(Builder b) {
        this.pid = b.pid;
        this.binary = b.binary;
        this.events = EnumSet.copyOf(b.events);
        this.payloadMax = b.payloadMax;
        this.ringBytes = b.ringBytes > 0 ? b.ringBytes : (payloadMax > 0 ? 64L << 20 : 16L << 20);
        this.pollMillis = (int) Math.max(1, b.pollInterval.toMillis());
        this.follow = b.follow;
        this.housekeepingNanos = b.lossInterval.toNanos();
        this.decoder = new RecordDecoder(b.node);
        this.node = b.node;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Kernel and user-space counts so far (complete once {@link #run} has returned). */
    @Override
    public SourceStats stats() {
        return published;
    }

    @Override
    public Optional<RingStats> ringStats() {
        return Optional.ofNullable(publishedRing);
    }

    @Override
    public void stop() {
        stopRequested = true;
        SyntheticRecords r = rehearsing;
        if (r != null) {
            r.stop();
        }
    }

    @Override
    public void rehearseFirst(Consumer<EventSource> rehearsal) {
        this.rehearsal = rehearsal;
    }

    /** One attachment to one process (or, with pid -1, to every process of a binary). */
    private record Attachment(int pid, long startTicks, String binary, List<UsdtLink> links, List<String> attached,
                              List<String> missing) {
    }

    @Override
    public void run(EventSink sink) throws Exception {
        this.sink = sink;
        this.attaching = interest(events, sink);
        this.onRecord = new RecordDelivery(decoder, stats, sink);
        // fail on a bad target before touching the kernel, so the error names the real problem
        Resolved first = resolveTarget(follow && pid == null && binary == null);
        if (first == null) {
            return; // stopped while waiting for a bitcoind to appear
        }
        String privilegeProblem = Privileges.problem().orElse(null);
        if (privilegeProblem != null) {
            throw new TargetException(privilegeProblem);
        }
        rehearse();
        if (stopRequested) {
            return;
        }
        try (BpfObject bpf = BpfObject.load("nodescope", loadBpfObject(), "events", ringBytes);
             RingBuffer ring = new RingBuffer(bpf.mapFd("events"), ringBytes)) {
            bpf.updateArray("config", 0, config());
            resetEpochOffset();
            Attachment attachment = attach(bpf, first);
            try {
                loop(bpf, ring, attachment);
            } finally {
                bpf.detachAll();
                ring.drain(onRecord);
                readCounters(bpf);
                reportLosses();
                sink.flush();
                publish(ring);
            }
        }
    }

    /**
     * The tool's rehearsal, if it asked for one: once the target and the privileges are known to be
     * right (a mistake is told at once, not after it), before the ring is mapped, so the
     * compilations' transient memory is given back before the ring's 16-64 MiB become resident.
     */
    private void rehearse() {
        Consumer<EventSource> r = rehearsal;
        if (r == null || stopRequested) {
            return;
        }
        rehearsing = new SyntheticRecords(attaching, payloadMax, node, 0);
        if (stopRequested) {
            rehearsing.stop(); // a stop that came before rehearsing was set
        }
        try {
            r.accept(rehearsing);
        } finally {
            rehearsing = null;
            Libc.releaseFreeMemory();
        }
    }

    private void loop(BpfObject bpf, RingBuffer ring, Attachment attachment) throws Exception {
        long nextHousekeeping = System.nanoTime() + housekeepingNanos;
        long nextLivenessCheck = System.nanoTime() + LIVENESS_CHECK_NANOS;
        while (!stopRequested) {
            ringPeak = Math.max(ringPeak, ring.pending());
            int handled = ring.drain(onRecord);
            long now = System.nanoTime();
            if (now >= nextHousekeeping) {
                readCounters(bpf);
                reportLosses();
                resetEpochOffset();
                publish(ring);
                sink.flush();
                nextHousekeeping = now + housekeepingNanos;
            }
            if (attachment.pid > 0 && now >= nextLivenessCheck) {
                nextLivenessCheck = now + LIVENESS_CHECK_NANOS;
                if (!sameProcess(attachment)) {
                    bpf.detachAll();
                    ring.drain(onRecord);
                    readCounters(bpf);
                    reportLosses();
                    sink.accept(new Detached(decoder.toolMeta(attachment.pid, Libc.monotonicNanos()), "process exited"));
                    sink.flush();
                    if (!follow) {
                        return;
                    }
                    Resolved next = waitForRestart(attachment);
                    if (next == null) {
                        return;
                    }
                    attachment = attach(bpf, next);
                }
            }
            if (handled == 0) {
                sink.flush();
                ring.await(pollMillis);
            }
        }
    }

    private void publish(RingBuffer ring) {
        published = stats.snapshot();
        publishedRing = new RingStats(ringBytes, ring.pending(), ringPeak);
    }

    /**
     * The selected tracepoints someone handles (or counts): only these are attached, so the node
     * neither evaluates arguments nor runs a BPF program for the others.
     */
    private static Set<Tracepoint> interest(Set<Tracepoint> selected, EventSink sink) throws TargetException {
        Set<Tracepoint> attach = EnumSet.noneOf(Tracepoint.class);
        for (Tracepoint tp : selected) {
            if (sink.attaches(tp)) {
                attach.add(tp);
            }
        }
        if (attach.isEmpty()) {
            List<String> handled = new ArrayList<>();
            for (Tracepoint tp : Tracepoint.values()) {
                if (sink.attaches(tp)) {
                    handled.add(tp.fullName());
                }
            }
            throw new TargetException("none of the selected tracepoints is used here: select some of "
                    + (handled.isEmpty() ? "(none)" : String.join(",", handled)) + " with --events");
        }
        return attach;
    }

    // ---- target resolution -----------------------------------------------------------------

    /** A process or binary to attach to, with the probes its ELF notes declare. */
    private record Resolved(int pid, long startTicks, Path attachPath, String displayBinary, List<UsdtProbe> probes) {
    }

    /** Resolves the target; with {@code wait}, waits for a bitcoind to start (null if stopped meanwhile). */
    private Resolved resolveTarget(boolean wait) throws TargetException, InterruptedException {
        if (pid != null) {
            return resolvePid(pid);
        }
        if (binary != null) {
            if (!Files.isRegularFile(binary)) {
                throw TargetException.notABinary(binary);
            }
            return new Resolved(-1, 0, binary.toAbsolutePath(), binary.toAbsolutePath().toString(), readProbes(binary, binary.toString()));
        }
        while (true) {
            List<Long> found = discover(null);
            if (found.size() == 1) {
                return resolvePid(found.getFirst());
            }
            if (found.size() > 1) {
                throw new TargetException("found several bitcoind processes (pids "
                        + found.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "): choose one with --pid");
            }
            if (!wait) {
                throw new TargetException("no running bitcoind found: start one, or give --pid N or --binary PATH"
                        + " (to try nodescope without a node: nodescope demo)");
            }
            if (stopRequested) {
                return null;
            }
            Thread.sleep(200);
        }
    }

    private static List<Long> discover(Path sameBinaryAs) {
        try {
            return ProcessInfo.findProcesses(exe -> {
                String name = stripDeleted(exe).getFileName().toString();
                return sameBinaryAs != null ? stripDeleted(exe).equals(sameBinaryAs) : BITCOIND_NAMES.contains(name);
            });
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path stripDeleted(Path exe) {
        String s = exe.toString();
        return s.endsWith(" (deleted)") ? Path.of(s.substring(0, s.length() - " (deleted)".length())) : exe;
    }

    private Resolved resolvePid(long p) throws TargetException {
        if (p <= 0 || p > Integer.MAX_VALUE || !ProcessInfo.isAlive(p)) {
            throw new TargetException("no process with pid " + p + " is running (check the pid, e.g. with pidof bitcoind)");
        }
        try {
            Path exe = ProcessInfo.executableOf(p);
            long start = ProcessInfo.startTimeTicks(p);
            // attach through /proc/PID/exe: it works across mount namespaces and after an upgrade replaced the file
            Path attachPath = Path.of("/proc", Long.toString(p), "exe");
            String display = stripDeleted(exe).toString();
            return new Resolved((int) p, start, attachPath, display, readProbes(attachPath, display + " (pid " + p + ")"));
        } catch (NoSuchProcessException e) {
            throw new TargetException("no process with pid " + p + " is running (check the pid, e.g. with pidof bitcoind)");
        } catch (IOException e) {
            throw new TargetException("cannot read the executable of pid " + p + ": " + e.getMessage()
                    + " (run as root or as the user running bitcoind)");
        }
    }

    private static List<UsdtProbe> readProbes(Path elf, String what) throws TargetException {
        List<UsdtProbe> probes = StapsdtNotes.readForUser(elf, what);
        boolean any = probes.stream().anyMatch(p -> Tracepoint.byFullName(p.fullName()).isPresent());
        if (!any) {
            throw new TargetException(what + " has no Bitcoin Core tracepoints: use a release build (Linux) or build with"
                    + " -DWITH_USDT=ON (check with: nodescope tracepoints " + elf + ")");
        }
        return probes;
    }

    private Attachment attach(BpfObject bpf, Resolved target) throws TargetException {
        Set<String> present = new LinkedHashSet<>();
        for (UsdtProbe probe : target.probes) {
            present.add(probe.fullName());
        }
        // the exact release decides units (block_connected in µs before v25) and tells runs apart;
        // asked before the probes go in, so the attached event is not later than the first events
        String version = BitcoindVersion.of(target.attachPath, present);
        decoder.blockDurationInMicroseconds(BitcoindVersion.blockDurationInMicroseconds(version));
        List<String> attached = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<UsdtLink> links = new ArrayList<>();
        for (Tracepoint tp : attaching) {
            if (!present.contains(tp.fullName())) {
                missing.add(tp.fullName());
                continue;
            }
            try {
                links.add(bpf.attachUsdt(tp.programName(), target.pid, target.attachPath, tp.context(), tp.probeName()));
                attached.add(tp.fullName());
            } catch (BpfException e) {
                bpf.detachAll();
                if (target.pid > 0 && !ProcessInfo.isAlive(target.pid)) {
                    throw new TargetException("process " + target.pid + " exited while nodescope was attaching");
                }
                throw new TargetException(e.getMessage());
            }
        }
        if (attached.isEmpty()) {
            throw new TargetException(target.displayBinary + " has none of the selected tracepoints (" + missing.size()
                    + " selected, all missing; see nodescope tracepoints)");
        }
        currentPid = target.pid;
        Attachment a = new Attachment(target.pid, target.startTicks, target.displayBinary, links, attached, missing);
        sink.accept(new Attached(decoder.toolMeta(target.pid, Libc.monotonicNanos()), a.binary, a.pid, List.copyOf(attached),
                List.copyOf(missing), version));
        sink.flush();
        return a;
    }

    private static boolean sameProcess(Attachment a) {
        return ProcessInfo.isSameLiveProcess(a.pid, a.startTicks);
    }

    /** After the traced process exited: waits for a new process running the same binary. */
    private Resolved waitForRestart(Attachment old) throws InterruptedException {
        Path binaryPath = Path.of(old.binary);
        while (!stopRequested) {
            List<Long> found = pid == null ? discover(null) : discover(binaryPath);
            found.removeIf(p -> p == old.pid);
            if (!found.isEmpty()) {
                try {
                    return resolvePid(found.getFirst());
                } catch (TargetException e) {
                    // it vanished again or is not readable yet: keep waiting
                }
            }
            Thread.sleep(250); // a /proc scan: not too often, bitcoind takes longer than this to start
        }
        return null;
    }

    // ---- kernel counters, loss events -------------------------------------------------------

    /** Reads the kernel counters of the attached tracepoints (only those can have counted anything). */
    private void readCounters(BpfObject bpf) {
        for (Tracepoint tp : attaching) {
            int id = tp.id();
            bpf.readPerCpuCounters("counters", id, counters);
            stats.setHits(id, counters[RecordLayout.STAT_HITS]);
            stats.setLost(LossStage.RING_RESERVE, id, counters[RecordLayout.STAT_RING_RESERVE]);
            stats.setLost(LossStage.PAYLOAD_DROPPED, id, counters[RecordLayout.STAT_PAYLOAD_DROPPED]);
            stats.setLost(LossStage.READ_USER, id, counters[RecordLayout.STAT_READ_USER]);
            stats.setLost(LossStage.TRUNCATED, id, counters[RecordLayout.STAT_TRUNCATED]);
        }
    }

    private void reportLosses() {
        long mono = Libc.monotonicNanos();
        for (int stageIndex = 0; stageIndex < KERNEL_STAGES.length; stageIndex++) {
            LossStage stage = KERNEL_STAGES[stageIndex];
            for (int tp = 0; tp < Tracepoint.count(); tp++) {
                int slot = stageIndex * Tracepoint.count() + tp;
                long count = stats.lost(stage, tp);
                long delta = count - reportedLoss[slot];
                if (delta > 0) {
                    reportedLoss[slot] = count;
                    sink.accept(new Loss(decoder.toolMeta(currentPid, mono), stage.jsonName(), Tracepoint.byId(tp).fullName(), delta));
                }
            }
        }
        long decodeErrors = stats.decodeErrors();
        if (decodeErrors > reportedDecodeErrors) {
            sink.accept(new Loss(decoder.toolMeta(currentPid, mono), LossStage.DECODE.jsonName(), "*", decodeErrors - reportedDecodeErrors));
            reportedDecodeErrors = decodeErrors;
        }
    }

    // ---- set-up -----------------------------------------------------------------------------

    private byte[] config() {
        ByteBuffer b = ByteBuffer.allocate(RecordLayout.CONFIG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(RecordLayout.CONFIG_PAYLOAD_MAX, payloadMax);
        // wake the reader early only when a quarter of the ring is waiting: bursts, not every event
        b.putLong(RecordLayout.CONFIG_WAKE_BYTES, ringBytes / 4);
        return b.array();
    }

    private void resetEpochOffset() {
        long mono = Libc.monotonicNanos();
        long real = Libc.realtimeNanos();
        long mono2 = Libc.monotonicNanos();
        decoder.setEpochOffset(real - (mono + (mono2 - mono) / 2));
    }

    static byte[] loadBpfObject() throws IOException {
        try (InputStream in = LiveSource.class.getResourceAsStream(BPF_OBJECT_RESOURCE)) {
            if (in == null) {
                throw new IOException("BPF object " + BPF_OBJECT_RESOURCE + " missing from the build (run the build with clang installed)");
            }
            return in.readAllBytes();
        }
    }

    public static final class Builder {
        private Long pid;
        private Path binary;
        private Set<Tracepoint> events = EnumSet.allOf(Tracepoint.class);
        private int payloadMax;
        private long ringBytes;
        private Duration pollInterval = Duration.ofMillis(10);
        private boolean follow;
        private Duration lossInterval = Duration.ofSeconds(1);
        private String node = defaultNode();

        /** Attach to this process (its semaphores are raised for as long as we are attached). */
        public Builder pid(long pid) {
            this.pid = pid;
            return this;
        }

        /** Attach to every process running this binary, now and later. */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        public Builder events(Set<Tracepoint> events) {
            if (events.isEmpty()) {
                throw new UserException("no tracepoint selected");
            }
            this.events = events;
            return this;
        }

        /** Bytes of each P2P payload to copy (0: none; at most 4,000,000, the protocol's maximum). */
        public Builder payloadMax(int bytes) {
            this.payloadMax = Math.max(0, Math.min(bytes, 4_000_000));
            return this;
        }

        /** Ring buffer size in bytes (a power of 2, at least one page); default 16 MiB, 64 MiB with payloads. */
        public Builder ringBytes(long bytes) {
            if (bytes < Libc.pageSize() || Long.bitCount(bytes) != 1) {
                throw new UserException("ring size must be a power of 2 of at least " + Libc.pageSize() + " bytes");
            }
            this.ringBytes = bytes;
            return this;
        }

        /** How long the reader sleeps when the ring is empty (records are submitted without wake-ups). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        /** On process exit, emit nodescope:detached and wait for a new process to re-attach. */
        public Builder follow(boolean follow) {
            this.follow = follow;
            return this;
        }

        public Builder lossInterval(Duration interval) {
            this.lossInterval = interval;
            return this;
        }

        public Builder node(String node) {
            this.node = Objects.requireNonNull(node);
            return this;
        }

        public LiveSource build() {
            if (pid != null && binary != null) {
                throw new UserException("give either a pid or a binary, not both");
            }
            return new LiveSource(this);
        }

        /** The host name: the node label when none is given. */
        public static String defaultNode() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
