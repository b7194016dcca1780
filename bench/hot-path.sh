#!/usr/bin/env bash
# nodescope's own CPU and memory per event, per tool (issue 18).
#
#   bench/hot-path.sh [HITS] [REPEATS]        (defaults: 1000000 3)
#
# 1. The utxocache-heavy load: the fixture fires HITS hits of utxocache:add (a txid, vout,
#    height, value, coinbase: what -reindex-chainstate fires ~1.4 million times on a regtest chain)
#    from THREADS threads at full rate, traced for real (BPF), once per tool and repeat, each in a
#    fresh fixture process; the tools run interleaved (bench/extractor-overhead.sh does the runs):
#      count      nodescope count (the baseline: ring buffer reading and counting only)
#      record     nodescope record into an archive
#      log-json   nodescope log --format json into a pipe (counted, not stored)
#      metrics    nodescope metrics (its own event count, scraped at the end)
#    and prints, per tool: nodescope's CPU per event (median and range over the repeats), its ratio
#    to count's median of the same run, events received, the worst run's losses, the peak resident
#    set, the archive's stored bytes per event (record), the issue's targets, and (LONG) the steady
#    cost per event once the hot path is compiled.
# 2. The busy node (BUSY_SECONDS > 0): the stand-in node plays the busy mainnet node (the demo's
#    scenario, ~120 events/s of P2P, mempool, blocks, coins cache) for BUSY_SECONDS, with record and
#    then metrics attached; prints each one's peak resident set (VmHWM) and events. They run as the
#    launcher runs them: target/nodescope.jar, started from the AOT cache the build trained when there
#    is one (it maps ~8 MiB more than the JDK's own class archive).
#
# Environment:
#   THREADS=2            firing threads of the load (2: the fixture's full rate on 2 cores)
#   TOOLS="count record log-json metrics"   subset (count is needed for the ratios)
#   LONG=4               also run every tool on a LONG times longer load and print the steady cost
#                        per event: (CPU of the long run - CPU of the short one) / (their events'
#                        difference), i.e. without the JIT's one-off compilation of the hot path
#                        (1: skip); HITS=0 skips part 1
#   BUSY_SECONDS=30      length of each busy-node run (0: skip part 2)
#   JVM_OPTS="..."       nodescope's JVM options (default: the launcher's, scripts/jvm-options.sh)
#   NODESCOPE_ARGS, KEEP, BUILD, JAVA_HOME: as for bench/extractor-overhead.sh
# Needs root (BPF, uprobes), gcc, jq, curl, bpftrace (checked by extractor-overhead.sh).
set -euo pipefail

HITS=${1:-1000000}
REPEATS=${2:-3}
THREADS=${THREADS:-2}
TOOLS=${TOOLS:-"count record log-json metrics"}
BUSY_SECONDS=${BUSY_SECONDS:-30}
LONG=${LONG:-4}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JDK/bin/java
# shellcheck source=../scripts/jvm-options.sh
. "$ROOT/scripts/jvm-options.sh"

die() { echo "hot-path: $*" >&2; exit 1; }
[[ $THREADS == 1 || $THREADS == 2 ]] || die "THREADS must be 1 or 2"
[[ $BUSY_SECONDS =~ ^[0-9]+$ ]] || die "BUSY_SECONDS must be a number of seconds"

suffix=""
[[ $THREADS == 2 ]] && suffix=-2t
configs=""
for t in $TOOLS; do
    case $t in count | record | log-json | metrics) configs="$configs nodescope-$t$suffix" ;; *) die "unknown tool $t" ;; esac
done
TSV=$(mktemp /tmp/nodescope-hot-path.XXXXXX.tsv)
TSV_LONG=$(mktemp /tmp/nodescope-hot-path-long.XXXXXX.tsv)
trap 'rm -f "$TSV" "$TSV_LONG"' EXIT

