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
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"
bench_build
bench_java -Xmx512m dev.nodescope.web.ManyBrowsersBench "$@"
