#!/usr/bin/env bash
# Runs one fuzz target on one core.
#
#   crate/fuzz/run.sh [TARGET] [SECONDS] [--update] [-- LIBFUZZER_FLAGS...]
#
# TARGET: differential (default; the challenge parser against the reference automaton),
# diagnose (diagnose and report on structured exchanges) or saml (diagnose_flow on SAML
# messages of any bytes, seeded with seeds/saml). SECONDS defaults to 60; 0 means no
# time limit (pass -runs=N after `--`). New inputs go to a scratch corpus, so a run leaves the
# tree clean; --update merges them into the committed minimal corpus (corpus/TARGET, which
# holds only what fuzzing found: the seeds below join every run).
# diagnose is also seeded with the classifier's fixtures (src/diagnosis/fixtures/*.http, read
# as they are: an input starting with `#` is fixture text).
# A crash leaves its input in artifacts/TARGET/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")"

target=differential
if [ $# -gt 0 ] && [[ "$1" != -* && ! "$1" =~ ^[0-9]+$ ]]; then
    target="$1"
    shift
fi
seconds=60
if [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; then
    seconds="$1"
    shift
fi
update=""
if [ "${1:-}" = "--update" ]; then
    update=1
    shift
fi
[ "${1:-}" = "--" ] && shift

case "$target" in
    # The reference automaton is quadratic at worst: long inputs only slow it down.
    differential) max_len=1024; seeds=() ;;
    # Room for a fixture-sized exchange (the largest is under 3 KB).
    diagnose) max_len=8192; seeds=(../src/diagnosis/fixtures) ;;
    # SAML messages the size of real responses, seeded with the kinds a browser carries.
    saml) max_len=16384; seeds=(seeds/saml) ;;
    *) echo "unknown fuzz target: $target (differential, diagnose or saml)" >&2; exit 2 ;;
esac

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
# cargo-fuzz passes nightly -Z flags (sanitizer, coverage); this lets the stable toolchain
# accept them.
export RUSTC_BOOTSTRAP=1

mkdir -p "corpus/$target"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# No sanitizer: the core and the targets are safe Rust (a bad access panics anyway), and
# AddressSanitizer costs three quarters of the speed. Overflow checks and debug assertions stay on.
cargo fuzz run --sanitizer none "$target" "$scratch" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"

if [ -n "$update" ]; then
    merged="$(mktemp -d)"
    # The smallest set of inputs that reaches every edge (not every hit count): it keeps the
    # committed corpus small, and a run rebuilds the finer coverage from it in seconds.
    cargo fuzz run --sanitizer none "$target" "$merged" "corpus/$target" "$scratch" -- \
        -set_cover_merge=1 -use_counters=0 -max_len="$max_len"
    rm -rf "corpus/$target"
    mv "$merged" "corpus/$target"
fi
