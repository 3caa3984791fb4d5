# Clean Debian roots made with debootstrap, for building a release's package (scripts/package-deb
# --release) and install-testing it (scripts/test-deb). Sourced, not run; needs root.
#
# The .deb files debootstrap and apt download are kept in DEBOOTSTRAP_CACHE/RELEASE (default
# /var/cache/ordermail-debootstrap, or ORDERMAIL_DEBOOTSTRAP_CACHE), outside the clone, so a second
# run on one machine downloads only the releases' package indexes. The mirror is the one this
# machine's apt uses (debian_mirror).
#
# Safety: a root is removed only by root_remove, which first unmounts every mount below it (/proc,
# the apt cache, the read-only binds of the toolchain and the SwiftPM cache, the source tree) and
# refuses to remove anything while a mount is left, so a removal never reaches the host's files.
# Callers set `trap 'root_remove "$dir"' EXIT` as soon as the folder exists.

DEBOOTSTRAP_CACHE=${ORDERMAIL_DEBOOTSTRAP_CACHE:-/var/cache/ordermail-debootstrap}

# The Debian mirror of this machine's apt sources (deb822 or one-line), deb.debian.org by default.
debian_mirror() {
    local uri
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk '/^[[:space:]]*#/ { next }
             /^deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; break } }
             /^URIs:/ { print $2 }' |
        grep -E '/debian/?$' | head -1)
    echo "${uri:-http://deb.debian.org/debian}"
}

# Mount points below DIR, deepest first (mountinfo escapes spaces as \040).
root_mounts() {
    local dir
    dir=$(realpath -m "$1")
    awk '{ print $5 }' /proc/self/mountinfo | while read -r point; do
        point=$(printf '%b' "$point")
        case "$point" in "$dir"/*) echo "$point" ;; esac
    done | sort -r
}

# Unmounts everything below DIR; fails if a mount is left.
root_unmount_all() {
    local dir=$1 point
    while read -r point; do
        [ -n "$point" ] || continue
        umount "$point" 2>/dev/null || umount --lazy "$point"
    done < <(root_mounts "$dir")
    [ -z "$(root_mounts "$dir")" ]
}

# Removes the root DIR after unmounting everything below it; refuses (and keeps DIR) while any
# mount is left below it.
root_remove() {
    local dir=$1
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    if ! root_unmount_all "$dir"; then
        echo "debian-root: $dir still has mounts below it; not removed:" >&2
        root_mounts "$dir" >&2
        return 1
    fi
    rm -rf --one-file-system "$dir"
}

# Bind-mounts SOURCE at the same path inside the root DIR, read-only unless the third argument is rw.
root_bind() {
    local dir=$1 source=$2 mode=${3:-ro}
    mkdir -p "$dir$source"
    mount --bind "$source" "$dir$source"
    if [ "$mode" != rw ]; then
        mount -o remount,bind,ro "$dir$source"
    fi
}

# Makes a clean minbase root of RELEASE in the empty folder DIR with debootstrap, mounts /proc and
# the release's apt cache in it, and installs PACKAGES (without recommends) with the root's apt.
# Serialised per release with a lock on the cache, which debootstrap and apt share.
root_create() {
    local dir=$1 release=$2
    shift 2
    local cache="$DEBOOTSTRAP_CACHE/$release" lock
    mkdir -p "$cache"
    exec {lock}> "$DEBOOTSTRAP_CACHE/$release.lock"
    flock "$lock"
    debootstrap --variant=minbase --cache-dir="$cache" "$release" "$dir" "$(debian_mirror)" > "$dir.debootstrap.log" 2>&1 || {
        tail -20 "$dir.debootstrap.log" >&2
        exec {lock}>&-
        return 1
    }
    rm -f "$dir.debootstrap.log"
    mount -t proc proc "$dir/proc"
    mount --bind "$cache" "$dir/var/cache/apt/archives"
    # No service starts inside the root (a package's maintainer scripts would otherwise try).
    printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
    chmod 0755 "$dir/usr/sbin/policy-rc.d"
    if [ $# -gt 0 ]; then
        root_apt "$dir" install -y -qq --no-install-recommends "$@" > "$dir.apt.log" 2>&1 || {
            tail -20 "$dir.apt.log" >&2
            exec {lock}>&-
            return 1
        }
        rm -f "$dir.apt.log"
    fi
    exec {lock}>&-
}

# Runs apt-get with ARGUMENTS inside the root DIR.
root_apt() {
    local dir=$1
    shift
    chroot "$dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
        apt-get -o APT::Keep-Downloaded-Packages=true "$@"
}

# Runs COMMAND inside the root DIR with a clean environment (PATH, HOME=/root, LANG=C.UTF-8) plus
# the NAME=VALUE words given before --.
root_run() {
    local dir=$1
    shift
    local variables=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do variables+=("$1"); shift; done
    shift
    chroot "$dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "${variables[@]}" "$@"
}

# What the Swift toolchain (built for Debian 12) needs to start and link in a root of RELEASE, beyond
# minbase: the C library's and GCC's development files (crt objects, libstdc++), libedit, ncurses and
# libxml2, which its tools load; git, for the commit that --version names; dpkg-dev and binutils for
# the packaging.
toolchain_packages() {
    case "$1" in
        bookworm) echo libc6-dev libgcc-12-dev libstdc++-12-dev ;;
        trixie) echo libc6-dev libgcc-14-dev libstdc++-14-dev ;;
    esac
    echo libedit2 libncurses6 libxml2 git binutils dpkg-dev
}

# Makes the clean root DIR of RELEASE for building its package: the release's -dev packages and the
# toolchain's runtime libraries installed, /opt/swift bound read-only, the source tree bound
# read-only at its own path with only the release's build folder (.build-install-RELEASE) read-write
# over it, and the git folder of a worktree read-only, so that the manifest finds the commit.
prepare_build_root() {
    local dir=$1 release=$2 source common
    # shellcheck disable=SC2046
    root_create "$dir" "$release" "${BUILD_PACKAGES[@]}" $(toolchain_packages "$release") || return 1
    source=$(git rev-parse --show-toplevel)
    mkdir -p "$source/$RELEASE_SCRATCH-$release"
    root_bind "$dir" "$(swift_toolchain)" ro
    root_bind "$dir" "$source" ro
    root_bind "$dir" "$source/$RELEASE_SCRATCH-$release" rw
    common=$(realpath "$(git rev-parse --git-common-dir)")
    case "$common" in "$source"/*) ;; *) root_bind "$dir" "$common" ro ;; esac
}

# The folder of the Swift toolchain on PATH (/opt/swift for /opt/swift/usr/bin/swift).
swift_toolchain() { dirname "$(dirname "$(dirname "$(realpath "$(command -v swift)")")")"; }
