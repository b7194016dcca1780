# JVM options of nodescope, shared by the launcher and the benchmarks so both measure the same thing.
#   nodescope_jvm_opts COMMAND [ARGS...]     the options for `nodescope COMMAND ARGS...`, as words
#   nodescope_aot_opts JAR                   sets the array NODESCOPE_AOT_OPTS: the options that start the JVM from
#                                            the AOT cache the build trained beside JAR (none when there is none)
# Serial GC: one collector thread, no concurrent GC work competing with the traced node for cores.
# `count` runs C1-compiled code only: its hot loop is a few loads per event, which C1 compiles as
# well as C2, and C2's own compilation work would otherwise be most of its CPU in the first
# minute (measured: 245 vs 156 ns/event over 2M events, docs/benchmarks.md). The other commands
# keep C2, whose code builds and prints events markedly faster.
# `record` and `metrics` run for weeks beside the node and must stay under 128 MiB resident there
# (docs/benchmarks.md, issue 18: 16 MiB of it is the ring buffer, 18 MiB libjvm.so, 14-22 MiB the class archive).
# `log` takes the same options: without them a real node's reindex took it to 209-216 MiB, with them
# 108-113 MiB at the same CPU per event (bench/real-node-reindex.sh, docs/benchmarks.md):
# - a young generation of 4 MiB (-Xmn4m) keeps the heap they touch small, since the JVM would otherwise
#   size it from the machine's memory (a 24 GiB machine: ~125 MiB of eden touched before the first
#   collection). Cost: a young collection every ~20,000 events at full rate, each well under a
#   millisecond (their live data is small); -Xmn8m touched ~3 MiB more for no measurable CPU saving.
# - -Xmx128m caps the rest when they follow one node without payloads (reading a fleet with --nats, a
#   central metrics holds every node's series; with --payload full each of record's 34 pooled blocks may
#   hold a 4 MB block message, and log --payload hex writes such a message as 8 MB of hex: no cap).
# - -XX:TrimNativeHeapInterval=5000 hands the C heap's free memory back to the kernel every 5 s. C2's
#   compilations take arenas of up to ~15 MiB (NMT: "Arena Chunk" peak 14.5 MiB, 1 MiB after) that
#   glibc otherwise keeps for good; trimmed between compilations they do not pile up. Measured: the
#   peak 3-4 MiB lower, 10-17 MiB less resident after it. Cost: one malloc_trim every 5 s on a thread
#   of its own.
# - the compilation that set their peak was not theirs: in the first second C2 compiles the JDK's
#   StackMapGenerator.processBlock (the class-file writer behind FFM's downcall stubs and lambda
#   forms, hot only while they start) in 15-21 MiB of arenas (-XX:CompileCommand=memstat). A MemLimit
#   of 8 MiB stops that one compilation and C1 compiles it instead (5 MiB); their own largest C2
#   compilations take up to 10 MiB (RingBuffer.drain in record at full rate), so the limit names
#   that method alone. `quiet`: the JVM would print the command on stdout. Measured: the peak 6-9 MiB
#   lower. Cost: start-up only (the method runs C1's code while the downcall stubs are made).
# Measured on the busy node, peak resident: 179-183 -> 116-130 MiB with -Xmn8m -Xmx128m, then with the
# ring mapped once (bpf/RingBuffer.java) and these options 96-102 MiB (docs/benchmarks.md, issue 18).
# `record`, `metrics`, `log` and `publish` inline less deeply than C2's defaults (MaxInlineLevel 15,
# InlineSmallCode 2500): C2 inlined a whole event's path (dispatch, tool, encoder or writer) into
# one compilation that took it hundreds of ms of CPU, most of these tools' CPU in a million-event
# burst such as a reindex. Measured on 1M utxocache:add events, one run each against the defaults:
# record 1417 -> 956 ns/event, log --format json 1546 -> 1072, metrics 690 -> 427; the steady cost
# once compiled stayed within the noise (docs/benchmarks.md, issue 18). `publish` the same: JetStream
# publishing 994 -> 827 ns/event (median of 6 repeats of 2M hits; docs/benchmarks.md, issue 16).
# Help, version, `tracepoints` and `doctor` print a screenful and exit: they run interpreted. At
# start-up the JIT compiles the option parser's reflection for a run that ends before the
# compiled code pays back; without it they take about 40% less CPU (docs/benchmarks.md#start-up-issue-11).
SHALLOW_INLINING="-XX:MaxInlineLevel=6 -XX:InlineSmallCode=1000"
STARTUP_COMPILE_CAP="-XX:CompileCommand=quiet -XX:CompileCommand=MemLimit,jdk.internal.classfile.impl.StackMapGenerator::processBlock,8m"

nodescope_jvm_opts() {
    local opts="-XX:+UseSerialGC -Xss1m" arg prev="" heap_cap="-Xmx128m"
    for arg in "$@"; do
        case "$arg" in
            -h | --help | -V | --version) echo "$opts -Xint"; return ;;
            --nats | --nats=* | --payload=full | --payload=hex) heap_cap="" ;;
        esac
        [ "$prev" = --payload ] && { [ "$arg" = full ] || [ "$arg" = hex ]; } && heap_cap=""
        prev=$arg
    done
    case "${1:-}" in
        count) opts="$opts -XX:TieredStopAtLevel=1" ;;
        record | metrics | log) opts="$opts -Xmn4m $heap_cap -XX:TrimNativeHeapInterval=5000 $STARTUP_COMPILE_CAP $SHALLOW_INLINING" ;;
        publish) opts="$opts $SHALLOW_INLINING" ;;
        "" | help | tracepoints | doctor) opts="$opts -Xint" ;;
    esac
    echo "$opts"
}

nodescope_aot_opts() {
    local aot="${1%/*}/nodescope.aot"
    NODESCOPE_AOT_OPTS=()
    # a cache older than the jar belongs to an older build; the JVM checks the rest (same JDK, same jar, same
    # options) itself, and where the cache does not fit it starts without it, silently: its log tags are off
    if [ -f "$aot" ] && [ "$aot" -nt "$1" ]; then
        NODESCOPE_AOT_OPTS=(-XX:AOTMode=auto "-XX:AOTCache=$aot" '-Xlog:aot*=off' '-Xlog:cds*=off')
    fi
}
