#!/usr/bin/env bash
# Addrman history size and speed (issue 14): a history of N snapshots of a 65,536-entry addrman
# (SyntheticAddrman: 40 new slots taken over, 300 entries re-dated, 2 moves to tried every 2 minutes),
# its bytes on disk, and how long `addrman diff` and `addrman view` take on it, end to end (JVM
# start included), against `addrman stats` of one whole snapshot in the same run as the baseline.
#
#   bench/addrman-history.sh [SNAPSHOTS] [REPEATS]      (defaults: 1000 snapshots, 3 repeats)
#
# Prints a Markdown table: the fastest of REPEATS runs per command and its ratio to the baseline.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"
snapshots="${1:-1000}"
repeats="${2:-3}"

bench_build
./nodescope --version >/dev/null # builds the jar if sources changed

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
hist="$work/history"
java -cp "$(bench_classpath)" dev.nodescope.addrman.SyntheticAddrman \
    "$hist" "$snapshots" 1
first="$(ls "$hist" | head -1)"
last="$(ls "$hist" | tail -1)"
full_bytes="$(stat -c %s "$hist/$first")"
total_bytes="$(du -sb --apparent-size "$hist" | cut -f1)"
diff_bytes=$(( total_bytes - full_bytes ))
echo "history: $snapshots snapshots, $total_bytes bytes; whole first snapshot $full_bytes bytes;" \
     "diffs $(( diff_bytes / (snapshots - 1) )) bytes each on average; $(( total_bytes / snapshots )) bytes per snapshot"

best() { # fastest wall time in seconds of REPEATS runs of ./nodescope "$@"
    local min=""
    for _ in $(seq "$repeats"); do
        local s e t
        s=$(date +%s.%N)
        ./nodescope "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc)
        if [[ -z "$min" ]] || (( $(echo "$t < $min" | bc) )); then min=$t; fi
    done
    echo "$min"
}

base=$(best addrman stats "$hist/$first")
echo
echo "| command | seconds (best of $repeats) | x baseline |"
echo "|---|--:|--:|"
printf '| `addrman stats FIRST` (baseline: JVM start, read and count one whole snapshot) | %.2f | 1.00 |\n' "$base"
for cmd in "addrman diff $hist/$first $hist/$last" "addrman diff $hist" "addrman view $hist --last 1 --html $work/one.html" \
           "addrman view $hist --html $work/all.html"; do
    # shellcheck disable=SC2086
    t=$(best $cmd)
    label="${cmd//$hist\/$first/FIRST}"
    label="${label//$hist\/$last/LAST}"
    label="${label//$hist/DIR}"
    label="${label//$work\//}"
    printf '| `%s` | %.2f | %.2f |\n' "$label" "$t" "$(echo "$t / $base" | bc -l)"
done
echo
echo "page sizes: one snapshot $(stat -c %s "$work/one.html") bytes, all $snapshots: $(stat -c %s "$work/all.html") bytes"
