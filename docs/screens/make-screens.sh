#!/bin/sh
# make-screens.sh - screenshots of what staff and youths see of verified
# staff in desktop clients (issue 4), for docs/staff.md and docs/youth.md.
#
#   sh docs/screens/make-screens.sh [OUT_DIR]      (default docs/images)
#
# Runs docs/screens/scene.py (a real Prosody and the built ecopper on
# loopback ports, the room ask@muc.localhost with a police officer and two
# youths in it), then Gajim in a real window under Xvfb with a window
# manager (openbox), driven with xdotool, and photographs it with
# ImageMagick's import:
#   gajim-join-room.png   the room before entering (description, on duty)
#   gajim-staff-room.png  the youth worker's view: messages and roster
#   gajim-tooltip.png     the officer's entry in the roster, hovered
#   gajim-details.png     the officer's Contact Information window
# Not part of `make check`: it needs a display server and desktop clients,
# and what it shows is for people to look at. Debian packages: xvfb
# openbox xdotool imagemagick x11-utils dbus gajim prosody
# python3-slixmpp; build ecopper first (make). Gajim refuses to run as
# root: as root the clients run as the user nobody, in a temp dir.
# Clicks are at screen coordinates of Gajim 1.7.3's main window at 0,0,
# 1120x740, in openbox's frame, with DejaVu fonts (Debian 12); another
# version or font may need new ones: look at the PNGs.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/docs/images}
display=${SCREENS_DISPLAY:-:57}
pids=""
export DISPLAY="$display"

log() { echo "make-screens: $*" >&2; }

for cmd in Xvfb:xvfb openbox:openbox xdotool:xdotool import:imagemagick \
           xdpyinfo:x11-utils dbus-daemon:dbus gajim:gajim \
           prosody:prosody; do
    command -v "${cmd%%:*}" > /dev/null || {
        echo "make-screens: ${cmd%%:*} missing: apt-get install ${cmd#*:}" >&2
        exit 1; }
done
[ -x "$top/build/ecopper" ] || { echo "make-screens: build ecopper first (make)" >&2; exit 1; }
work=$(mktemp -d /tmp/ecopper-screens-XXXXXX)
chmod 755 "$work"
mkdir -p "$out" "$work/home"
die() { log "$*"; keep=1; log "kept $work"; exit 1; }

cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    for p in $pids; do wait "$p" 2>/dev/null || true; done
    [ -n "${keep:-}${SCREENS_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# $as_user CMD...: runs CMD as the clients' user (a plain prefix, not a
# function, so that `$as_user CMD &` leaves CMD's own pid in $!).
as_user="env HOME=$work/home XDG_RUNTIME_DIR=$work/home"
if [ "$(id -u)" = 0 ]; then
    chown nobody:nogroup "$work" "$work/home"
    as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups $as_user"
fi

# until CMD succeeds, at most $1 seconds
until_ok() {
    n=$(( $1 * 10 )); shift
    while ! "$@" >/dev/null 2>&1; do
        n=$((n - 1))
        [ $n -gt 0 ] || return 1
        sleep 0.1
    done
}

window() { # id of the visible window whose name matches $1
    xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -1
}

has_window() { [ -n "$(window "$1")" ]; }

wait_window() { # sets $win to the window named $1
    until_ok 30 has_window "$1" || die "no window '$1'"
    win=$(window "$1")
}

# shot WINDOW FILE [CROP]: the window (with its frame), optionally cropped
# (WxH+X+Y), stripped of metadata and reduced to 256 colours.
shot() {
    import -window "$1" -frame "$work/raw.png"
    if [ -n "${3:-}" ]; then
        convert "$work/raw.png" -crop "$3" +repage "$work/raw.png"
    fi
    convert "$work/raw.png" -strip -colors 256 "PNG8:$out/$2"
    log "wrote $out/$2"
}

click() { # click X Y relative to window $1, button $4 (default 1)
    xdotool mousemove --window "$1" "$2" "$3" sleep 0.3 click "${4:-1}"
}

settle() { sleep "${1:-1.5}"; } # lets GTK draw what just arrived

# ---- the scene
/usr/bin/python3 "$top/docs/screens/scene.py" "$work/info.json" \
    > "$work/scene.log" 2>&1 &
pids="$pids $!"
until_ok 60 test -s "$work/info.json" || { cat "$work/scene.log"; die "scene did not start"; }
info() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$work/info.json" "$1"; }
port=$(info c2s_port)
prosody_log=$(info dir)/prosody.log
log "scene on port $port"

# ---- display, window manager, session bus
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
pids="$pids $!"
until_ok 20 xdpyinfo || die "Xvfb did not start"
$as_user openbox > "$work/openbox.log" 2>&1 &
pids="$pids $!"
$as_user dbus-daemon --session --nofork --print-address=3 \
    3> "$work/bus" > /dev/null 2>&1 &
pids="$pids $!"
until_ok 10 test -s "$work/bus" || die "no session bus"
DBUS_SESSION_BUS_ADDRESS=$(head -1 "$work/bus")
export DBUS_SESSION_BUS_ADDRESS NO_AT_BRIDGE=1

# ---- Gajim
gajim_profile() { # staff JID PASSWORD | youth DOMAIN NICK: $work/gajim-staff|youth
    $as_user /usr/bin/python3 "$top/docs/screens/gajim-profile.py" \
        "$work/gajim-$1" "$port" "$@" > "$work/profile-$1.log" 2>&1 \
        || { cat "$work/profile-$1.log"; die "gajim profile $1"; }
}

# gajim_enter PROFILE: starts Gajim on the profile, opens ask@ with an
# xmpp: URI, photographs the room's page before entering (staff only),
# enters and waits until the room has talked. Sets $main (main window)
# and $gajim_pid.
gajim_enter() {
    authed=$(grep -c 'Authenticated as' "$prosody_log" || true)
    $as_user gajim -c "$work/gajim-$1" > "$work/gajim-$1.log" 2>&1 &
    gajim_pid=$!
    pids="$gajim_pid $pids"
    wait_window '^Gajim$'
    main=$win
    xdotool windowmove "$main" 0 0 windowsize "$main" 1120 740
    until_ok 30 logged_in_after "$authed" || die "Gajim did not log in"
    settle 2
    $as_user gajim -c "$work/gajim-$1" 'xmpp:ask@muc.localhost?join' \
        > "$work/gajim-$1-uri.log" 2>&1
    wait_window 'Start / Join Chat'
    dlg=$win
    xdotool windowactivate --sync "$dlg" 2>/dev/null || true
    settle 1
    xdotool key Return           # Start New Chat: the room's page
    settle 3
    if [ "$1" = staff ]; then shot "$dlg" gajim-join-room.png; fi
    rounds=$(ls "$work" | grep -c '^talked-' || true)
    xdotool key Return           # Join
    until_ok 30 test -e "$work/talked-$((rounds + 1))" \
        || die "the room did not talk"
    xdotool mousemove 700 650    # off the messages (no hover marks)
    settle 2
}

logged_in_after() { # more 'Authenticated as' lines in Prosody's log than $1
    [ "$(grep -c 'Authenticated as' "$prosody_log")" -gt "$1" ]
}

gajim_quit() {
    kill "$gajim_pid" 2>/dev/null || true
    until_ok 10 sh -c "! kill -0 $gajim_pid" || kill -9 "$gajim_pid"
}

# Roster rows (root coordinates, the main window at 0,0 at 1120x740 with
# openbox's frame): Administrators, Youth worker Anna, Participants, then
# one row per participant in alphabetical order.
roster_x=1000
row_y() { echo $((227 + 40 * $1)); } # participant row N (0 = first)

gajim_profile staff "$(info worker)" "$(info worker_password)"
gajim_enter staff
shot "$main" gajim-staff-room.png
# The officer (Kettu, Officer Mikko, Sisu: row 1) hovered: the tooltip.
y=$(row_y 1)
xdotool mousemove "$roster_x" "$y"
settle 2
import -window root "$work/root.png"
shot_root() { # FILE WxH+X+Y: a part of the screen
    convert "$work/root.png" -crop "$2" +repage -strip -colors 256 \
        "PNG8:$out/$1"
    log "wrote $out/$1"
}
shot_root gajim-tooltip.png 440x320+780+100
# Right-click it: the participant menu; its first item is Details.
xdotool click 3
settle 1.5
xdotool mousemove $((roster_x - 144)) $((y - 70)) sleep 0.3 click 1
wait_window 'Contact Information'
settle 3
shot "$win" gajim-details.png 822x460+0+0
xdotool key Escape
gajim_quit

# No youth (anonymous) view in Gajim: Gajim 1.7.3 on Debian 12 cannot log
# in with SASL ANONYMOUS (python3-nbxmpp 4.2.2 lacks the mechanism and
# fails with KeyError: 'ANONYMOUS'); `gajim-profile.py ... youth` makes
# such a profile for a later version.
log "done"
