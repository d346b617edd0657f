#!/usr/bin/env bash
# A short run of every fuzz target, for CI: FUZZ_SMOKE_SECONDS (default 20) each, on the
# committed corpus, leaving the tree unchanged. Skipped, successfully, when cargo-fuzz is neither
# installed nor installable; a crash fails it (the input is kept in crate/fuzz/artifacts/).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${FUZZ_SMOKE_SECONDS:-20}"

if ! command -v cargo-fuzz >/dev/null; then
    echo "fuzz smoke: installing cargo-fuzz"
    if ! cargo install cargo-fuzz --quiet; then
        echo "fuzz smoke: skipped (cargo-fuzz is not installable here)"
        exit 0
    fi
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for target in differential diagnose saml; do
    if ./run.sh "$target" "$seconds" >"$log" 2>&1; then
        runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
        echo "fuzz smoke: $target: ${runs:-?} executions in ${seconds} s, no failure"
    else
        tail -n 60 "$log"
        echo "fuzz smoke: $target FAILED (input in crate/fuzz/artifacts/$target/)"
        exit 1
    fi
done
