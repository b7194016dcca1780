# JVM options of nodescope, shared by the launcher and the benchmarks so both measure the same thing.
#   nodescope_jvm_opts COMMAND [ARGS...]     the options for `nodescope COMMAND ARGS...`, as words
# Serial GC: one collector thread, no concurrent GC work competing with the traced node for cores.
# `count` runs C1-compiled code only: its hot loop is a few loads per event, which C1 compiles as
# well as C2, and C2's own compilation work would otherwise be most of its CPU in the first
# minute (measured: 245 vs 156 ns/event over 2M events, docs/benchmarks.md). The other commands
# keep C2, whose code builds and prints events markedly faster.
# `record` and `metrics` run for weeks beside the node: a young generation of 8 MiB (-Xmn8m) keeps the
# heap they touch small, since the JVM would otherwise size it from the machine's memory (a 24 GiB
# machine: ~125 MiB of eden touched before the first collection); -Xmx128m caps the rest when they
# follow one node without payloads (reading a fleet with --nats, a central metrics holds every node's series;
# with --payload full each of record's 34 pooled blocks may hold a 4 MB block message: no cap). Cost: a young
# collection every ~40,000 events at full rate, each well under a millisecond (their live data is small).
# Measured: peak resident 179-183 -> 116-130 MiB on the busy node (at the 128 MiB line), 32 MiB of which is the ring buffer
# mapped twice (docs/benchmarks.md, issue 18).
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

nodescope_jvm_opts() {
    local opts="-XX:+UseSerialGC -Xss1m" arg prev="" heap_cap="-Xmx128m"
    for arg in "$@"; do
        case "$arg" in
            -h | --help | -V | --version) echo "$opts -Xint"; return ;;
            --nats | --nats=* | --payload=full) heap_cap="" ;;
        esac
        [ "$prev" = --payload ] && [ "$arg" = full ] && heap_cap=""
        prev=$arg
    done
    case "${1:-}" in
        count) opts="$opts -XX:TieredStopAtLevel=1" ;;
        record | metrics) opts="$opts -Xmn8m $heap_cap $SHALLOW_INLINING" ;;
        log | publish) opts="$opts $SHALLOW_INLINING" ;;
        "" | help | tracepoints | doctor) opts="$opts -Xint" ;;
    esac
    echo "$opts"
}
