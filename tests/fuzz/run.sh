#!/bin/sh
# run.sh - run the libFuzzer targets for a while each (docs/fuzzing.md).
#
#   sh tests/fuzz/run.sh FUZZ_BUILD SECONDS [TARGET...]
#
# Each target (default: all six) runs SECONDS, one after another, on a
# fresh copy of its seed corpus in FUZZ_BUILD/work/TARGET/corpus (with
# conf/lang/*.txt for lang and conf/ecopper.conf.example for config): the
# seeds in tests/fuzz/corpus are never written to. With FUZZ_RUNS=N in
# the environment a target stops after N executions instead (SECONDS 0:
# no time limit). A target fails when libFuzzer reports a finding (a
# crash, a sanitizer report, a leak, an input slower than 10 s, more than
# 2 GB) or exits with an error; the reproducer and the log stay in its
# work directory. One line per target, "TARGET: P passed, F failed
# (executions, exec/s, ...)", then "N passed, N failed"; exit status 1
# when a target failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=${1:?usage: run.sh FUZZ_BUILD SECONDS [TARGET...]}
secs=${2:?usage: run.sh FUZZ_BUILD SECONDS [TARGET...]}
shift 2
targets=${*:-router form nick config schedule lang}
passed=0
failed=0

# Largest input libFuzzer makes, per target. The router's stanzas stay at
# a few KB: the server caps stanza bytes, and libstrophe's parser is
# quadratic in the children of one element (docs/architecture.md).
max_len() {
    case $1 in
    router | form | config) echo 8192 ;;
    nick) echo 512 ;;
    schedule) echo 2048 ;;
    lang) echo 16384 ;;
    *) echo 4096 ;;
    esac
}

dict() {
    case $1 in
    router | form) echo tests/fuzz/xmpp.dict ;;
    *) [ -f "tests/fuzz/$1.dict" ] && echo "tests/fuzz/$1.dict" ;;
    esac
}

final_stat() { # stat NAME LOG: a value of libFuzzer's -print_final_stats
    sed -n "s/^stat::$1: *\([0-9][0-9]*\).*/\1/p" "$2" | tail -n 1
}

for t in $targets; do
    bin="$build/fuzz/fuzz_$t"
    work="$build/work/$t"
    if [ ! -x "$bin" ]; then
        echo "  $t: 0 passed, 1 failed ($bin is missing: make fuzz-build;" \
             "clang and libclang-rt-14-dev come from tests/deps.sh)"
        failed=$((failed + 1))
        continue
    fi
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/findings" "$work/tmp"
    cp tests/fuzz/corpus/"$t"/* "$work/corpus/" 2>/dev/null
    # Seeds that follow the tree: the shipped catalogues and config.
    case $t in
    lang) cp conf/lang/*.txt "$work/corpus/" ;;
    config) cp conf/ecopper.conf.example "$work/corpus/" ;;
    esac
    seeds=$(ls "$work/corpus" | wc -l)
    d=$(dict "$t")
    set -- -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
        -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$work/findings/"
    [ -n "$d" ] && set -- "$@" -dict="$d"
    [ -n "${FUZZ_RUNS:-}" ] && set -- "$@" -runs="$FUZZ_RUNS"
    start=$(date +%s)
    ECOPPER_FUZZ_TMP="$work/tmp" \
        UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
        "$bin" "$@" "$work/corpus" </dev/null >"$work/fuzz.log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    rm -rf "$work/tmp"
    runs=$(final_stat number_of_executed_units "$work/fuzz.log")
    rate=$(final_stat average_exec_per_sec "$work/fuzz.log")
    found=$(ls "$work/findings" | tr '\n' ' ')
    corpus=$(ls "$work/corpus" | wc -l)
    what="${runs:-?} executions in $took s, ${rate:-?} exec/s, corpus $seeds -> $corpus"
    if [ $rc -eq 0 ] && [ -z "$found" ]; then
        echo "  $t: 1 passed, 0 failed ($what)"
        passed=$((passed + 1))
    else
        # The report's head (what, where) and where the input went.
        { grep -m 1 -A 24 -E 'ERROR|runtime error|DEADLYSIGNAL|ALARM' \
              "$work/fuzz.log" || tail -n 25 "$work/fuzz.log"
          grep 'Test unit written' "$work/fuzz.log"; } | sed 's/^/    /'
        echo "  $t: 0 passed, 1 failed ($what; exit $rc;" \
             "finding: ${found:-none saved}; log: $work/fuzz.log)"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
