# Shared by the scripts in this folder: package installation and the Swift toolchain check.
# Sourced, not run.

# Installs the Debian packages that are not installed yet; a second run is quick.
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "Installing ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Fails with a clear message when no Swift toolchain is on PATH.
require_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        [ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 || { echo "error: swift is not on PATH (Swift 6 toolchain needed)" >&2; exit 69; }
}

# The Debian packages the build links against.
BUILD_PACKAGES=(pkgconf libcurl4-openssl-dev libsqlite3-dev libssl-dev libxlsxwriter-dev libxml2-dev zlib1g-dev)
