#!/bin/sh
# deps.sh - install what ecopper needs to build, test and run its demo.
#
# Debian 12 packages only, by name. Installs only what is missing, so it is
# quick on a machine that has everything. As root it runs apt-get itself;
# otherwise it says what to run.
set -eu

PKGS="make gcc pkg-config libstrophe-dev libexpat1-dev libssl-dev
libsqlite3-dev sqlite3 prosody python3 python3-slixmpp tzdata ca-certificates"

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
# --no-install-recommends keeps the machine lean; Prosody's service is not
# wanted here: the tests and the demo start their own, on their own ports.
apt-get install -y -q --no-install-recommends $missing
# The Debian package starts a system Prosody where an init system runs;
# stop it so it does not hold the standard ports the demo may want.
if command -v prosodyctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl stop prosody 2>/dev/null || true
fi
