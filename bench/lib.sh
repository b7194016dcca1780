# Sourced by the bench/*.sh scripts that run classes of the test tree (benchmarks, JMH, data
# generators): one place for the JDK, Maven (offline first) and the test class path.
#
# Sourcing it moves to the repository root and puts the JDK first on PATH: JAVA_HOME when set,
# else /usr/lib/jvm/temurin-25-jdk-amd64 when present, else the `java` already on PATH (25 or later).
#   bench_build          test-compile, then the test class path into target/bench-classpath.txt
#   bench_classpath      prints that class path (target/test-classes, target/classes, the dependencies)
#   bench_java ARGS...   execs java with it, native access allowed and the fixture's directory set

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -n "${JAVA_HOME:-}" ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

# mvn -q ARGS, offline first (fast, no network); online only when something is missing locally
bench_mvn() {
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

bench_build() {
    # the AOT cache is trained at package time: test-compile needs none of it
    bench_mvn test-compile -Dnodescope.aot.skip=true
    bench_mvn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
}

bench_classpath() {
    echo "target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
}

bench_java() {
    export NODESCOPE_NATIVE_DIR="$PWD/target/classes/native"
    exec java -cp "$(bench_classpath)" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "$@"
}
