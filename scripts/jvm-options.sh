# JVM options of nodescope, shared by the launcher and the benchmarks so both measure the same thing.
# Serial GC: one collector thread, no concurrent GC work competing with the traced node for cores.
# `count` runs C1-compiled code only: its hot loop is a few loads per event, which C1 compiles as
# well as C2, and C2's own compilation work would otherwise be most of its CPU in the first
# minute (measured: 245 vs 156 ns/event over 2M events, docs/benchmarks.md). The other commands
# keep C2, whose code builds and prints events markedly faster.
nodescope_jvm_opts() {
    local opts="-XX:+UseSerialGC -Xss1m"
    [ "${1:-}" = count ] && opts="$opts -XX:TieredStopAtLevel=1"
    echo "$opts"
}
