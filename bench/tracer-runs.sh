# Sourced by the bench scripts that run a tracer under benchutil (bench/extractor-overhead.sh,
# bench/real-node-reindex.sh): starting it with its output counted or kept, and waiting on it.
# Needs BU (bench/benchutil, compiled), the array PIDS (what the script's cleanup stops) and die.
#   tracer_start DIR PREFIX MARK CMD...   runs CMD under benchutil: DIR/tracer.res gets its pid, then its
#                                         CPU and peak memory; its stderr goes to DIR/tracer.err. With a
#                                         PREFIX, stdout is counted on the fly (like | wc -l), never stored:
#                                         DIR/lines.txt counts lines starting with PREFIX, and DIR/marked
#                                         appears at the first line starting with MARK; without, stdout
#                                         goes to DIR/out.txt. Sets TRACER_WRAPPER (benchutil's pid),
#                                         TRACER_LINES (the counter's, or empty) and TRACER_PID (CMD's).
#   tracer_pid DIR                        waits (5 s at most) for the pid benchutil writes in DIR/tracer.res
#   wait_line FILE REGEX PID TIMEOUT      waits until FILE has a line matching REGEX ('' matches an empty
#                                         file too), at most TIMEOUT s or until PID is gone; 0 if found
#   wait_idle PID TIMEOUT                 waits until PID used < 2 ms CPU in 100 ms (or is gone); prints
#                                         its CPU ns at that point
#   now_ns                                the wall clock in ns

now_ns() { date +%s%N; }

tracer_pid() {
    local pid=""
    for _ in $(seq 500); do
        pid=$(awk '/^pid /{print $2}' "$1/tracer.res" 2>/dev/null || true)
        [[ -n $pid ]] && break
        sleep 0.01
    done
    [[ -n $pid ]] || die "the tracer did not start (see $1/tracer.err)"
    echo "$pid"
}

tracer_start() {
    local d=$1 prefix=$2 mark=$3
    shift 3
    TRACER_LINES=""
    if [[ -n $prefix ]]; then
        mkfifo "$d/out.fifo"
        "$BU" lines "$prefix" "$mark" "$d/marked" <"$d/out.fifo" >"$d/lines.txt" &
        TRACER_LINES=$!
        PIDS+=("$TRACER_LINES")
        "$BU" run "$d/tracer.res" "$@" >"$d/out.fifo" 2>"$d/tracer.err" &
    else
        "$BU" run "$d/tracer.res" "$@" >"$d/out.txt" 2>"$d/tracer.err" &
    fi
    TRACER_WRAPPER=$!
    PIDS+=("$TRACER_WRAPPER")
    TRACER_PID=$(tracer_pid "$d")
    PIDS+=("$TRACER_PID")
}

has_line() { [[ -e $1 ]] && { [[ -z $2 ]] || grep -qE "$2" "$1" 2>/dev/null; }; }

wait_line() {
    local file=$1 regex=$2 pid=$3 deadline=$((SECONDS + $4))
    while ((SECONDS < deadline)); do
        has_line "$file" "$regex" && return 0
        kill -0 "$pid" 2>/dev/null || { has_line "$file" "$regex"; return; }
        sleep 0.01
    done
    return 1
}

wait_idle() {
    local pid=$1 deadline=$((SECONDS + $2)) a b
    a=$("$BU" cpu "$pid" 2>/dev/null) || return 1
    while ((SECONDS < deadline)); do
        sleep 0.1
        b=$("$BU" cpu "$pid" 2>/dev/null) || return 1
        if ((b - a < 2000000)); then echo "$b"; return 0; fi
        a=$b
    done
    echo "$b"
}
