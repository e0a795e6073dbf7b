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
# and, when it can (as root, with port 5222 free), Dino 0.4 likewise:
#   dino-room.png         the youth worker's view of the room
#   dino-occupants.png    the occupant list, and the officer's entry
# Dino has no port setting and connects with STARTTLS only: the scene's
# Prosody then takes clients on 5222 with a certificate for localhost
# signed by a throwaway CA (its key deleted at once), and Dino runs in a
# private mount namespace (unshare) in which that CA is the system's
# trust store; nothing outside the namespace changes.
# Not part of `make check`: it needs a display server and desktop clients,
# and what it shows is for people to look at. It installs the Debian
# packages it needs that are missing (as tests/deps.sh does for the
# suite; as root, else it says what to run): xvfb openbox xdotool
# imagemagick x11-utils dbus-daemon fonts-dejavu-core openssl gajim
# prosody python3-slixmpp, and dino-im as root. Build ecopper first
# (make). Gajim refuses to run as root: as root the clients run as the
# user nobody, in a temp dir.
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

# ---- Debian packages: the missing ones, installed (Debian 12 names)
pkgs="xvfb openbox xdotool imagemagick x11-utils dbus-daemon
fonts-dejavu-core openssl gajim prosody python3 python3-slixmpp"
# Dino runs only as root (see below): not needed otherwise.
[ "$(id -u)" != 0 ] || pkgs="$pkgs dino-im"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        log "missing packages:$missing"
        log "install them with: sudo apt-get install$missing"
        exit 1
    fi
    log "installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # As tests/deps.sh: no recommends (the clients' look does not depend
    # on them); a system Prosody the package may start is left alone, the
    # scene runs its own on free loopback ports.
    apt-get install -y -q --no-install-recommends $missing
fi
[ -x "$top/build/ecopper" ] || { echo "make-screens: build ecopper first (make)" >&2; exit 1; }
work=$(mktemp -d /tmp/ecopper-screens-XXXXXX)
chmod 755 "$work"
mkdir -p "$out" "$work/home"
die() { # keeps the work dir, with a picture of the screen as it was
    log "$*"; keep=1
    import -window root "$work/failed.png" 2>/dev/null || true
    log "kept $work (failed.png: the screen)"; exit 1
}

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

wait_window() { # sets $win to the (visible) window named $1
    n=300
    while win=$(window "$1"); [ -z "$win" ]; do
        n=$((n - 1))
        [ $n -gt 0 ] || die "no window '$1'"
        sleep 0.1
    done
}

# shot WINDOW FILE [CROP]: the window (with its frame), optionally cropped
# (WxH+X+Y), stripped of metadata and reduced to 256 colours (no dither).
shot() {
    # (import without a window id would wait for a click on the screen)
    [ -n "$1" ] || die "no window to photograph for $2"
    import -window "$1" -frame "$work/raw.png"
    if [ -n "${3:-}" ]; then
        convert "$work/raw.png" -crop "$3" +repage "$work/raw.png"
    fi
    convert "$work/raw.png" -strip +dither -colors 256 "PNG8:$out/$2"
    log "wrote $out/$2"
}

click() { # click X Y relative to window $1, button $4 (default 1)
    xdotool mousemove --window "$1" "$2" "$3" sleep 0.3 click "${4:-1}"
}

settle() { sleep "${1:-1.5}"; } # lets GTK draw what just arrived

count() { # how many of the scene's $work/$1-N marks there are
    set -- "$work/$1"-*
    if [ -e "$1" ]; then echo $#; else echo 0; fi
}

# ---- Dino's prerequisites: root (for unshare), port 5222, a certificate
port_free() { # as a server binds it (connections in TIME_WAIT do not count)
    /usr/bin/python3 -c 'import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 5222))'
}
dino=""
if ! command -v dino-im > /dev/null; then
    log "no Dino (apt-get install dino-im): Gajim only"
elif [ "$(id -u)" != 0 ]; then
    log "not root: no Dino (it needs unshare for its trust store)"
elif ! port_free 2> /dev/null; then
    log "port 5222 is taken: no Dino (it cannot use another port)"
