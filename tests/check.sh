#!/bin/sh
# check.sh - run every test tier and end with "N passed, N failed".
#
# Unit tests (C, one binary per module) and the docs check count their
# checks; integration scenarios (real Prosody, real clients) and web
# scenarios (the youth page in a real browser) count scenarios; the
# desktop tiers (Gajim, then Dino, under Xvfb, when installed) count
# their steps. The numbers are summed into the closing line. Exit status
# 1 when anything failed.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
passed=0
failed=0
t0=$(date +%s)

tier() { # "== NAME (at N s)": where the check's time goes
    echo "== $1 (at $(( $(date +%s) - t0 )) s)"
}

add_line() { # "name: P passed, F failed"
    p=$(printf ' %s\n' "$1" | sed -n 's/.*[: ]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
    f=$(printf ' %s\n' "$1" | sed -n 's/.*[: ]\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-1}))
}

tier "unit tests"
for t in "$BUILD"/unit/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ $rc -ne 0 ] || [ -z "$last" ]; then
        printf '%s\n' "$out" | tail -n 40
        [ -z "$last" ] && last="$(basename "$t"): 0 passed, 1 failed"
    fi
    echo "$last" | sed 's/^/  /'
    add_line "$last"
    [ $rc -ne 0 ] && [ "${f:-0}" = 0 ] && failed=$((failed + 1))
done

# The docs against the program (tests/docs/check-docs.py): the built
# binary's own command and key tables (--list-commands, -D) compared with
# admin.md, ecopper.conf(5), ecopper(8) and conf/ecopper.conf.example.
# Under a second; one check per comparison.
tier "docs against the program (tests/docs/check-docs.py)"
out=$(/usr/bin/python3 tests/docs/check-docs.py "$top/$BUILD/ecopper" 2>&1)
last=$(printf '%s\n' "$out" | grep -E '^docs: [0-9]+ passed, [0-9]+ failed' | tail -n 1)
printf '%s\n' "$out" | grep -v -E '^(ok   |docs: [0-9]+ passed)'
[ -z "$last" ] && last="docs: 0 passed, 1 failed"
echo "$last" | sed 's/^/  /'
add_line "$last"

# Each libFuzzer target for a few seconds (tests/fuzz, docs/fuzzing.md),
# built by clang into build-fuzz whatever BUILD is: one check per target,
# failed by a crash, a sanitizer report, a leak or an input slower than
# 10 s. FUZZ_CHECK_SECONDS sets the time of each (5). The make flags of
# this check (make asan's BUILD, SAN, OPT) are not the fuzz build's.
# CHECK_SKIP: tiers to leave out, by name ("fuzz ejabberd dated"):
# .ci/run runs the whole check twice, and these gain nothing from the
# second run under AddressSanitizer (the fuzz targets are ASan and UBSan
# builds of their own; the ejabberd tier tests the server side; the
# moved date bases test dates, and the dated scenarios run under ASan in
# the Prosody tier at today's base). Skipped tiers are named, not
# counted.
skip() {
    case " ${CHECK_SKIP:-} " in
    *" $1 "*) echo "($1: skipped, CHECK_SKIP)"; return 0 ;;
    esac
    return 1
}

tier "fuzzing (short)"
if ! skip fuzz; then
out=$(mktemp)
if ! env -u MAKEFLAGS -u MFLAGS make -s -C "$top" fuzz-build >"$out" 2>&1; then
    tail -n 40 "$out"
    echo "fuzzing: make fuzz-build failed (clang and libclang-rt-14-dev" \
         "come from tests/deps.sh)"
fi
sh tests/fuzz/run.sh "${FUZZ_BUILD:-build-fuzz}" "${FUZZ_CHECK_SECONDS:-5}" >"$out" 2>&1
grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$out"
grep -E '^  [a-z]+: [0-9]+ passed, [0-9]+ failed' "$out" >"$out.lines"
[ -s "$out.lines" ] || echo "fuzzing: 0 passed, 1 failed" >"$out.lines"
while IFS= read -r line; do
    add_line "$line"
done <"$out.lines"
rm -f "$out" "$out.lines"
fi

# make bench's tools, on a small room (tests/bench, docs/performance.md):
# the load generator, the bare component and the three services still
# run, and each lets every youth in and delivers every message. Timings
# are printed, never judged. About 30 s.
tier "bench tools (a small run of make bench)"
if ! skip bench; then
out=$(mktemp)
if env -u MAKEFLAGS -u MFLAGS make -s -C "$top" BUILD="$BUILD" \
        "$BUILD/bench/loadgen" "$BUILD/bench/barecomp" >"$out" 2>&1; then
    ECOPPER_BIN="$top/$BUILD/ecopper" BENCH_TOOLS="$top/$BUILD/bench" \
        /usr/bin/python3 tests/bench/bench.py --smoke --sizes 20,40 \
        --fanout-deliveries 2000 --rate-seconds 1 --reach 2 >"$out" 2>&1
