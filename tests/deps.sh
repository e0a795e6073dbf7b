#!/bin/sh
# deps.sh - install what ecopper needs to build, test and run its demo.
#
# Debian 12 packages only, by name. Installs only what is missing, so it is
# quick on a machine that has everything. As root it runs apt-get itself;
# otherwise it says what to run. (The web page's npm packages come from
# tests/web/setup.sh, as its lockfile pins them.)
set -eu

PKGS="make gcc pkg-config libstrophe-dev libexpat1-dev libssl-dev
libsqlite3-dev libicu-dev sqlite3 prosody python3 python3-slixmpp tzdata ca-certificates"

# The integration scenarios against ejabberd too (tests/run-integration
# --server ejabberd): Debian's ejabberd, which the harness runs with its
# own config, node name and ports (a system ejabberd the package may
# start is left alone), and python3-yaml to build that config.
PKGS="$PKGS ejabberd python3-yaml"

# The fuzz targets (tests/fuzz): clang, and libFuzzer with the sanitizer
# runtimes, which Debian 12 ships in libclang-rt-14-dev.
PKGS="$PKGS clang libclang-rt-14-dev"

# The web page and its tests (tests/web): Debian's chromium, driven by
# playwright-core from npm, and Node.js with npm for `npm ci`. A Node.js
# that is already there (NodeSource's nodejs, say, which brings its own
# npm) is used as it is; Debian's npm beside it would conflict.
PKGS="$PKGS chromium"
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "ecopper: missing packages:$missing" >&2
    echo "ecopper: install them with: sudo apt-get install$missing" >&2
    exit 1
fi
echo "ecopper: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# --no-install-recommends keeps the machine lean. A system Prosody that the
# package may start is left alone: the tests and the demo run their own,
# on free loopback ports.
apt-get install -y -q --no-install-recommends $missing
