#!/usr/bin/env bash
# The web dashboard under many browsers (issue 15).
#
#   bench/web-browsers.sh [BROWSERS] [SECONDS] [UPDATE_MS]      (defaults: 100 20 1000)
#
# Starts the stand-in busy node (the tracepoint fixture), traces it for real (BPF) into the
# dashboard, and measures, first with no browser (the baseline) then with BROWSERS WebSocket
# clients each subscribed to every page's views: events and losses, the process's CPU (% of a
# core, ns per event), each browser's updates per second (min/median/max: the configured rate
# is 1000/UPDATE_MS), bytes per second per browser, updates dropped for slow browsers, and the
# heap after a GC. Needs root (BPF). JAVA_HOME selects the JDK (25 or later).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"

mvn -q -o test-compile -Dnodescope.aot.skip=true 2>/dev/null || mvn -q test-compile -Dnodescope.aot.skip=true
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null 2>&1 \
    || mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
export NODESCOPE_NATIVE_DIR="$PWD/target/classes/native"
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" --enable-native-access=ALL-UNNAMED \
    -Xmx512m dev.nodescope.web.ManyBrowsersBench "$@"