fi
last=$(grep -E '^bench: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
grep -E '^bench: ' "$out" | grep -v -E '^bench: [0-9]+ passed' | grep -v -E '^bench: [a-z]+@' || true
[ -z "$last" ] && { tail -n 20 "$out"; last="bench: 0 passed, 1 failed"; }
echo "$last" | sed 's/^/  /'
add_line "$last"
rm -f "$out"
fi

# Two runners at once, as for ejabberd below: each scenario has its own
# Prosody, ports and temp dir, and waits for stanzas, not for time; on two
# cores this halves the tier (about 7 minutes alone, twice in .ci/run).
tier "integration scenarios (real Prosody, real clients)"
out=$(mktemp)
ECOPPER_BIN="$top/$BUILD/ecopper" /usr/bin/python3 tests/run-integration \
    --jobs 2 2>&1 | tee "$out"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
rm -f "$out"
[ -z "$last" ] && last="0 passed, 1 failed"
add_line "$last"

# The same scenarios against Debian's ejabberd, its config built from the
# shipped conf/ejabberd/ecopper.yml (tests/integration/README.md), but
# for those marked @prosody_only (skipped, not counted). Each scenario
# starts its own ejabberd, about a second of CPU: two runners at once
# keep the tier near five minutes.
tier "integration scenarios against ejabberd"
if ! skip ejabberd; then
out=$(mktemp)
ECOPPER_BIN="$top/$BUILD/ecopper" /usr/bin/python3 tests/run-integration \
    --server ejabberd --jobs 2 2>&1 | tee "$out"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
rm -f "$out"
[ -z "$last" ] && last="0 passed, 1 failed"
add_line "$last"
fi

tier "web (the youth page in headless Chromium, real Prosody)"
if ! skip web; then
out=$(mktemp)
last=""
# npm ci (when the lockfile changed) and Converse.js into conf/web/dist.
if sh tests/web/setup.sh; then
    ECOPPER_BIN="$top/$BUILD/ecopper" /usr/bin/python3 tests/run-web 2>&1 | tee "$out"
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
else
    echo "web: tests/web/setup.sh failed (npm ci, or copying Converse.js)"
fi
rm -f "$out"
[ -z "$last" ] && last="0 passed, 1 failed"
add_line "$last"
fi

# The dated scenarios again with the date base moved a year and a day back
# and ahead, and onto the 2026 DST changes (tests/integration/when.py).
tier "dated scenarios with the date base moved (tests/run-dated)"
if ! skip dated; then
out=$(mktemp)
web_opt=""
[ -f conf/web/dist/converse.min.js ] && web_opt=--web
ECOPPER_BIN="$top/$BUILD/ecopper" /usr/bin/python3 tests/run-dated $web_opt 2>&1 | tee "$out"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
rm -f "$out"
[ -z "$last" ] && last="0 passed, 1 failed"
add_line "$last"
fi

# One desktop client's day (tests/desktop): desktop_tier NAME SCRIPT
# WHAT COMMANDS..., run when every command is installed, python3-pyatspi
# too, or when ECOPPER_DESKTOP=1 asks for it (then anything missing fails
# it); otherwise skipped, named, not counted (make check-desktop or
# tests/deps-desktop.sh installs them; make check does not). The script
# may skip itself ("NAME: skipped: why"), which counts only when asked
# for. One check per step.
desktop_tier() {
    name=$1 script=$2 what=$3
    shift 3
    have=1
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || have=""
    done
    /usr/bin/python3 -c 'import pyatspi' >/dev/null 2>&1 || have=""
    if [ -z "$have" ] && [ "${ECOPPER_DESKTOP:-}" != 1 ]; then
        echo "($name: skipped, no $what or python3-pyatspi;" \
             "make check-desktop installs them)"
        return
    fi
    out=$(mktemp)
    ECOPPER_BIN="$top/$BUILD/ecopper" /usr/bin/python3 \
        "tests/desktop/$script" --no-shots >"$out" 2>&1
    last=$(grep -E "^$name: ([0-9]+ passed, [0-9]+ failed|skipped)" "$out" |
        tail -n 1)
    if grep -q '^FAIL' "$out" || [ -z "$last" ]; then
        tail -n 60 "$out"
    else
        grep -E '^(PASS|took)' "$out" | sed 's/^/  /'
    fi
    [ -z "$last" ] && last="$name: 0 passed, 1 failed"
    echo "$last" | sed 's/^/  /'
    case "$last" in
    *skipped*) [ "${ECOPPER_DESKTOP:-}" = 1 ] &&
        add_line "$name: 0 passed, 1 failed" ;;
    *) add_line "$last" ;;
    esac
    rm -f "$out"
}

# A youth worker's day in a real Gajim 1.7 under Xvfb, driven through
# AT-SPI (tests/desktop/staff_day.py): questions approved and rejected
# from the room and the back room, a report, voice, a kick, an admin
# command with a refused value then a right one; about 10 s.
tier "desktop (Gajim under Xvfb, tests/desktop)"
skip desktop || desktop_tier desktop staff_day.py "Gajim, Xvfb" \
    gajim Xvfb openbox xdotool import dbus-daemon

# The question queue from a real Dino 0.4.2 under Xvfb, through AT-SPI
# (tests/desktop/dino_day.py): "ok N" in the room's private conversation
# and in the room, "no N reason" in the back room; about 12 s. Runs when
# dino-im is installed besides what the Gajim tier needs, as root, with
# port 5222 free (Dino has no port setting; dino_day.py skips itself
# without it).
tier "dino (Dino under Xvfb, tests/desktop)"
skip dino || desktop_tier dino dino_day.py "Dino, Xvfb" \
    dino-im Xvfb openbox xdotool import dbus-daemon openssl unshare

echo "== done (at $(( $(date +%s) - t0 )) s)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
