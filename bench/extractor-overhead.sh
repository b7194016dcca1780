#!/usr/bin/env bash
# Extractor overhead benchmark (issue 2).
#
#   bench/extractor-overhead.sh [HITS] [REPEATS]        (defaults: 2000000 3)
#
# Fires HITS hits of net:inbound_message (8-byte payload) from the fixture's load mode, once
# per configuration and repeat, each time in a fresh fixture process with the tracer attached
# by pid, and prints the medians:
#   none                 no tracer: the gated no-op cost (semaphore 0, fired=0)
#   bpftrace-count       bpftrace, in-kernel count only: the floor
#   bpftrace-print       bpftrace printf of every event's args (stdout counted, not stored)
#   nodescope-count      nodescope count --format json
#   nodescope-log-json   nodescope log --format json (stdout counted, not stored)
#   nodescope-metrics    nodescope metrics (the exporter's own event count, scraped at the end)
#   nodescope-record     nodescope record into an archive (events counted by archive info afterwards)
#   nodescope-monitor    nodescope monitor in a 120x40 tmux pane (the full-screen UI drawing 4
#                        frames/s; its event count and losses come from its exit summary)
#   nodescope-watch      nodescope watch with every detector (its alerts counted on stdout; the
#                        events its engine read and the losses from its exit summary)
#   nodescope-publish    nodescope publish to a nats-server this script starts on loopback (core
#                        NATS; its events and losses from the publisher's summary)
#   nodescope-publish-js the same into a JetStream stream, every batch acknowledged
#   bpftrace-count-2t    the floor with 2 firing threads (full rate)
#   nodescope-count-2t   nodescope count with 2 firing threads (full rate)
#   nodescope-log-json-2t nodescope log --format json with 2 firing threads (full rate)
#   nodescope-idle       nodescope count attached to a fixture that fires nothing: its fixed CPU
#                        cost per second (polling), measured for IDLE_MS after a 2 s warm-up
# Configurations are interleaved within each repeat (and the order rotates per repeat), so
# machine noise hits all of them alike.
#
# Measured per run (the table shows medians over the repeats):
#   fixture CPU ns/hit   the firing threads' CPU (user+sys) / hits: includes the uprobe trap and
#                        the BPF program, which the kernel charges to the traced thread
#   x floor              that / the bpftrace-count median with the same number of threads
#   fixture wall ns/hit  elapsed / hits (2 threads: hits run in parallel)
#   tracer CPU ns/event  tracer CPU (all its threads) from the moment the fixture's semaphore went
#                        > 0 (the load starts) until the tracer has drained everything, / events
#                        received. nodescope runs with --follow so it stays up after the fixture
#                        exits: it is sampled when it reports "detached" (after its final drain).
#                        bpftrace -p exits by itself ~100 ms after the target: it is sampled when
#                        idle, or else its CPU until exit is used. JVM start-up and attach are
#                        excluded, and so is nodescope's stop (summary, JVM exit: "stop ms").
#   tracer CPU % core    that CPU / the time from load start to drained
#   events/s drained     received / the time from load start to drained (nodescope: includes up
#                        to 200 ms until it notices the exit; see "drain lag ms")
#   lost                 what the tracer reports lost (nodescope: its loss counters; bpftrace:
#                        "Lost N events"); "missed" = fired - received, which also counts hits
#                        fired in the attach window (semaphore up, BPF program not yet live)
#   nodescope-idle       CPU per second while attached with no events: the fixed polling cost;
#                        "above the idle cost" subtracts it from the count/log figures
# With 2,000,000 hits and 3 repeats it takes about 5-6 minutes where a uprobe hit costs ~6 us.
#
# Environment:
#   CONFIGS="none bpftrace-count ..."   subset/order of configurations
#   NODESCOPE_ARGS="--ring-size 64MiB"  extra options for every nodescope run
#   JAVA_HOME                           JDK 25 (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   JVM_OPTS="..."                      JVM options of nodescope (default: the ./nodescope launcher's, per command)
#   JVM_EXTRA="..."                     more JVM options after those (e.g. -Dnodescope.rehearsal=false)
#   BUILD=1                             run mvn package first even if target/nodescope.jar exists
#   IDLE_MS=4000                        length of the nodescope-idle measurement
#   KEEP=1                              keep the work directory (per-run outputs) for inspection
#   RESULTS=FILE                        also copy the per-run TSV there (bench/hot-path.sh reads it)
#   TP=ctx:name, PAYLOAD=BYTES          the tracepoint fired (default net:inbound_message) and its
#                                       payload size (message tracepoints only; default 8)
#
# Needs root (BPF, uprobes), bpftrace, gcc, jq and curl (and tmux for nodescope-monitor).
set -euo pipefail

