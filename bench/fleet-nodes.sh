#!/usr/bin/env bash
# Fleets over NATS (issue 16): how many nodes one central `metrics --nats` keeps up with.
#
#   bench/fleet-nodes.sh [NODES] [MULTIPLE] [SECONDS] [BURST_NODES] [BURST_EVENTS]
#                                              (defaults: 10,25,50,100 8.3 20 20 1000000)
#
# Starts a nats-server on loopback; for each N in NODES, N simulated nodes (a child JVM: each node
# its own NATS connection and Publisher, playing the busy-node scenario with its own name, paced in
# real time at MULTIPLE times the scenario's rate, flushing every 10 ms) publish into one central
# consumer in this JVM: the NatsSource of --nats feeding the metrics exporter (MetricsTool) as
# `metrics --nats` does. Prints per N: events/s delivered, the consumer's CPU (% of a core and ns
# per event: this JVM's CPU, which is the consumer's alone), consume losses, the publishers' and
# nats-server's CPU, and each event's delivery delay (p50/p99/max). Then the consumer's ceiling:
# BURST_NODES nodes' BURST_EVENTS events sent as fast as possible (core NATS, read while sent; and
# into a JetStream stream, the backlog then read). Needs /usr/sbin/nats-server (not root). JAVA_HOME
# selects the JDK (25 or later).
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"
bench_build
bench_java -Xmx1g dev.nodescope.fleet.FleetNodesBench "$@"
