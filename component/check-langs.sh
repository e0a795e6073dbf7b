#!/bin/sh
# check-langs.sh - the shipped catalogues are complete: every other
# catalogue has every key that en.txt has, and none that it lacks. Run by
# make before gen-langs.sh, so that a translation left behind when a key
# is added fails the build (issue 15) instead of showing staff or youths
# English at run time (lang.c only warns about a missing key, as an
# operator's own catalogue may lag behind).
# Usage: check-langs.sh conf/lang/*.txt (en.txt among them)
# Prints "FILE: missing key 'KEY' (en.txt has it)" or "FILE: key 'KEY'
# is not in en.txt" for each problem and exits 1; silent and 0 when all
# agree.
set -eu
en=
for f in "$@"; do
    [ "$(basename "$f")" = en.txt ] && en=$f
done
if [ -z "$en" ]; then
    echo "check-langs.sh: no en.txt among the catalogues: $*" >&2
    exit 1
fi

# The keys of a catalogue, one a line, sorted: the name left of '=' on
# every line that is not blank or a comment (the format of lang.h).
keys() {
    sed -n -e 's/^[[:space:]]*//' -e '/^#/d' -e '/=/!d' \
        -e 's/[[:space:]]*=.*//p' "$1" | LC_ALL=C sort -u
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-langs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
keys "$en" >"$tmp/en"
bad=0
for f in "$@"; do
    [ "$f" = "$en" ] && continue
    keys "$f" >"$tmp/other"
    for k in $(LC_ALL=C comm -23 "$tmp/en" "$tmp/other"); do
        echo "$f: missing key '$k' (en.txt has it)" >&2
        bad=1
    done
    for k in $(LC_ALL=C comm -13 "$tmp/en" "$tmp/other"); do
        echo "$f: key '$k' is not in en.txt" >&2
        bad=1
    done
done
exit $bad
