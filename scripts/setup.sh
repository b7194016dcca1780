# Sourced by ./nodescope and ./run-tests: makes sure this machine has what nodescope needs.
# Debian/Ubuntu packages are installed when missing and we are root; otherwise it says exactly
# what to install. JDK 25 is required (the default java may be older): NODESCOPE_JAVA_HOME
# overrides where it is looked for.
# Start-up: when nothing changed, both checks start no process (the launcher runs before every
# command; docs/benchmarks.md#start-up-issue-11): the package check is skipped while a stamp
# under target/ is newer than dpkg's database and this file, the JDK's version is read from its
# release file instead of starting a JVM.

# fontconfig and fonts-dejavu-core: bench compare draws its plots with Java2D, which needs a font
NODESCOPE_PACKAGES=(clang llvm libbpf-dev libbpf1 systemtap-sdt-dev gcc make maven util-linux fontconfig fonts-dejavu-core)
# what the tests need besides: a real Prometheus (and promtool) scraping the exporter; a real Alertmanager
# receiving watch's alerts; chromium opening the bench and backtest HTML reports (it renders text with the fonts above); tmux for the monitor's end-to-end tests;
# iproute2 brings up loopback in the private network namespace of the real-node tests; systemd's systemd-analyze
# verifies the publisher's unit of docs/fleet.md (FleetDeploymentTest); openssl makes the CA and server certificate of
# the NATS TLS test (FleetCredentialsTest)
NODESCOPE_TEST_PACKAGES=(prometheus prometheus-alertmanager chromium chromium-driver nats-server tmux iproute2 systemd openssl)

# the repository this file belongs to (callers source it by its absolute path)
case "${BASH_SOURCE[0]}" in
    */scripts/setup.sh) NODESCOPE_ROOT="${BASH_SOURCE[0]%/scripts/setup.sh}" ;;
    *) NODESCOPE_ROOT=. ;;
esac
# dpkg rewrites this file whenever a package is installed or removed (the launcher's test points it elsewhere)
NODESCOPE_DPKG_STATUS="${NODESCOPE_DPKG_STATUS:-/var/lib/dpkg/status}"

nodescope_fail() {
    echo "nodescope: $*" >&2
    exit 2
}

nodescope_ensure_packages() {
    local wanted=("${NODESCOPE_PACKAGES[@]}" "$@")
    local stamp="$NODESCOPE_ROOT/target/.packages-checked" line=
    if [ -f "$stamp" ] && [ "$stamp" -nt "$NODESCOPE_DPKG_STATUS" ] && [ "$stamp" -nt "${BASH_SOURCE[0]}" ]; then
        read -r line <"$stamp" || true
        [ "$line" = "${wanted[*]}" ] && return 0
    fi
    local missing=() pkg status
    # one dpkg-query for all of them; a package dpkg never heard of prints nothing
    local installed=" "
    while read -r pkg status; do
        [ "$status" = "install ok installed" ] && installed+="${pkg%%:*} "
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null || true)
    for pkg in "${wanted[@]}"; do
        [[ "$installed" == *" $pkg "* ]] || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
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
    fi
    # remember the answer; where target/ cannot be written (another user's checkout) the check just runs every time
    { mkdir -p "${stamp%/*}" && printf '%s\n' "${wanted[*]}" >"$stamp"; } 2>/dev/null || true
}

# Sets REPLY to the major version of the JDK at $1, or to nothing. Its release file says it without
# starting a JVM (a few hundred ms a probe); `java -version` only where a JDK has no release file.
nodescope_jdk_major() {
    local line version=
    REPLY=
    [ -x "$1/bin/java" ] || return 0
    if [ -r "$1/release" ]; then
        while IFS= read -r line; do
            case "$line" in
                JAVA_VERSION=*) version="${line#JAVA_VERSION=}"; version="${version//\"/}"; break ;;
            esac
        done <"$1/release"
    else
        version="$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p;q')" || true
    fi
    version="${version%%[.+-]*}"
    [[ "$version" =~ ^[0-9]+$ ]] && REPLY="$version"
    return 0
}

nodescope_ensure_jdk() {
    local candidate
    for candidate in "${NODESCOPE_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
                     /usr/lib/jvm/java-25-openjdk-amd64 "${JAVA_HOME:-}"; do
        [ -n "$candidate" ] || continue
        nodescope_jdk_major "$candidate"
        if [ -n "$REPLY" ] && [ "$REPLY" -ge 25 ]; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    nodescope_fail "JDK 25 not found (looked in /usr/lib/jvm): install Temurin 25 or set NODESCOPE_JAVA_HOME"
}

# Maven 3.8 on JDK 25 warns about sun.misc.Unsafe on every run; the warning is Maven's, not ours.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
