#!/usr/bin/env bash
# Start-up of nodescope as a user meets it, the ./nodescope launcher included (issue 11):
#   help          ./nodescope --help, whole process
#   tracepoints   ./nodescope tracepoints FIXTURE, whole process
#   count-attach  ./nodescope count --pid P: from the start until "attached" is printed
#   log-attach    ./nodescope log --pid P: the same
# P is a tracepoint fixture that fires nothing (the stand-in for bitcoind). Every command runs
# RUNS times, each run in turn with the same command of BASELINE (another checkout, e.g. a
# worktree at an older commit: its ./nodescope is used as it is), and with `bpftrace -l
# usdt:FIXTURE:*` beside `tracepoints` (the same question, answered by bpftrace) when bpftrace is
# installed. It prints the medians of wall and CPU time and the median of the pair-by-pair ratios,
# so that a drift in the machine's speed during the run does not tilt them.
#   bench/startup.sh [RUNS]                 RUNS=10; as root, with the jar built (./nodescope builds it)
#   BASELINE=/tmp/old bench/startup.sh      git worktree add /tmp/old <commit>; /tmp/old/nodescope -V builds it
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-10}"
BASELINE="${BASELINE:-}"
fixture="$ROOT/target/classes/native/nodescope-fixture"
work="$(mktemp -d)"
fxpid=
cleanup() {
    [ -n "$fxpid" ] && kill "$fxpid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"$ROOT/nodescope" -V >/dev/null # builds if needed
[ -z "$BASELINE" ] || "$BASELINE/nodescope" -V >/dev/null
# the idle stand-in node: plays nothing until its stdin ends
mkfifo "$work/play"
"$fixture" play "$work/play" >"$work/fixture.out" 2>&1 &
fxpid=$!
exec {hold}>"$work/play"
until grep -q '^ready pid=' "$work/fixture.out" 2>/dev/null; do sleep 0.05; done

# whole LAUNCHER ARGS...: appends "wall_ms cpu_ms" to the file named by $out
whole() {
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    read -r user sys <"$work/time"
    echo "$(( (t1 - t0) / 1000000 )) $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')" >>"$out"
}

# attach LAUNCHER ARGS...: appends the ms until the command said it is attached (count on stderr, log as
# its first event on stdout), then stops it with SIGTERM
attach() {
    local t0 t1 line pid
    t0=$(date +%s%N)
    exec {err}< <(exec "$@" 2>&1)
    pid=$!
    while IFS= read -r -u "$err" line; do
        [[ "$line" == *"nodescope: attached to"* || "$line" == *"nodescope:attached"* ]] && break
    done
    t1=$(date +%s%N)
    kill -TERM "$pid" 2>/dev/null || true
    while IFS= read -r -u "$err" line; do :; done # until it has exited and closed its end
    exec {err}<&-
    echo "$(( (t1 - t0) / 1000000 )) -" >>"$out"
}

# run NAME MODE ARGS...: RUNS runs of ./nodescope ARGS and, in turn, of BASELINE's and (tracepoints) bpftrace's
run() {
    local name="$1" mode="$2" i
    shift 2
    for i in $(seq 0 "$RUNS"); do # run 0 warms the page cache and is not counted
        out="$work/$name.new.$i"; "$mode" "$ROOT/nodescope" "$@"
        if [ -n "$BASELINE" ]; then out="$work/$name.base.$i"; "$mode" "$BASELINE/nodescope" "$@"; fi
        if [ "$name" = tracepoints ] && command -v bpftrace >/dev/null; then
            out="$work/$name.bpftrace.$i"; whole bpftrace -l "usdt:$fixture:*"
        fi
    done
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# column FILES COLUMN: the median of one column over the counted runs
column() {
    local side="$1" col="$2" i
    for i in $(seq 1 "$RUNS"); do [ -f "$work/$side.$i" ] && awk -v c="$col" '{ print $c }' "$work/$side.$i"; done | grep -v '^-$' | median
}

# ratio NAME A B COLUMN: the median of A/B over the pairs
ratio() {
    local name="$1" a="$2" b="$3" col="$4" i
    for i in $(seq 1 "$RUNS"); do
        [ -f "$work/$name.$a.$i" ] && [ -f "$work/$name.$b.$i" ] || continue
        paste -d' ' "$work/$name.$a.$i" "$work/$name.$b.$i" | awk -v c="$col" -v n=2 '{ split($0, f, " "); if (f[c] != "-" && f[c + n] > 0) printf "%.3f\n", f[c] / f[c + n] }'
    done | median
}

run help whole --help
run tracepoints whole tracepoints "$fixture"
run count-attach attach count --pid "$fxpid"
run log-attach attach log --pid "$fxpid"

printf '%-13s %-10s %9s %9s %18s %18s\n' command run "wall ms" "cpu ms" "wall: this/other" "cpu: this/other"
for name in help tracepoints count-attach log-attach; do
    for side in new base bpftrace; do
        ls "$work/$name.$side."* >/dev/null 2>&1 || continue
        wr=-; cr=-; label="this tree"
        if [ "$side" != new ]; then
            wr="$(ratio "$name" new "$side" 1)"; cr="$(ratio "$name" new "$side" 2)"; label="$side"
        fi
        [ "$side" = base ] && label=baseline
        printf '%-13s %-10s %9s %9s %18s %18s\n' "$name" "$label" "$(column "$name.$side" 1)" "$(column "$name.$side" 2)" "$wr" "$cr"
    done
done
echo "medians of $RUNS runs of each, taken in turn; a ratio is the median of the run-by-run ratios"
