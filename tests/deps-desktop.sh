#!/bin/sh
# deps-desktop.sh - install what the desktop check (tests/desktop) needs.
#
# Debian 12 packages only, by name, as tests/deps.sh (which it runs
# first): Gajim 1.7.3, Xvfb, openbox (a window manager: Gajim's windows
# get focus and a frame), a session bus, the accessibility stack that
# drives Gajim (at-spi2-core, python3-pyatspi), xdotool (moves the
# window where the screenshots expect it) and ImageMagick (the
# screenshots), with DejaVu fonts; Dino 0.4.2 (dino-im) and openssl
# (its throwaway certificate: Dino logs in over TLS only) for
# tests/desktop/dino_day.py. Not part of tests/deps.sh: the suite
# runs without a desktop (.ci/run does not install one), and
# tests/check.sh then skips the desktop tier by name.
set -eu
sh "$(dirname "$0")/deps.sh"

PKGS="gajim xvfb openbox dbus-daemon at-spi2-core python3-pyatspi xdotool
imagemagick fonts-dejavu-core dino-im openssl"

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
apt-get install -y -q --no-install-recommends $missing