HITS=${1:-2000000}
REPEATS=${2:-3}
TP=${TP:-net:inbound_message}
PAYLOAD=${PAYLOAD:-8}
CONFIGS=${CONFIGS:-"none bpftrace-count bpftrace-print nodescope-count nodescope-log-json bpftrace-count-2t nodescope-count-2t nodescope-log-json-2t nodescope-idle"}
NODESCOPE_ARGS=${NODESCOPE_ARGS:-}
METRICS_PORT=${METRICS_PORT:-19435}
NATS_PORT=${NATS_PORT:-14222}
# shellcheck source=../scripts/jvm-options.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/jvm-options.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -x $JDK/bin/java && $("$JDK/bin/java" -version 2>&1) == *'"25'* ]] || JDK=/usr/lib/jvm/temurin-25-jdk-amd64
JAVA=$JDK/bin/java

die() { echo "extractor-overhead: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "must run as root (BPF, uprobes)"
command -v bpftrace >/dev/null || die "bpftrace not found (apt-get install -y bpftrace)"
command -v gcc >/dev/null || die "gcc not found"
for tool in jq curl; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y $tool)"
done
[[ $HITS =~ ^[0-9]+$ && $HITS -gt 0 && $REPEATS =~ ^[0-9]+$ && $REPEATS -gt 0 ]] || die "usage: $0 [HITS] [REPEATS]"

# ---- build and private copies (others may rebuild target/ while we run) ---------------------
if [[ ${BUILD:-0} == 1 || ! -f $ROOT/target/nodescope.jar || ! -x $ROOT/target/classes/native/nodescope-fixture ]]; then
    echo "building nodescope ..." >&2
    (cd "$ROOT" && JAVA_HOME=$JDK PATH=$JDK/bin:$PATH MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -q package -DskipTests) >&2
