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
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"
bench_build
bench_java -Xmx1g dev.nodescope.fleet.FleetLatencyBench "$@"
