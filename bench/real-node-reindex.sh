#!/usr/bin/env bash
# nodescope's own CPU per event on a real bitcoind replaying its chain (issue 18 on a real node).
#
#   bench/real-node-reindex.sh /path/to/bitcoind [REPEATS]      (default REPEATS: 3)
#
# The bitcoind is one you already have, built with -DWITH_USDT=ON and the wallet (bitcoin-cli
# beside it, or BITCOIN_CLI); nothing here fetches or builds Bitcoin Core. Every node runs on
# regtest in a private network namespace (unshare --net, loopback only), never dialling out.
#
# 1. The chain (once, kept in CHAIN_DIR): a wallet mines 200 blocks, then sends TXS transactions
#    of OUTPUTS outputs each (to addresses of a second wallet that is unloaded, so the node's
#    wallet does not track them), 10 to a block: TXS x OUTPUTS utxocache:add events when the
#    chain state is rebuilt (default 700 x 2000: ~1.4 million, like the issue's reindex).
# 2. Per repeat and tool (count, record, log --format json into a pipe, metrics; interleaved):
#    the tool attaches to the binary (--binary: the node is not running yet), and once it says
#    "attached" the node starts with -reindex-chainstate -stopatheight=TIP and exits when its
#    chain state is rebuilt. nodescope's CPU counts from the node's start until the tool is idle
#    again after the node's exit (start-up and rehearsal excluded; the node's own start and
#    shutdown are in it, at the tool's idle polling cost); events are what the tool itself
#    received (the node's tracepoints; nodescope's own attached event left out). Prints per
#    tool: ns/event (median and range), x count, events, lost, the node's seconds, and the peak
#    resident set (the tool's whole run, start-up included).
#
# Environment:
#   CHAIN_DIR=/tmp/nodescope-reindex-chain   the regtest chain (built when missing; delete to rebuild)
#   TXS=700 OUTPUTS=2000                       its size (used only when building)
#   TOOLS="count record log-json metrics"     subset (count is needed for the ratios)
#   JVM_OPTS="..."                             nodescope's JVM options (default: the launcher's)
#   JVM_EXTRA="..."                            added to them (e.g. -Dnodescope.rehearsal=false)
#   METRICS_PORT=19436, KEEP=1 (keep the work directory), BUILD=0 (use target/nodescope.jar as is)
# Needs root (BPF, uprobes, namespaces), gcc, jq, curl, python3.
set -euo pipefail

BITCOIND=${1:-}
REPEATS=${2:-3}
CHAIN_DIR=${CHAIN_DIR:-/tmp/nodescope-reindex-chain}
TXS=${TXS:-700}
OUTPUTS=${OUTPUTS:-2000}
TOOLS=${TOOLS:-"count record log-json metrics"}
METRICS_PORT=${METRICS_PORT:-19436}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JDK/bin/java
JAR=$ROOT/target/nodescope.jar
# shellcheck source=../scripts/jvm-options.sh
. "$ROOT/scripts/jvm-options.sh"

die() { echo "real-node-reindex: $*" >&2; exit 1; }
[[ -n $BITCOIND ]] || die "usage: bench/real-node-reindex.sh /path/to/bitcoind [REPEATS] (a bitcoind built with -DWITH_USDT=ON)"
BITCOIND=$(readlink -f "$BITCOIND")
[[ -x $BITCOIND ]] || die "$BITCOIND is not an executable bitcoind"
BITCOIN_CLI=${BITCOIN_CLI:-$(dirname "$BITCOIND")/bitcoin-cli}
[[ -x $BITCOIN_CLI ]] || die "no bitcoin-cli beside $BITCOIND: set BITCOIN_CLI=/path/to/bitcoin-cli"
(( $(readelf -n "$BITCOIND" 2>/dev/null | grep -c NT_STAPSDT) > 0 )) || die "$BITCOIND has no USDT tracepoints: build it with -DWITH_USDT=ON"
[[ $REPEATS =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive number"
[[ $(id -u) == 0 ]] || die "needs root (BPF, uprobes, network namespaces)"
for t in gcc jq curl python3 unshare nsenter; do command -v "$t" >/dev/null || die "$t not found"; done
for t in $TOOLS; do
    case $t in count | record | log-json | metrics) ;; *) die "unknown tool $t (count, record, log-json, metrics)" ;; esac
done
if [[ ${BUILD:-1} == 1 ]]; then
    (cd "$ROOT" && mvn -q -o package -DskipTests >/dev/null 2>&1) || (cd "$ROOT" && mvn -q package -DskipTests >/dev/null) \
        || die "mvn package failed"
fi
[[ -f $JAR ]] || die "$JAR missing: run mvn package"

