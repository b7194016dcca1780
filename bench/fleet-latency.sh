#!/usr/bin/env bash
# Fleets over NATS (issue 16): end-to-end latency from a node's hit to a central consumer.
#
#   bench/fleet-latency.sh [SECONDS] [LOAD_RATE]      (defaults: 30 50000)
#
# Starts a nats-server on loopback (with JetStream), then for core NATS and for JetStream: traces
# the stand-in busy node (the tracepoint fixture) for real (BPF), publishes its events through the
# real publisher (publish's Publisher and PublishTool) and reads them back with the NatsSource every
# --nats tool reads; then the same with the fixture's load mode at LOAD_RATE hits/s. Per event:
# wall-clock now minus the hit's kernel timestamp, when the publisher took it and when the consumer
# delivered it; prints p50/p90/p99/p99.9/max (ms), events, events/s and losses. Needs root (BPF)
# and /usr/sbin/nats-server. JAVA_HOME selects the JDK (25 or later).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"

mvn -q -o test-compile -Dnodescope.aot.skip=true 2>/dev/null || mvn -q test-compile -Dnodescope.aot.skip=true
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null 2>&1 \
    || mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
export NODESCOPE_NATIVE_DIR="$PWD/target/classes/native"
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" --enable-native-access=ALL-UNNAMED \
    -Xmx1g dev.nodescope.fleet.FleetLatencyBench "$@"
