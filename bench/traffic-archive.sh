#!/usr/bin/env bash
# traffic report over day-sized archives (issue 17): generates once, under /tmp, two synthetic
# 24-hour recordings, then times `archive info` (the baseline: inflate every block and walk every
# record) and `traffic report` on each in the same run, all in a 64 MiB heap (-Xmx64m), which shows
# the tally's memory is bounded. Prints events/s of each, the ratio, and peak RSS.
#  - flood: the flooding run of TrafficRuns (src/test/.../traffic/TrafficRuns.java: 30 peers, 0-MAX
#    transactions a second, each relayed by 38 messages, plus handshakes, pings and blocks; about 50M
#    events at the defaults). Regular, so it compresses to under a byte per event.
#  - mix: TrafficMix (src/test/.../archive/TrafficMix.java: 125 peers, random sizes and txids, 5%
#    mempool events, ~500 events/s), 43.2M events = 24 h: compresses like a real node's archive.
#
#   bench/traffic-archive.sh [SECONDS] [MAX_TXS_PER_SECOND] [REPEATS] [MIX_EVENTS]   (defaults: 86400 30 3 43200000)
#
# The archives stay in /tmp/nodescope-traffic-bench/ for later runs (delete them to regenerate).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
seconds="${1:-86400}"
max_txs="${2:-30}"
repeats="${3:-3}"
mix_events="${4:-43200000}"
if [[ -n "${JAVA_HOME:-}" ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
./nodescope --version >/dev/null # builds the jar if sources changed

generate() { # DIR ARGS...: TrafficArchive DIR ARGS, once
    local dir="$1"
    shift
    if [[ ! -d "$dir" ]]; then
        mkdir -p "$(dirname "$dir")"
        java -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
            dev.nodescope.traffic.TrafficArchive "$dir.tmp" "$@"
        mv "$dir.tmp" "$dir"
    fi
}
flood="/tmp/nodescope-traffic-bench/flood-$seconds-$max_txs"
mix="/tmp/nodescope-traffic-bench/mix-$mix_events"
generate "$flood" flood "$seconds" "$max_txs" 7
generate "$mix" mix "$mix_events"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() { # java with the launcher's GC and a 64 MiB heap; prints "seconds peak-RSS-KiB"
    local s e
    s=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$work/rss" java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx64m \
        -jar target/nodescope.jar "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    e=$(date +%s.%N)
    echo "$(echo "$e - $s" | bc) $(cat "$work/rss")"
}
best() { # fastest of REPEATS runs: "seconds peak-RSS-KiB"
    local min="" rss="" t r
    for _ in $(seq "$repeats"); do
        read -r t r < <(run "$@")
        if [[ -z "$min" ]] || (( $(echo "$t < $min" | bc) )); then min=$t; rss=$r; fi
    done
    echo "$min $rss"
}

echo
echo "| archive | events | bytes/event | command (-Xmx64m, best of $repeats) | seconds | events/s | x archive info | peak RSS |"
echo "|---|--:|--:|---|--:|--:|--:|--:|"
for dir in "$flood" "$mix"; do
    run archive info "$dir" --format json >/dev/null
    events=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$work/out")
    bytes=$(du -sb --apparent-size "$dir" | cut -f1)
    per_event=$(echo "scale=2; $bytes / $events" | bc)
    read -r base base_rss < <(best archive info "$dir")
    read -r t t_rss < <(best traffic report "$dir")
    grep -E "^(Window|Accepted|  per accepted)" "$work/out" >&2 || true
    printf '| %s | %d | %s | `archive info DIR` (baseline) | %.1f | %.0f | 1.00 | %d MiB |\n' "$(basename "$dir")" "$events" \
        "$per_event" "$base" "$(echo "$events / $base" | bc -l)" $(( base_rss / 1024 ))
    printf '| | | | `traffic report DIR` | %.1f | %.0f | %.2f | %d MiB |\n' "$t" "$(echo "$events / $t" | bc -l)" \
        "$(echo "$t / $base" | bc -l)" $(( t_rss / 1024 ))
done