WORK=$(mktemp -d /tmp/nodescope-real-node-reindex.XXXXXX)
gcc -O2 -Wall -o "$WORK/benchutil" "$ROOT/bench/benchutil.c"
BU=$WORK/benchutil
# shellcheck source=tracer-runs.sh
. "$ROOT/bench/tracer-runs.sh"
# a private copy: others may rebuild target/ while this runs
cp "$JAR" "$WORK/nodescope.jar"
JAR=$WORK/nodescope.jar
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ ${KEEP:-0} == 1 ]] && echo "work directory kept: $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the private network: a holder process keeps the namespace; nodes and bitcoin-cli join it
unshare --net -- sh -c 'ip link set lo up && exec sleep 86400' &
HOLDER=$!
PIDS+=("$HOLDER")
sleep 0.3
[[ $(nsenter --net=/proc/$HOLDER/ns/net -- ip -o link show | grep -vc ': lo:') == 0 ]] || die "could not make a private network namespace"
inside() { nsenter --net="/proc/$HOLDER/ns/net" -- "$@"; }
NODE_ARGS=(-regtest -datadir="$CHAIN_DIR" -connect=0 -dnsseed=0 -fixedseeds=0 -listenonion=0 -bind=127.0.0.1
    -rpcbind=127.0.0.1 -rpcallowip=127.0.0.1 -printtoconsole=0)
cli() { inside "$BITCOIN_CLI" -regtest -datadir="$CHAIN_DIR" -rpcclienttimeout=600 "$@"; }

build_chain() {
    echo "building the chain in $CHAIN_DIR: $TXS transactions of $OUTPUTS outputs" >&2
    rm -rf "$CHAIN_DIR"
    mkdir -p "$CHAIN_DIR"
    inside "$BITCOIND" "${NODE_ARGS[@]}" -fallbackfee=0.0001 -daemon=0 >/dev/null 2>"$WORK/build-node.err" &
    local node=$!
    PIDS+=("$node")
    cli -rpcwait createwallet miner >/dev/null
    cli createwallet sink >/dev/null
    local miner i
    miner=$(cli -rpcwallet=miner getnewaddress)
    cli generatetoaddress 200 "$miner" >/dev/null
    for i in $(seq "$OUTPUTS"); do echo "$(cli -rpcwallet=sink getnewaddress)"; done >"$WORK/addresses"
    cli unloadwallet sink >/dev/null
    python3 -c 'import json, sys; print("amounts=" + json.dumps({a: 0.0001 for a in open(sys.argv[1]).read().split()}))' \
        "$WORK/addresses" >"$WORK/sendmany"
    for ((i = 1; i <= TXS; i++)); do
        cli -rpcwallet=miner -named -stdin sendmany <"$WORK/sendmany" >/dev/null
        if ((i % 10 == 0 || i == TXS)); then cli generatetoaddress 1 "$miner" >/dev/null; fi
    done
    local tip
    tip=$(cli getblockcount)
    cli stop >/dev/null
    wait "$node" || true
    echo "$tip" >"$CHAIN_DIR/.nodescope-complete"
}
[[ -f $CHAIN_DIR/.nodescope-complete ]] || build_chain
TIP=$(cat "$CHAIN_DIR/.nodescope-complete")
[[ $TIP =~ ^[0-9]+$ && $TIP -gt 200 ]] || die "$CHAIN_DIR/.nodescope-complete does not hold the chain's height (delete $CHAIN_DIR to rebuild)"
echo "chain: $TIP blocks in $CHAIN_DIR" >&2

