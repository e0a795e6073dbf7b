#!/bin/sh
# make-web-screens.sh - screenshots of the youth page (conf/web, Converse.js
# 14 with ecopper-web.js) for docs/staff.md and docs/youth.md.
#
#   sh docs/screens/make-web-screens.sh [OUT_DIR]   (default docs/images)
#
# Runs four scenarios of the web tier (tests/web, see its README: a real
# Prosody, the built ecopper, slixmpp staff, the page in Debian's headless
# chromium driven by playwright-core) with ECOPPER_SCREENSHOTS set, so
# that at the moment each one names they save the page's viewport
# (1000x720, or the phone's) as a PNG:
#   converse-youth-view.png    test_youth_flow: a youth's view in Finnish
#                              after the officer's answer, with ecopper's
#                              note that the question waited for a
#                              moderator and the badge in Finnish,
#                              "Vahvistettu poliisi"
#   converse-ask-to-speak.png  test_moderated_room (approved): a visitor's
#                              view in English, with Ask to speak
# and two more on a phone (360x740):
#   converse-youth-phone.png   test_phone_layout: in the room, Finnish,
#                              the header folded
#   converse-reconnecting-phone.png  test_reconnect: the network gone,
#                              "Yhteys katkesi. Yhdistetään uudelleen…"
# The scenarios check what they photograph as they always do; a picture
# is written to OUT_DIR only when all passed, so a failed run leaves the
# old ones. Clock, date and the avatars' colours change from run to run.
# Not part of `make check`: what it shows is for people to look at. It
# needs what the web tier needs (make deps; it runs tests/web/setup.sh as
# `make web` does) and the built ecopper (make; or ECOPPER_BIN).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/docs/images}
pictures="converse-youth-view.png converse-ask-to-speak.png
converse-youth-phone.png converse-reconnecting-phone.png"

log() { echo "make-web-screens: $*" >&2; }

[ -x "${ECOPPER_BIN:-$top/build/ecopper}" ] ||
    { log "build ecopper first (make)"; exit 1; }
sh "$top/tests/web/setup.sh"
work=$(mktemp -d /tmp/ecopper-web-screens-XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

ECOPPER_SCREENSHOTS=$work /usr/bin/python3 "$top/tests/run-web" \
    -k test_youth_asks_and_sees_officers_answer_with_badge \
    -k test_visitor_asks_to_speak_and_writes_once_approved \
    -k test_page_fits_phone_screens_and_header_folds \
    -k test_youth_comes_back_after_reload_and_network_cut ||
    { log "a scenario failed: no picture written"; exit 1; }
for p in $pictures; do
    [ -s "$work/$p" ] || { log "the scenarios made no $p"; exit 1; }
done
mkdir -p "$out"
for p in $pictures; do
    cp "$work/$p" "$out/$p"
    log "wrote $out/$p"
done
