#!/usr/bin/env bash
# Fuzzes the challenge parser against the reference automaton (fuzz_targets/differential.rs).
#
#   crate/fuzz/run.sh [SECONDS] [--update]
#
# SECONDS defaults to 60. New inputs go to a scratch corpus, so a run leaves the tree clean;
# --update merges them into the committed minimal corpus (corpus/differential).
# A crash leaves its input in artifacts/differential/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
update="${2:-}"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
# cargo-fuzz passes nightly -Z flags (sanitizer, coverage); this lets the stable toolchain
# accept them.
export RUSTC_BOOTSTRAP=1

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cargo fuzz run differential "$scratch" corpus/differential -- \
    -max_total_time="$seconds" -max_len=1024 -timeout=10 -print_final_stats=1

if [ "$update" = "--update" ]; then
    merged="$(mktemp -d)"
    cargo fuzz run differential "$merged" corpus/differential "$scratch" -- -merge=1
    rm -rf corpus/differential
    mv "$merged" corpus/differential
fi