fi
WORK=$(mktemp -d /tmp/nodescope-bench.XXXXXX)
cp "$ROOT/target/nodescope.jar" "$WORK/nodescope.jar"
cp "$ROOT/target/classes/native/nodescope-fixture" "$WORK/nodescope-fixture"
FX=$WORK/nodescope-fixture
JAR=$WORK/nodescope.jar
gcc -O2 -Wall -o "$WORK/benchutil" "$ROOT/bench/benchutil.c"
BU=$WORK/benchutil
# shellcheck source=tracer-runs.sh
. "$ROOT/bench/tracer-runs.sh"
SEM=$(readelf -n "$FX" | awk -v n="${TP#*:}" -v p="${TP%%:*}" '
    /Provider:/ {prov=$2} /Name:/ {name=$2}
    /Semaphore:/ && prov==p && name==n && !found {print $NF; found=1}')
[[ -n $SEM ]] || die "no semaphore for $TP in $FX"

# tracefs/debugfs for bpftrace's USDT support; memlock for old-style BPF accounting
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
mountpoint -q /sys/kernel/debug || mount -t debugfs nodev /sys/kernel/debug 2>/dev/null || true
ulimit -l unlimited 2>/dev/null || true

# ---- cleanup: every process we started, by pid ------------------------------------------------
PIDS=()
# the monitor runs in a tmux server of our own
TMUX_SOCKET=nodescope-bench-$$
cleanup() {
    local p
    command -v tmux >/dev/null && tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    sleep 0.3
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ ${KEEP:-0} == 1 ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the publisher's server: a nats-server of our own on loopback, with JetStream (the stream is created by publish)
if [[ $CONFIGS == *nodescope-publish* ]]; then
    command -v nats-server >/dev/null || die "nats-server not found (apt-get install -y nats-server)"
    nats-server -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$WORK/nats" >"$WORK/nats.log" 2>&1 &
    PIDS+=("$!")
    for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$NATS_PORT") 2>/dev/null && break; sleep 0.05; done
fi

RES=$WORK/results.tsv
printf 'rep\tconfig\tthreads\thits\tfired\tfx_cpu_ns\tfx_elapsed_ns\treceived\tlost\tmissed\ttracer_ns\tstop_ns\tself_cpu_ns\tt_done_ns\tlag_ns\tbpf_hits\tok\tmaxrss_kib\tstored_bytes_per_event\n' >"$RES"
IDLE_MS=${IDLE_MS:-4000}
IDLE_SKIP_MS=2000 # after attach: JIT warm-up, not the steady polling cost
printf 'wait-attached %s\nsleep %s\n' "$TP" "$((IDLE_SKIP_MS + IDLE_MS))" >"$WORK/idle.scenario"

# run_one REP CONFIG: one fresh fixture, one tracer, one result line
run_one() {
    local rep=$1 cfg=$2 threads=1 kind=$2
    case $cfg in *-2t) threads=2; kind=${cfg%-2t} ;; esac
    local d=$WORK/r$rep-$cfg
    mkdir -p "$d"
    if [[ $kind == nodescope-idle ]]; then
        # nodescope attached to a process that fires nothing: its fixed cost per second
        "$FX" play "$WORK/idle.scenario" >"$d/fx.out" 2>"$d/fx.err" &
    elif [[ $kind == none ]]; then
        "$FX" load "$TP" "$HITS" "$threads" --payload-size "$PAYLOAD" >"$d/fx.json" 2>"$d/fx.err" &
    else
        "$FX" load "$TP" "$HITS" "$threads" --payload-size "$PAYLOAD" --wait-attached >"$d/fx.json" 2>"$d/fx.err" &
    fi
    local fxpid=$!
    PIDS+=("$fxpid")
    local received=0 lost=0 tracer_ns=0 stop_ns=0 self_cpu=0 t_done=0 lag=0 bpf_hits=0 ok=1 maxrss=0 stored=0
    if [[ $kind == none ]]; then
        wait "$fxpid" || ok=0
    else
        local cmd prefix="" counted=0
        case $kind in
            bpftrace-count)
                cmd=(bpftrace -p "$fxpid" -e "usdt:$FX:$TP { @c = count(); }") ;;
            bpftrace-print)
                counted=1; prefix="M "
                cmd=(bpftrace -p "$fxpid" -e "usdt:$FX:$TP { printf(\"M %d %s %s %s %d\\n\", arg0, str(arg1), str(arg2), str(arg3), arg4); }") ;;
            nodescope-count | nodescope-idle)
                cmd=("$JAVA" --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts count)} ${JVM_EXTRA:-} -jar "$JAR" count --pid "$fxpid" --events "$TP"
                     --format json --follow $NODESCOPE_ARGS) ;;
            nodescope-metrics)
                cmd=("$JAVA" --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts metrics)} ${JVM_EXTRA:-} -jar "$JAR" metrics --pid "$fxpid"
                     --events "$TP" --listen "127.0.0.1:$METRICS_PORT" --follow $NODESCOPE_ARGS) ;;
            nodescope-watch)
                cmd=("$JAVA" --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts watch)} ${JVM_EXTRA:-} -jar "$JAR" watch --pid "$fxpid"
                     --events "$TP" --follow $NODESCOPE_ARGS) ;;
            nodescope-publish | nodescope-publish-js)
                local js=()
                [[ $kind == nodescope-publish-js ]] && js=(--jetstream BENCH)
                cmd=("$JAVA" --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts publish)} ${JVM_EXTRA:-} -jar "$JAR" publish --pid "$fxpid"
                     --events "$TP" --nats "nats://127.0.0.1:$NATS_PORT" --node bench "${js[@]}" --follow $NODESCOPE_ARGS) ;;
            nodescope-record)
                cmd=("$JAVA" --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts record)} ${JVM_EXTRA:-} -jar "$JAR" record --pid "$fxpid"
                     --events "$TP" --out "$d/archive" --follow $NODESCOPE_ARGS) ;;
            nodescope-monitor)
                command -v tmux >/dev/null || die "tmux not found (apt-get install -y tmux)"
                # benchutil runs inside the pane so that tracer.res names the JVM itself
                cmd=(tmux -L "$TMUX_SOCKET" new-session -d -x 120 -y 40
                     "$BU run $d/tracer.res $JAVA --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts monitor)} ${JVM_EXTRA:-} -jar $JAR monitor --pid $fxpid --events $TP --follow $NODESCOPE_ARGS 2>$d/tracer.err") ;;
            nodescope-log-json)
                counted=1; prefix="{\"event\":\"$TP\""
                cmd=("$JAVA" --enable-native-access=ALL-UNNAMED ${JVM_OPTS-$(nodescope_jvm_opts log)} ${JVM_EXTRA:-} -jar "$JAR" log --pid "$fxpid" --events "$TP"
                     --format json --follow $NODESCOPE_ARGS) ;;
            *) die "unknown configuration $cfg" ;;
        esac
        local lpid="" wpid tpid
        if [[ $kind == nodescope-monitor ]]; then
            "${cmd[@]}"
            sleep 0 &
            wpid=$!
            tpid=$(tracer_pid "$d")
            PIDS+=("$tpid")
        else
            # (counted: stdout counted on the fly, never stored; the mark is log's nodescope:detached event)
            tracer_start "$d" "$( ((counted)) && echo "$prefix")" '{"event":"nodescope:detached"' "${cmd[@]}"
            wpid=$TRACER_WRAPPER lpid=$TRACER_LINES tpid=$TRACER_PID
        fi
        local cpu0 t0 sem
        # the tracer's CPU and the time when the load starts: the semaphore the fixture waits for went > 0
        if sem=$("$BU" wait-sem "$fxpid" "$SEM" "$tpid" 30000 2>>"$d/tracer.err"); then
            read -r cpu0 t0 <<<"$sem"
        else
            ok=0; cpu0=0; t0=$(now_ns)
        fi
        if [[ $kind == nodescope-idle ]] && ((ok)); then
            sleep "$(awk -v m="$IDLE_SKIP_MS" 'BEGIN{print m / 1000}')"
            cpu0=$("$BU" cpu "$tpid")
            t0=$(now_ns)
        fi
        wait "$fxpid" || ok=0
        local t_fx_end
        t_fx_end=$(now_ns)
        # the tracer is done when it has drained everything; sample its CPU then, before stopping it
        local cpu1=""
        if [[ $kind == nodescope-idle ]]; then
            cpu1=$("$BU" cpu "$tpid" 2>/dev/null || true)
            t_done=$t_fx_end
        elif [[ $kind == nodescope-* ]]; then
            # with --follow, nodescope detaches, drains, reports "detached" and stays up
            # (count: a line on stderr; log: a nodescope:detached event on stdout)
            local marker=$d/tracer.err regex='nodescope: detached'
            [[ $kind == nodescope-log-json ]] && { marker=$d/marked; regex=''; }
            if [[ $kind == nodescope-monitor ]]; then
                # (monitor: "detached: ..." in its status line, read from the pane)
                marker=$d/pane.txt; regex='detached:'
                local deadline=$((SECONDS + 120))
                while ((SECONDS < deadline)) && kill -0 "$tpid" 2>/dev/null; do
                    tmux -L "$TMUX_SOCKET" capture-pane -p >"$d/pane.tmp" 2>/dev/null || true
                    grep -q 'detached:' "$d/pane.tmp" && { mv "$d/pane.tmp" "$d/pane.txt"; break; }
                    sleep 0.01
                done
            fi
            if wait_line "$marker" "$regex" "$tpid" 120; then
                t_done=$(now_ns)
                cpu1=$("$BU" cpu "$tpid" 2>/dev/null || true)
                # what the exporter counted, scraped once the extractor has drained everything
                [[ $kind == nodescope-metrics ]] && curl -s "http://127.0.0.1:$METRICS_PORT/metrics" >"$d/metrics.txt"
            fi
        else
            # bpftrace -p exits by itself within ~100 ms of the target's exit; if it is still
            # up once idle, sample it there (idle is seen one 100 ms window late)
            cpu1=$(wait_idle "$tpid" 300 || true)
            t_done=$(($(now_ns) - 100000000))
        fi
        if [[ $kind == nodescope-monitor ]]; then
            # quit with q, as a person would; benchutil records the JVM's CPU when it has exited
            tmux -L "$TMUX_SOCKET" send-keys q
            for _ in $(seq 3000); do grep -q '^cpu_ns ' "$d/tracer.res" && break; sleep 0.01; done
            tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
        fi
        kill -INT "$wpid" 2>/dev/null || true
        wait "$wpid" || true
        [[ -n $lpid ]] && { wait "$lpid" || true; }
        local total
        total=$(awk '/^cpu_ns /{print $2}' "$d/tracer.res")
        if [[ -z $cpu1 ]]; then
            # it exited on its own first (bpftrace): its whole CPU after the load started, stop included
            cpu1=$total
            [[ $kind == bpftrace-* ]] || ok=0
        fi
        tracer_ns=$((cpu1 - cpu0))
        stop_ns=$((total - cpu1))
        lag=$((t_done > t_fx_end ? t_done - t_fx_end : 0))
        t_done=$((t_done - t0))
        case $kind in
            bpftrace-count)
                received=$(awk '/^@c:/{print $2}' "$d/out.txt")
                lost=$(cat "$d/out.txt" "$d/tracer.err" | awk '/^Lost [0-9]+ events/{s+=$2} END{print s+0}') ;;
            bpftrace-print)
                received=$(awk '{print $4}' "$d/lines.txt")
                lost=$(( $(awk '{print $6}' "$d/lines.txt") + $(awk '/^Lost [0-9]+ events/{s+=$2} END{print s+0}' "$d/tracer.err") )) ;;
            nodescope-count | nodescope-idle)
                received=$(jq -r '.received' "$d/out.txt")
                lost=$(jq -r '.lost + .decode_errors' "$d/out.txt")
                bpf_hits=$(jq -r '[.tracepoints[].hits] | add // 0' "$d/out.txt")
                self_cpu=$(jq -r '.extractor_cpu_ns' "$d/out.txt") ;;
            nodescope-metrics)
                # (its labels: tracepoint, and node since the fleet work)
                received=$(awk -v tp="$TP" '$1 ~ /^nodescope_events_total[{]/ && index($1, "tracepoint=\"" tp "\"") {print int($2)}' "$d/metrics.txt")
                lost=$(awk '/^nodescope_events_lost_total/{s+=$2} END{print int(s)}' "$d/metrics.txt") ;;
            nodescope-record)
                # what reached the archive, read back once the recorder has closed it
                "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" archive info --format json "$d/archive" >"$d/info.json"
                received=$(jq -r --arg tp "$TP" '.counts[$tp] // 0' "$d/info.json")
                lost=$(awk '/^nodescope: [0-9]+ (lost at|records lost)/{s+=$2} END{print s+0}' "$d/tracer.err")
                stored=$(jq -r '.stored_bytes_per_event' "$d/info.json")
                echo "  nodescope-record: $stored bytes/event stored" >&2 ;;
            nodescope-publish | nodescope-publish-js)
                received=$(awk '/^nodescope: published [0-9,]+ events/{gsub(",", "", $3); print $3}' "$d/tracer.err")
                lost=$(( $(awk '/^nodescope: [0-9]+ (lost at|records lost)/{s+=$2} END{print s+0}' "$d/tracer.err")
                         + $(awk -F'lost:' '/^nodescope: published/ && NF > 1 {n=split($2, a, " "); for (i = 2; i <= n; i += 2) {gsub(",", "", a[i]); s += a[i]}} END{print s+0}' "$d/tracer.err") )) ;;
            nodescope-watch)
                received=$(awk '/^nodescope: watched [0-9,]+ events/{gsub(",", "", $3); print $3}' "$d/tracer.err")
                lost=$(awk '/^nodescope: [0-9]+ (lost at|records lost)/{s+=$2} END{print s+0}' "$d/tracer.err") ;;
            nodescope-monitor)
                received=$(awk '/^nodescope: [0-9]+ events monitored/{print $2}' "$d/tracer.err")
                lost=$(awk '/^nodescope: [0-9]+ (lost at|records lost)/{s+=$2} END{print s+0}' "$d/tracer.err") ;;
            nodescope-log-json)
                received=$(awk '{print $4}' "$d/lines.txt")
                lost=$(awk '/^nodescope: [0-9]+ (lost at|records lost)/{s+=$2} END{print s+0}' "$d/tracer.err") ;;
        esac
        [[ $received =~ ^[0-9]+$ ]] || { received=0; ok=0; }
        maxrss=$(awk '/^maxrss_kib /{print $2}' "$d/tracer.res")
        [[ $maxrss =~ ^[0-9]+$ ]] || maxrss=0
    fi
    local fired=0 fxcpu=0 fxel=0
    if [[ $kind != nodescope-idle ]]; then
        fired=$(jq -r '.fired' "$d/fx.json" 2>/dev/null || echo 0)
        fxcpu=$(jq -r '.cpu_ns' "$d/fx.json" 2>/dev/null || echo 0)
        fxel=$(jq -r '.elapsed_ns' "$d/fx.json" 2>/dev/null || echo 0)
        [[ $fired =~ ^[0-9]+$ ]] || { fired=0; fxcpu=0; fxel=0; ok=0; }
    fi
    local missed=0
    [[ $kind == none ]] || missed=$((fired - received))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$cfg" "$threads" "$HITS" "$fired" \
        "$fxcpu" "$fxel" "$received" "$lost" "$missed" "$tracer_ns" "$stop_ns" "$self_cpu" "$t_done" "$lag" "$bpf_hits" "$ok" "$maxrss" "$stored" >>"$RES"
    ((ok)) || echo "  warning: $cfg (repeat $rep) did not complete cleanly; outputs in $d" >&2
    if [[ $kind == nodescope-idle ]]; then
        printf '  %-20s attached, no events: tracer CPU %.1f ms/s\n' "$cfg" \
            "$(awk -v a="$tracer_ns" -v t="$t_done" 'BEGIN{print (t > 0 ? a / t * 1000 : 0)}')" >&2
    else
        printf '  %-20s fired %9s  received %9s  lost %6s  fixture %7.0f ns/hit cpu %7.0f ns/hit wall\n' "$cfg" "$fired" \
            "$received" "$lost" "$(awk -v a="$fxcpu" -v h="$HITS" 'BEGIN{print a/h}')" \
            "$(awk -v a="$fxel" -v h="$HITS" 'BEGIN{print a/h}')" >&2
    fi
    PIDS=() # everything of this run has been waited for
}

