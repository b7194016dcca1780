#!/usr/bin/env bash
# Trains the JDK's AOT cache for target/nodescope.jar (JEP 483/514/515: classes read, parsed and linked
# ahead of time, with method profiles), run by `mvn package` once the jar is made. ./nodescope starts
# the JVM from it when it is newer than the jar (docs/benchmarks.md#start-up-issue-11).
#   scripts/aot-train.sh JAVA JAR        writes JAR's directory/nodescope.aot, its log beside it
# One JVM runs several representative commands (dev.nodescope.cli.AotTraining), so the cache holds
# what each of them loads: help, the ELF notes, and a live demo (BPF load and attach, ring buffer,
# events as text and as JSON with decoded payloads). The demos run for a time, not a number of events:
# `--max-events` below the rehearsal's count skips it, and record's and metrics' start-up would then
# load and profile the rehearsal without the cache (busy node: 8-20 MiB more resident, issue 18).
# The JVM options are the launcher's: the JDK uses a cache only under the options it was made with.
# It never fails the build: without BPF (not root, no kernel support) the live commands fail and the
# cache holds the rest; if the JDK cannot make a cache there is none, and ./nodescope starts without.
set -uo pipefail
java="$1"
jar="$(readlink -f "$2")"
target="${jar%/*}"
out="$target/nodescope.aot"
log="$target/aot-training.log"
fixture="$target/classes/native/nodescope-fixture"
rm -f "$out"
tmp="$out.$$.tmp"
trap 'rm -f "$tmp"' EXIT
# shellcheck source=scripts/jvm-options.sh
. "$(dirname "$(readlink -f "$0")")/jvm-options.sh"
# a live command's options (help alone runs interpreted, and would record no method profiles)
# shellcheck disable=SC2046 # the options are words
"$java" --enable-native-access=ALL-UNNAMED $(nodescope_jvm_opts demo) -XX:AOTCacheOutput="$tmp" \
    -cp "$jar" dev.nodescope.cli.AotTraining \
    --help \; log --help \; tracepoints "$fixture" \; decode ping 0102030405060708 \; \
    demo --duration 1s \; demo --format json --decode --payload hex --duration 1s \
    >"$log" 2>&1
# the JVM must take the cache under the launcher's options (AOTMode=on refuses to start otherwise)
# shellcheck disable=SC2046 # the options are words
if [ -s "$tmp" ] && "$java" --enable-native-access=ALL-UNNAMED $(nodescope_jvm_opts log) -XX:AOTMode=on -XX:AOTCache="$tmp" \
        -jar "$jar" -V >>"$log" 2>&1; then
    mv "$tmp" "$out"
    echo "AOT cache: $out ($(du -h "$out" | cut -f1)); training log: $log"
else
    echo "AOT cache: none made (see $log); nodescope starts without it"
fi
