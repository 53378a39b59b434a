#!/bin/sh
# Installs kyyeu, the static site generator for bilingual yearbooks, from its
# GitHub release: downloads the archive for this system (Linux or macOS,
# x86_64 or arm64), checks it against the release's SHA256SUMS, and puts the
# `kyyeu` program into ~/.local/bin (or the folder given). Nothing is
# installed unless the checksum matches and the program runs.
#
#   curl -fsSL https://github.com/OWNER/kyyeu/releases/latest/download/install.sh | sh
#   sh install.sh [--version v0.2.0] [--dir DIR]
#
# The same settings from the environment:
#   KYYEU_VERSION       the release to install, e.g. v0.2.0 (default: the latest)
#   KYYEU_INSTALL_DIR   the folder to install into (default: ~/.local/bin)
#   KYYEU_REPO          the GitHub repository of the releases (owner/name)
#   KYYEU_DOWNLOAD_URL  the folder of the release's files, instead of GitHub:
#                       an https:// or file:// address, or a local folder
#
# POSIX sh; needs curl or wget, tar, and sha256sum, shasum or openssl.
set -eu

KYYEU_REPO_DEFAULT="OWNER/kyyeu"

say() { printf '%s\n' "$*"; }
fail() {
    printf 'kyyeu install: error: %s\n' "$*" >&2
    exit 1
}

usage() {
    say "usage: install.sh [--version TAG] [--dir DIR]"
    say "  --version TAG  the release to install, e.g. v0.2.0 (default: the latest)"
    say "  --dir DIR      where to put kyyeu (default: ~/.local/bin)"
}

version=${KYYEU_VERSION:-latest}
dir=${KYYEU_INSTALL_DIR:-}
while [ $# -gt 0 ]; do
    case $1 in
    --version)
        [ $# -ge 2 ] || fail "--version needs a tag, e.g. --version v0.2.0"
        version=$2
        shift 2
        ;;
    --version=*)
        version=${1#--version=}
        shift
        ;;
    --dir)
        [ $# -ge 2 ] || fail "--dir needs a folder"
        dir=$2
        shift 2
        ;;
    --dir=*)
        dir=${1#--dir=}
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        exit 2
        ;;
    esac
done
if [ -z "$dir" ]; then
    [ -n "${HOME:-}" ] || fail "HOME is not set: give the folder with --dir"
    dir=$HOME/.local/bin
fi

# The Rust target of the build that runs here.
detect_target() {
    os=$(uname -s)
    arch=$(uname -m)
    case $arch in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) fail "no kyyeu is built for the processor '$arch'; with Rust installed, 'cargo install kyyeu' builds one" ;;
    esac
    case $os in
    Linux)
        if ldd --version 2>&1 | grep -qi musl; then
            fail "kyyeu's Linux builds need glibc, and this system uses musl (Alpine?); with Rust installed, 'cargo install kyyeu' builds one"
        fi
        say "$arch-unknown-linux-gnu"
        ;;
    Darwin)
        # A shell under Rosetta reports x86_64 on Apple silicon.
        if [ "$arch" = x86_64 ] && [ "$(sysctl -n hw.optional.arm64 2>/dev/null || true)" = 1 ]; then
            arch=aarch64
        fi
        say "$arch-apple-darwin"
        ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
        fail "on Windows, install with PowerShell: irm https://github.com/$repo/releases/latest/download/install.ps1 | iex"
        ;;
    *) fail "no kyyeu is built for '$os'; with Rust installed, 'cargo install kyyeu' builds one" ;;
    esac
}

# fetch URL FILE: an http(s):// or file:// address, or a local path.
fetch() {
    case $1 in
    http://* | https://*)
        if command -v curl >/dev/null 2>&1; then
            curl -fsSL --retry 3 -o "$2" "$1"
        elif command -v wget >/dev/null 2>&1; then
            wget -q -O "$2" "$1"
        else
            fail "neither curl nor wget is installed"
        fi
        ;;
    file://*) cp "${1#file://}" "$2" ;;
    *) cp "$1" "$2" ;;
    esac
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
    else
        fail "no SHA-256 tool (sha256sum, shasum or openssl) to check the download with"
    fi
}

repo=${KYYEU_REPO:-$KYYEU_REPO_DEFAULT}
case $version in
latest | v*) ;;
*) version=v$version ;;
esac
if [ -n "${KYYEU_DOWNLOAD_URL:-}" ]; then
    base=${KYYEU_DOWNLOAD_URL%/}
elif [ "$version" = latest ]; then
    base=https://github.com/$repo/releases/latest/download
else
    base=https://github.com/$repo/releases/download/$version
fi

target=$(detect_target)
name=kyyeu-$target
archive=$name.tar.gz

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t kyyeu)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

say "Downloading kyyeu ($version, $target) from $base"
fetch "$base/$archive" "$tmp/$archive" || fail "could not download $base/$archive"
fetch "$base/SHA256SUMS" "$tmp/SHA256SUMS" || fail "could not download $base/SHA256SUMS"

expected=$(awk -v file="$archive" '$2 == file || $2 == "*" file { print $1; exit }' "$tmp/SHA256SUMS")
[ -n "$expected" ] || fail "SHA256SUMS of the release lists no $archive; nothing was installed"
actual=$(sha256_of "$tmp/$archive")
if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual; nothing was installed"
fi
say "Checksum verified (SHA-256 $actual)"

(cd "$tmp" && tar -xzf "$archive") || fail "could not unpack $archive; nothing was installed"
program=$tmp/$name/kyyeu
[ -f "$program" ] || fail "$archive holds no $name/kyyeu; nothing was installed"
chmod 755 "$program"
installed=$("$program" --version 2>&1) ||
    fail "the downloaded kyyeu does not run on this system ($installed); nothing was installed"

mkdir -p "$dir" || fail "could not create $dir"
cp "$program" "$dir/.kyyeu.new.$$" || fail "could not write into $dir"
mv -f "$dir/.kyyeu.new.$$" "$dir/kyyeu" || {
    rm -f "$dir/.kyyeu.new.$$"
    fail "could not install $dir/kyyeu"
}

say "Installed $installed as $dir/kyyeu"
case ":${PATH:-}:" in
*":$dir:"*) run=kyyeu ;;
*)
    run="$dir/kyyeu"
    say ""
    say "$dir is not on your PATH. To run kyyeu by its name, add this line to"
    say "your shell's startup file (~/.profile, ~/.bashrc or ~/.zshrc), then open a new terminal:"
    say "  export PATH=\"$dir:\$PATH\""
    ;;
esac
say ""
say "Next: start a site and preview it in your browser:"
say "  $run init my-site"
say "  $run serve --root my-site"