RES=$WORK/results.tsv
: >"$RES"
# run_one REP TOOL: the tool attached to the binary, the node reindexing, one result line
run_one() {
    local rep=$1 tool=$2 d="$WORK/$1-$2" cmd
    mkdir -p "$d"
    local java=("$JAVA" --enable-native-access=ALL-UNNAMED)
    case $tool in
        count) cmd=("${java[@]}" ${JVM_OPTS-$(nodescope_jvm_opts count)} ${JVM_EXTRA:-} -jar "$JAR" count --binary "$BITCOIND" --format json) ;;
        record) cmd=("${java[@]}" ${JVM_OPTS-$(nodescope_jvm_opts record)} ${JVM_EXTRA:-} -jar "$JAR" record --binary "$BITCOIND" --out "$d/archive") ;;
        log-json) cmd=("${java[@]}" ${JVM_OPTS-$(nodescope_jvm_opts log)} ${JVM_EXTRA:-} -jar "$JAR" log --binary "$BITCOIND" --format json) ;;
        metrics) cmd=("${java[@]}" ${JVM_OPTS-$(nodescope_jvm_opts metrics)} ${JVM_EXTRA:-} -jar "$JAR" metrics --binary "$BITCOIND"
            --listen "127.0.0.1:$METRICS_PORT") ;;
    esac
    # log: stdout counted on the fly, never stored; its nodescope:attached event is the mark (and not counted)
    tracer_start "$d" "$([[ $tool == log-json ]] && echo '{"event":"nodescope:')" '{"event":"nodescope:attached"' "${cmd[@]}"
    local wpid=$TRACER_WRAPPER lpid=$TRACER_LINES tpid=$TRACER_PID
    # attached: a line on stderr (log: its nodescope:attached event on stdout)
    if [[ $tool == log-json ]]; then
        wait_line "$d/marked" '' "$tpid" 60 || die "$tool did not attach: $(cat "$d/tracer.err")"
    else
        wait_line "$d/tracer.err" '^nodescope: attached to ' "$tpid" 60 || die "$tool did not attach: $(cat "$d/tracer.err")"
    fi
    local cpu0 t0 t1 cpu1
    cpu0=$("$BU" cpu "$tpid")
    t0=$(now_ns)
    inside "$BITCOIND" "${NODE_ARGS[@]}" -reindex-chainstate -stopatheight="$TIP" -daemon=0 >/dev/null 2>"$d/node.err" || true
    t1=$(now_ns)
    cpu1=$(wait_idle "$tpid" 120)
    [[ $tool == metrics ]] && curl -s "http://127.0.0.1:$METRICS_PORT/metrics" >"$d/metrics.txt"
    kill -TERM "$wpid" 2>/dev/null || true
    wait "$wpid" || true
    [[ -n $lpid ]] && { wait "$lpid" || true; }
    local received lost=0
    lost=$(awk '/^nodescope: [0-9]+ (lost at|records lost)/{s+=$2} END{print s+0}' "$d/tracer.err")
    case $tool in
        count)
            received=$(jq -r '.received' "$d/out.txt")
            lost=$(jq -r '.lost + .decode_errors' "$d/out.txt") ;;
        record)
            "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" archive info --format json "$d/archive" >"$d/info.json"
            received=$(jq -r '[.counts | to_entries[] | select(.key | startswith("nodescope:") | not) | .value] | add // 0' "$d/info.json") ;;
        log-json) received=$(awk '{print $2 - $4}' "$d/lines.txt") ;; # all lines but nodescope's own
        metrics)
            received=$(awk '$1 ~ /^nodescope_events_total[{]/ && $1 !~ /tracepoint="nodescope:/ {s+=$2} END{print int(s)}' "$d/metrics.txt")
            lost=$(awk '/^nodescope_events_lost_total/{s+=$2} END{print int(s)}' "$d/metrics.txt") ;;
    esac
    [[ $received =~ ^[0-9]+$ && $received -gt 0 ]] || die "$tool received no events; outputs in $d (KEEP=1 keeps them)"
    local maxrss
    maxrss=$(awk '/^maxrss_kib /{print $2}' "$d/tracer.res")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$tool" "$((cpu1 - cpu0))" "$received" "$lost" "$((t1 - t0))" "${maxrss:-0}" >>"$RES"
    printf '  repeat %s %-9s %6.0f ns/event  %s events  %s lost  node %.1f s\n' "$rep" "$tool" \
        "$(awk -v c=$((cpu1 - cpu0)) -v n="$received" 'BEGIN{print c / n}')" "$received" "$lost" \
        "$(awk -v t=$((t1 - t0)) 'BEGIN{print t / 1e9}')" >&2
}

for ((rep = 1; rep <= REPEATS; rep++)); do
    for tool in $TOOLS; do run_one "$rep" "$tool"; done
done

echo
echo "nodescope CPU per event during -reindex-chainstate of $TIP regtest blocks ($BITCOIND, $REPEATS repeats):"
awk -F'\t' '
function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    k = ++n[$2]; ns[$2, k] = $3 / $4; ev[$2] = $4; if ($5 > lost[$2]) lost[$2] = $5
    node[$2, k] = $6 / 1e9; if ($7 > rss[$2]) rss[$2] = $7
    if (!($2 in seen)) { seen[$2] = 1; order[++tools] = $2 }
}
END {
    target["record"] = "<= 500"; target["log-json"] = "<= 1000"; target["metrics"] = "<= 300"; target["count"] = "-"
    for (t = 1; t <= tools; t++) {
        name = order[t]
        delete a; for (k = 1; k <= n[name]; k++) a[k] = ns[name, k]
        med[name] = median(a, n[name]); lo[name] = a[1]; hi[name] = a[n[name]]
        delete b; for (k = 1; k <= n[name]; k++) b[k] = node[name, k]
        nodes[name] = median(b, n[name])
    }
    printf "| tool | ns/event (median [min-max]) | x count | target | events | lost (worst) | node s | peak RSS MiB (worst) |\n|---|--:|--:|---|--:|--:|--:|--:|\n"
    for (t = 1; t <= tools; t++) {
        name = order[t]
        ratio = ("count" in med) && med["count"] > 0 ? sprintf("%.2f", med[name] / med["count"]) : "-"
        printf "| %s | %.0f [%.0f-%.0f] | %s | %s | %d | %d | %.1f | %.0f |\n", name == "log-json" ? "log --format json" : name,
            med[name], lo[name], hi[name], ratio, target[name], ev[name], lost[name], nodes[name], rss[name] / 1024
    }
}' "$RES"
