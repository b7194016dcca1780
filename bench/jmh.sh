#!/usr/bin/env bash
# JMH micro-benchmarks (src/test/java/dev/nodescope/jmh/, and EventPathBenchmark in
# src/test/java/dev/nodescope/extract/ for its package-private decoder).
#
#   bench/jmh.sh [JMH ARGS...]
#
# Builds the test classes, computes the test class path and runs org.openjdk.jmh.Main with the
# arguments given, e.g.
#   bench/jmh.sh P2pDecodeBenchmark                     # issue 3: P2P decode throughput
#   bench/jmh.sh EventPathBenchmark                     # issue 2: record decode + JSON per event
#   bench/jmh.sh -l                                     # list the benchmarks
#   bench/jmh.sh P2pDecodeBenchmark.decode -p group=small -prof gc
# The defaults (1 fork, 3 x 2 s warm-up, 5 x 2 s measurement) are in the classes' annotations;
# JMH's own options override them (-f, -wi, -w, -i, -r). docs/benchmarks.md has the results.
#
# Maven runs offline (-o) when the dependencies are already in the local repository, and online
# otherwise. JAVA_HOME selects the JDK (25 or later).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

bench_build

if [[ ! -s target/test-classes/META-INF/BenchmarkList ]]; then
    echo "jmh.sh: no target/test-classes/META-INF/BenchmarkList: JMH's annotation processor did not run" >&2
    exit 1
fi

bench_java org.openjdk.jmh.Main "$@"
