#!/usr/bin/env bash
# Runs the fuzz targets one after the other (libFuzzer through cargo-fuzz, nightly Rust).
#
#   scripts/fuzz.sh SECONDS [TARGET...]   each target (default: all) for SECONDS
#
# `make fuzz-smoke` runs every target for a few seconds; `make fuzz` for ten minutes each
# (FUZZ_SECONDS=3600 make fuzz for an hour). Without the nightly toolchain or cargo-fuzz
# it says so and skips (exit 0). Each run's output goes to fuzz/logs/<target>.log and a
# summary line (seconds, executions, outcome) is printed; a crash, leak or timeout leaves
# its input in fuzz/artifacts/<target>/ and makes the script fail. Turn such an input
# into a regression fixture: copy it to tests/fixtures/hostile/<target>/ (replayed by
# `cargo test --test fuzz_regressions`).
set -uo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
cd "$(dirname "$0")/.."

seconds="${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}"
shift
if ! cargo +nightly --version >/dev/null 2>&1 || ! cargo +nightly fuzz --help >/dev/null 2>&1; then
    echo "fuzz: skipped (needs the nightly toolchain and cargo-fuzz: rustup toolchain install nightly; cargo install cargo-fuzz)"
    exit 0
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
fi

(cd fuzz && cargo +nightly fuzz build) || exit 1
# Run copies of the binaries, so that editing or rebuilding during a long run changes nothing.
bin_dir=$(mktemp -d)
trap 'rm -rf "$bin_dir"' EXIT
built=fuzz/target/x86_64-unknown-linux-gnu/release
mkdir -p fuzz/logs
failed=0
for target in "${targets[@]}"; do
    cp "$built/$target" "$bin_dir/" || exit 1
done
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0:detect_leaks=1}"
for target in "${targets[@]}"; do
    log="fuzz/logs/$target.log"
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    "$bin_dir/$target" -artifact_prefix="fuzz/artifacts/$target/" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
        -print_final_stats=1 "fuzz/corpus/$target" >"$log" 2>&1
    status=$?
    runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1)
    if [ $status -eq 0 ]; then
        echo "fuzz $target: ok, ${runs:-no summary} ($(date -u +%FT%TZ))"
    else
        failed=1
        echo "fuzz $target: FAILED (exit $status), see $log and fuzz/artifacts/$target/"
        grep -m3 -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | sed 's/^/    /'
    fi
done
exit $failed