# ---- run -------------------------------------------------------------------------------------
read -r -a CFG <<<"$CONFIGS"
CPU_MODEL=$(awk -F': ' '/^model name/ && !m {print $2; m=1}' /proc/cpuinfo)
echo "extractor overhead: $HITS hits of $TP ($PAYLOAD-byte payload if a message), $REPEATS repeats, $(nproc) CPUs ($CPU_MODEL), kernel $(uname -r)" >&2
echo "$("$JAVA" -jar "$JAR" --version 2>&1 | head -1) (jar built $(date -r "$ROOT/target/nodescope.jar" '+%F %T'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')), $("$JAVA" -version 2>&1 | head -1), $(bpftrace --version)" >&2
start=$SECONDS
for ((rep = 1; rep <= REPEATS; rep++)); do
    echo "repeat $rep/$REPEATS" >&2
    n=${#CFG[@]}
    for ((i = 0; i < n; i++)); do
        run_one "$rep" "${CFG[$(((i + rep - 1) % n))]}"
    done
done
[[ -n ${RESULTS:-} ]] && cp "$RES" "$RESULTS"

# ---- report ------------------------------------------------------------------------------------
# per run: derived figures; per config: medians; ratios against the bpftrace-count floor with the
# same number of firing threads
awk -F'\t' -v hits="$HITS" '
function median(cfg, key,   n, i, j, t, v) {
    n = cnt[cfg]
    for (i = 1; i <= n; i++) v[i] = val[cfg, key, i]
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function has(c) { return c in cnt }
function num(x) { return x < 100 ? sprintf("%.1f", x) : sprintf("%.0f", x) }
NR == 1 { next }
{
    cfg = $2
    if (!(cfg in cnt)) { order[++ncfg] = cfg; thr[cfg] = $3 }
    k = ++cnt[cfg]
    if ($17 != 1) bad[cfg]++
    val[cfg, "cpu", k] = $6 / $4
    val[cfg, "wall", k] = $7 / $4
    val[cfg, "fired", k] = $5
    val[cfg, "recv", k] = $8
    val[cfg, "lost", k] = $9
    val[cfg, "missed", k] = $10
    val[cfg, "ext", k] = $8 > 0 ? $11 / $8 : 0
    val[cfg, "busy", k] = $14 > 0 ? $11 / $14 : 0          # tracer CPU / wall time, 1 = one core
    val[cfg, "stop", k] = $12 / 1e6
    val[cfg, "self", k] = $8 > 0 ? $13 / $8 : 0
    val[cfg, "offered", k] = $7 > 0 ? $8 / ($7 / 1e9) : 0
    val[cfg, "drained", k] = $14 > 0 ? $8 / ($14 / 1e9) : 0
    val[cfg, "lag", k] = $15 / 1e6
    val[cfg, "unseen", k] = $16 - $8                        # nodescope count: BPF runs not received
    tns[cfg, k] = $11; tdone[cfg, k] = $14; recv[cfg, k] = $8
    rep[cfg, k] = $1
    cpurep[$1, cfg] = $6 / $4
}
END {
    floor1 = has("bpftrace-count") ? median("bpftrace-count", "cpu") : 0
    floor2 = has("bpftrace-count-2t") ? median("bpftrace-count-2t", "cpu") : 0
    idle = has("nodescope-idle") ? median("nodescope-idle", "busy") : -1   # CPU s per s while idle
    printf "\nMedians over %d repeat(s), %d hits each:\n\n", cnt[order[1]], hits
    printf "| configuration | threads | fixture CPU ns/hit | x floor | fixture wall ns/hit | fired | received | lost | missed | tracer CPU ns/event | tracer CPU, %% of a core | events/s drained | drain lag ms | stop ms |\n"
    printf "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
    for (i = 1; i <= ncfg; i++) {
        c = order[i]
        name = c (bad[c] ? " (" bad[c] " bad run)" : "")
        if (c == "nodescope-idle") {
            printf "| %s | - | - | - | - | - | - | - | - | - | %.1f (%.1f ms/s) | - | - | - |\n", name, 100 * idle, 1000 * idle
            continue
        }
        f = thr[c] == 2 ? floor2 : floor1
        cpu = median(c, "cpu")
        none = c ~ /^none/; incount = c ~ /^bpftrace-count/
        ratio = (f > 0 && !none) ? sprintf("%.2f", cpu / f) : "-"
        printf "| %s | %d | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, thr[c], num(cpu), ratio,
            num(median(c, "wall")), median(c, "fired"),
            none ? "-" : sprintf("%d", median(c, "recv")), none ? "-" : sprintf("%d", median(c, "lost")),
            none ? "-" : sprintf("%d", median(c, "missed")),
            none ? "-" : (incount ? "(in kernel)" : sprintf("%.0f", median(c, "ext"))),
            none ? "-" : sprintf("%.1f", 100 * median(c, "busy")),
            none ? "-" : sprintf("%.0f", median(c, "drained")),
            none ? "-" : sprintf("%.0f", median(c, "lag")), none ? "-" : sprintf("%.0f", median(c, "stop"))
    }
    printf "\nPer repeat: fixture CPU ns/hit (x the same repeat'"'"'s floor) / tracer CPU ns/event / lost:\n"
    for (i = 1; i <= ncfg; i++) {
        c = order[i]
        if (c ~ /^none|idle/) continue
        fl = thr[c] == 2 ? "bpftrace-count-2t" : "bpftrace-count"
        line = sprintf("  %-22s", c)
        for (k = 1; k <= cnt[c]; k++) {
            fv = cpurep[rep[c, k], fl]
            line = line sprintf("  %.0f", val[c, "cpu", k]) (fv > 0 ? sprintf(" (%.2f)", val[c, "cpu", k] / fv) : "") \
                sprintf(" / %.0f / %d", val[c, "ext", k], val[c, "lost", k])
        }
        print line
    }
    printf "\nWhere the tracer CPU goes (nodescope):\n"
    if (idle >= 0)
        printf "  attached but idle (no events): %.1f ms CPU per second (%.1f%% of a core)\n", 1000 * idle, 100 * idle
    for (i = 1; i <= ncfg; i++) {
        c = order[i]
        if (c !~ /^nodescope-(count|log)/) continue
        line = sprintf("  %-22s %.0f ns/event in all", c, median(c, "ext"))
        if (idle >= 0) {
            for (k = 1; k <= cnt[c]; k++) val[c, "marg", k] = recv[c, k] > 0 ? (tns[c, k] - idle * tdone[c, k]) / recv[c, k] : 0
            line = line sprintf(", %.0f ns/event above the idle cost", median(c, "marg"))
        }
        if (c ~ /count/)
            line = line sprintf("; BPF program runs not received: %d; self-reported extractor_cpu_ns (from attach): %.0f ns/event", median(c, "unseen"), median(c, "self"))
        print line
    }
    printf "\nTargets:\n"
    if (floor1 > 0 && has("nodescope-count")) {
        r = median("nodescope-count", "cpu") / floor1
        printf "  traced-process cost per hit <= 1.6x the in-kernel-count floor (nodescope-count): %.2fx  %s\n", r, r <= 1.6 ? "MET" : "NOT MET"
    }
    if (floor1 > 0 && has("nodescope-log-json")) {
        r = median("nodescope-log-json", "cpu") / floor1
        printf "  (same, nodescope-log-json: %.2fx)\n", r
    }
    if (has("nodescope-count")) {
        e = median("nodescope-count", "ext")
        printf "  extractor CPU <= 200 ns/event with count: %.0f ns/event  %s\n", e, e <= 200 ? "MET" : "NOT MET"
    }
    for (i = 1; i <= ncfg; i++) {
        c = order[i]
        if (c !~ /^nodescope-(count|log|monitor|watch)/) continue
        worst = 0
        for (k = 1; k <= cnt[c]; k++) if (val[c, "lost", k] > worst) worst = val[c, "lost", k]
        printf "  zero events lost at the fixture'"'"'s full rate (%s, %d firing thread(s)): worst run lost %d  %s\n", c, thr[c], worst, worst == 0 ? "MET" : "NOT MET"
    }
    for (i = 1; i <= ncfg; i++) {
        c = order[i]
        if (c !~ /^nodescope-log-json/) continue
        kept = 1
        for (k = 1; k <= cnt[c]; k++) if (val[c, "lost", k] > 0 || val[c, "recv", k] == 0) kept = 0
        d = median(c, "drained"); o = median(c, "offered")
        printf "  log --format json keeps up with >= 300k events/s (%s): wrote %.0f events/s, offered %.0f/s, kept up: %s  %s\n", c, d, o,
            kept ? "yes" : "no", (kept && d >= 300000) ? "MET" : (kept ? "NOT SHOWN (kept up, but the fixture offered < 300k/s)" : "NOT MET")
    }
}' "$RES"
echo >&2
echo "total time $((SECONDS - start)) s; per-run TSV: ${RESULTS:-$RES (deleted; set RESULTS=FILE or KEEP=1)}" >&2
