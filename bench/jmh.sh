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
cd "$(dirname "$(readlink -f "$0")")/.."

if [[ -n "${JAVA_HOME:-}" ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

mvn_q() {
    # offline first (fast, no network); online only if something is missing locally
    local log
    log="$(mktemp)"
    if mvn -q -o "$@" >"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    if grep -q -e 'offline mode' -e 'DependencyResolutionException' -e 'PluginResolutionException' "$log"; then
        rm -f "$log"
        mvn -q "$@"
        return
    fi
    cat "$log" >&2
    rm -f "$log"
    return 1
}

mvn_q test-compile
mvn_q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh-classpath.txt

if [[ ! -s target/test-classes/META-INF/BenchmarkList ]]; then
    echo "jmh.sh: no target/test-classes/META-INF/BenchmarkList: JMH's annotation processor did not run" >&2
    exit 1
fi

exec java -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" \
    --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    org.openjdk.jmh.Main "$@"