# ---- 1. the utxocache-heavy load ---------------------------------------------------------------
# extractor-overhead.sh's own table (ratios to bpftrace's floor) is not what this asks: only its
# progress lines (stderr) are shown, and the per-run TSV is summarised here
if ((HITS > 0)); then
TP=utxocache:add CONFIGS="${configs# }" RESULTS="$TSV" "$ROOT/bench/extractor-overhead.sh" "$HITS" "$REPEATS" >/dev/null
# the same tools on a load LONG times longer: what one more event costs once the JIT has compiled
# the hot path (the difference of the two runs' CPU / the difference of their events)
((LONG > 1)) && TP=utxocache:add CONFIGS="${configs# }" RESULTS="$TSV_LONG" "$ROOT/bench/extractor-overhead.sh" \
    "$((HITS * LONG))" "$REPEATS" >/dev/null

awk -F'\t' -v hits="$HITS" -v threads="$THREADS" -v long="$LONG" -v longfile="$TSV_LONG" '
function sortv(cfg, key,   n, i, j, t) {
    n = cnt[cfg]
    for (i = 1; i <= n; i++) s[i] = val[cfg, key, i]
    for (i = 2; i <= n; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
    return n
}
function median(cfg, key,   n) { n = sortv(cfg, key); return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2 }
function lo(cfg, key) { sortv(cfg, key); return s[1] }
function hi(cfg, key,   n) { n = sortv(cfg, key); return s[n] }
FNR == 1 { next }
FILENAME == longfile {
    cfg = $2; sub(/^nodescope-/, "", cfg); sub(/-2t$/, "", cfg)
    k = ++lcnt[cfg]
    val[cfg, "ltns", k] = $11; val[cfg, "lrecv", k] = $8
    if ($9 > llost[cfg]) llost[cfg] = $9
    next
}
{
    cfg = $2; sub(/^nodescope-/, "", cfg); sub(/-2t$/, "", cfg)
    if (!(cfg in cnt)) order[++ncfg] = cfg
    k = ++cnt[cfg]
    if ($17 != 1) bad[cfg]++
    val[cfg, "ns", k] = $8 > 0 ? $11 / $8 : 0
    val[cfg, "tns", k] = $11
    val[cfg, "recv", k] = $8
    val[cfg, "lost", k] = $9
    val[cfg, "missed", k] = $10
    val[cfg, "rss", k] = $18 / 1024
    val[cfg, "bytes", k] = $19
    val[cfg, "rate", k] = $14 > 0 ? $8 / ($14 / 1e9) : 0
}
END {
    base = ("count" in cnt) ? median("count", "ns") : 0
    target["record"] = 500; target["log-json"] = 1000; target["metrics"] = 300
    printf "\nutxocache:add, %d hits from %d thread(s) at full rate, %d repeat(s) (median [min-max]):\n\n", hits, threads, cnt[order[1]]
    printf "| tool | nodescope CPU ns/event | x count | events received | events/s drained | lost (worst run) | missed (worst run) | peak RSS MiB | stored bytes/event | target |%s\n", (long > 1) ? " steady ns/event (" long "x load - 1x) | steady x count |" : ""
    printf "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|%s\n", (long > 1) ? "--:|--:|" : ""
    for (i = 1; i <= ncfg; i++) {
        c = order[i]
        if (c in lcnt) {
            n0 = cnt[c]; cnt[c] = lcnt[c]   # median() takes its count from cnt
            lt = median(c, "ltns"); lr = median(c, "lrecv"); cnt[c] = n0
            st = median(c, "tns"); sr = median(c, "recv")
            steady[c] = lr > sr ? (lt - st) / (lr - sr) : 0
        }
    }
    for (i = 1; i <= ncfg; i++) {
        c = order[i]
        m = median(c, "ns")
        t = "-"
        if (c in target) t = sprintf("<= %d ns and 0 lost: %s", target[c], (m <= target[c] && hi(c, "lost") == 0) ? "MET" : "NOT MET")
        extra = ""
        if (long > 1) extra = sprintf(" %.0f%s | %s |", steady[c], (llost[c] > 0) ? " (lost " llost[c] ")" : "",
            (steady["count"] > 0) ? sprintf("%.2f", steady[c] / steady["count"]) : "-")
        printf "| %s%s | %.0f [%.0f-%.0f] | %s | %d | %.0f | %d | %d | %.0f | %s | %s |%s\n", c, (c in bad) ? " (" bad[c] " bad run)" : "",
            m, lo(c, "ns"), hi(c, "ns"), (base > 0) ? sprintf("%.2f", m / base) : "-", median(c, "recv"), median(c, "rate"),
            hi(c, "lost"), hi(c, "missed"), hi(c, "rss"), (c == "record") ? sprintf("%.2f", median(c, "bytes")) : "-", t, extra
    }
}' "$TSV" "$TSV_LONG"
fi

# ---- 2. memory on the busy node ----------------------------------------------------------------
((BUSY_SECONDS > 0)) || exit 0
WORK=$(mktemp -d /tmp/nodescope-hot-path.XXXXXX)
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -f "$TSV" "$TSV_LONG"
    if [[ ${KEEP:-0} == 1 ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
cp "$ROOT/target/classes/native/nodescope-fixture" "$WORK/nodescope-fixture"
gcc -O2 -Wall -o "$WORK/benchutil" "$ROOT/bench/benchutil.c"
# the jar in place, not a copy: the AOT cache holds the jar's path
JAR=$ROOT/target/nodescope.jar
nodescope_aot_opts "$JAR"
AOT_NOTE="no AOT cache"
if ((${#NODESCOPE_AOT_OPTS[@]} > 0)); then AOT_NOTE="AOT cache: ${NODESCOPE_AOT_OPTS[1]#-XX:AOTCache=}"; fi
METRICS_PORT=${METRICS_PORT:-19435}
"$JAVA" -cp "$JAR" "$ROOT/bench/BusyNodeLines.java" "$BUSY_SECONDS" >"$WORK/busy.scenario"
echo "busy node: record, then metrics, attached to the stand-in playing the demo's scenario for ${BUSY_SECONDS}s ..." >&2
DEFAULT_OPTS="the launcher's (scripts/jvm-options.sh)"
printf '\nbusy node (the demo'"'"'s scenario, seed 1, %d s) per tool, JVM options: %s; %s\n\n' "$BUSY_SECONDS" \
    "${JVM_OPTS:-$DEFAULT_OPTS}" "$AOT_NOTE"
printf '| tool | events | peak RSS MiB (VmHWM) | RSS at the end MiB | target |\n|---|--:|--:|--:|---|\n'
for tool in record metrics; do
    d=$WORK/busy-$tool
    mkdir -p "$d"
    "$WORK/nodescope-fixture" play "$WORK/busy.scenario" >"$d/fx.out" 2>"$d/fx.err" &
    fxpid=$!
    PIDS+=("$fxpid")
    case $tool in
        record) args=(record --pid "$fxpid" --out "$d/archive" --follow) ;;
        metrics) args=(metrics --pid "$fxpid" --listen "127.0.0.1:$METRICS_PORT" --follow) ;;
    esac
    # shellcheck disable=SC2086 # the options are words
    "$WORK/benchutil" run "$d/tracer.res" "$JAVA" --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts "$tool")} \
        "${NODESCOPE_AOT_OPTS[@]}" -jar "$JAR" "${args[@]}" >"$d/out.txt" 2>"$d/tracer.err" &
    wpid=$!
    PIDS+=("$wpid")
    wait "$fxpid" || echo "  warning: the stand-in failed ($d/fx.err)" >&2
    for _ in $(seq 1000); do grep -q 'nodescope: detached' "$d/tracer.err" && break; sleep 0.01; done
    tpid=$(awk '/^pid /{print $2}' "$d/tracer.res")
    rss_end=$(awk '/^VmRSS:/{print $2}' "/proc/$tpid/status" 2>/dev/null || echo 0)
    events=0
    [[ $tool == metrics ]] && events=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^nodescope_events_total\{/{s+=$2} END{print int(s)}')
    kill -INT "$wpid" 2>/dev/null || true
    wait "$wpid" || true
    [[ $tool == record ]] && events=$("$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" archive info --format json "$d/archive" | jq -r '[.counts[]] | add // 0')
    peak=$(awk '/^maxrss_kib /{print $2}' "$d/tracer.res")
    printf '| %s | %s | %.0f | %.0f | < 128 MiB: %s |\n' "$tool" "$events" "$(awk -v k="$peak" 'BEGIN{print k / 1024}')" \
        "$(awk -v k="$rss_end" 'BEGIN{print k / 1024}')" "$( ((peak < 128 * 1024)) && echo MET || echo 'NOT MET')"
    PIDS=()
done
