# Sourced by ./nodescope and ./run-tests: makes sure this machine has what nodescope needs.
# Debian/Ubuntu packages are installed when missing and we are root; otherwise it says exactly
# what to install. JDK 25 is required (the default java may be older): NODESCOPE_JAVA_HOME
# overrides where it is looked for.

# fontconfig and fonts-dejavu-core: bench compare draws its plots with Java2D, which needs a font
NODESCOPE_PACKAGES=(clang llvm libbpf-dev libbpf1 systemtap-sdt-dev gcc make maven util-linux fontconfig fonts-dejavu-core)
# what the tests need besides: a real Prometheus (and promtool) scraping the exporter; chromium opening
# the bench HTML report (it renders text with the fonts above); tmux for the monitor's end-to-end tests;
# iproute2 brings up loopback in the private network namespace of the real-node tests
NODESCOPE_TEST_PACKAGES=(prometheus chromium tmux iproute2)

nodescope_fail() {
    echo "nodescope: $*" >&2
    exit 2
}

nodescope_ensure_packages() {
    local missing=() pkg
    for pkg in "${NODESCOPE_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        nodescope_fail "missing packages ${missing[*]} and no apt-get here: install their equivalents"
    fi
    if [ "$(id -u)" -ne 0 ]; then
        nodescope_fail "missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
    fi
    echo "nodescope: installing ${missing[*]} ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
        || nodescope_fail "apt-get install ${missing[*]} failed"
}

nodescope_ensure_jdk() {
    local candidate
    for candidate in "${NODESCOPE_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
                     /usr/lib/jvm/java-25-openjdk-amd64 "${JAVA_HOME:-}"; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] \
           && "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    nodescope_fail "JDK 25 not found (looked in /usr/lib/jvm): install Temurin 25 or set NODESCOPE_JAVA_HOME"
}

# Maven 3.8 on JDK 25 warns about sun.misc.Unsafe on every run; the warning is Maven's, not ours.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