else
    dino=1
    mkdir "$work/tls"
    (
        cd "$work/tls"
        printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' \
            > ext.cnf
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key \
            -out ca.crt -days 1 -subj "/CN=ecopper screenshots CA"
        openssl req -newkey rsa:2048 -nodes -keyout localhost.key \
            -out localhost.csr -subj "/CN=localhost"
        openssl x509 -req -in localhost.csr -CA ca.crt -CAkey ca.key \
            -CAcreateserial -out localhost.crt -days 1 -extfile ext.cnf
        rm -f ca.key
        chmod 644 ca.crt
    ) > "$work/tls.log" 2>&1 || { cat "$work/tls.log"; die "openssl"; }
fi

# ---- the scene
/usr/bin/python3 "$top/docs/screens/scene.py" "$work/info.json" \
    ${dino:+5222 "$work/tls"} > "$work/scene.log" 2>&1 &
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
export DBUS_SESSION_BUS_ADDRESS NO_AT_BRIDGE=1 GTK_A11Y=none

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
    rounds=$(count talked)
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
    wait "$gajim_pid" || true
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
    convert "$work/root.png" -crop "$2" +repage -strip +dither -colors 256 \
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
shot "$win" gajim-details.png 822x520+0+0
xdotool key Escape
gajim_quit

# No youth (anonymous) view in Gajim: Gajim 1.7.3 on Debian 12 cannot log
# in with SASL ANONYMOUS (python3-nbxmpp 4.2.2 lacks the mechanism and
# fails with KeyError: 'ANONYMOUS'); `gajim-profile.py ... youth` makes
# such a profile for a later version.

# ---- Dino
if [ -n "$dino" ]; then
    db="$work/home/.local/share/dino/dino.db"
    # $in_ns CMD...: CMD as the clients' user, with the throwaway CA as
    # the system's trust store (in a mount namespace of its own).
    in_ns="unshare --mount --propagation private sh -c"
    ns_cmd='mount --bind "$0" /etc/ssl/certs/ca-certificates.crt && exec "$@"'
    # A first start makes Dino's database; then the account goes in.
    $in_ns "$ns_cmd" "$work/tls/ca.crt" $as_user dino-im \
        > "$work/dino-1.log" 2>&1 &
    dino_pid=$!
    pids="$dino_pid $pids"
    wait_window '^Dino$'
    until_ok 20 /usr/bin/python3 -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("select * from account")' "$db" \
        || die "Dino made no database"
    kill "$dino_pid"
    wait "$dino_pid" || true
    /usr/bin/python3 - "$db" "$(info worker)" "$(info worker_password)" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("insert into account (bare_jid, resourcepart, password, alias,"
            " enabled) values (?, 'dino', ?, '', 1)", sys.argv[2:4])
con.commit()
PY
    authed=$(grep -c 'Authenticated as' "$prosody_log" || true)
    $in_ns "$ns_cmd" "$work/tls/ca.crt" $as_user dino-im \
        > "$work/dino-2.log" 2>&1 &
    dino_pid=$!
    pids="$dino_pid $pids"
    wait_window '^Dino$'
    main=$win
    xdotool windowmove "$main" 0 0 windowsize "$main" 1200 700
    until_ok 60 logged_in_after "$authed" || die "Dino did not log in"
    settle 2
    $in_ns "$ns_cmd" "$work/tls/ca.crt" $as_user dino-im \
        'xmpp:ask@muc.localhost?join' > "$work/dino-uri.log" 2>&1
    wait_window 'Join Channel'
    dlg=$win
    # Nick (Dino proposes none), then Join.
    click "$dlg" 206 171
    xdotool type --delay 50 anna
    entries=$(count entered)
    click "$dlg" 298 28
    until_ok 30 test -e "$work/entered-$((entries + 1))" \
        || die "Dino did not enter the room"
    xdotool mousemove 700 300
    settle 2
    shot "$main" dino-room.png
    click "$main" 978 28           # the occupant list
    xdotool mousemove 700 300      # no tooltip on the button
    settle 2
    import -window root "$work/root.png"
    shot_root dino-occupants.png 246x356+855+56
    click "$main" 955 230          # Officer Mikko (Member)
    settle 2
    import -window root "$work/root.png"
    shot_root dino-officer.png 252x130+852+56
    kill "$dino_pid"
fi
log "done"
