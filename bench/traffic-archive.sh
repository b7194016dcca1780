#!/usr/bin/env bash
# traffic report over a day-sized archive (issue 17): generates once, under /tmp, a synthetic 24-hour
# recording of the flooding run of TrafficRuns (src/test/.../traffic/TrafficRuns.java: 30 peers,
# 0-MAX transactions a second, each relayed by 38 messages, plus handshakes, pings and blocks; about
# 50M events at the defaults), then times `archive info` (the baseline: read and count every event)
# and `traffic report` on it in the same run, both in a 64 MiB heap (-Xmx64m), which shows the
# tally's memory is bounded. Prints events/s of each, the ratio, and peak RSS.
#
#   bench/traffic-archive.sh [SECONDS] [MAX_TXS_PER_SECOND] [REPEATS]   (defaults: 86400 30 3)
#
# The archive stays in /tmp/nodescope-traffic-bench/ for later runs (delete it to regenerate).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
seconds="${1:-86400}"
max_txs="${2:-30}"
repeats="${3:-3}"
if [[ -n "${JAVA_HOME:-}" ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

mvn -q -o test-compile
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
./nodescope --version >/dev/null # builds the jar if sources changed

dir="/tmp/nodescope-traffic-bench/flood-$seconds-$max_txs"
if [[ ! -d "$dir" ]]; then
    mkdir -p "$(dirname "$dir")"
    java -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
        dev.nodescope.traffic.TrafficArchive "$dir.tmp" flood "$seconds" "$max_txs" 7
    mv "$dir.tmp" "$dir"
fi
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

run archive info "$dir" --format json >/dev/null
events=$(sed -n 's/.*"events":\([0-9]*\).*/\1/p' "$work/out")
bytes=$(du -sb --apparent-size "$dir" | cut -f1)
echo "archive: $dir, $events events, $bytes bytes ($(( bytes / events )) bytes/event)"
read -r base base_rss < <(best archive info "$dir")
read -r t t_rss < <(best traffic report "$dir")
grep -E "^(Window|Accepted|  per accepted)" "$work/out" || true
echo
echo "| command (-Xmx64m, best of $repeats) | seconds | events/s | x archive info | peak RSS |"
echo "|---|--:|--:|--:|--:|"
printf '| `archive info DIR` (baseline) | %.1f | %.0f | 1.00 | %d MiB |\n' "$base" "$(echo "$events / $base" | bc -l)" $(( base_rss / 1024 ))
printf '| `traffic report DIR` | %.1f | %.0f | %.2f | %d MiB |\n' "$t" "$(echo "$events / $t" | bc -l)" \
    "$(echo "$t / $base" | bc -l)" $(( t_rss / 1024 ))
