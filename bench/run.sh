#!/usr/bin/env bash
# One command for the whole benchmark (`make bench`): builds attaché natively and for
# wasm, installs the peers, measures the browser figure, then runs every tool on every
# size and writes bench/RESULTS.md. Arguments go to bench/run.py, e.g.
#
#   bench/run.sh --sizes 10k --reps 1        a quick look
#   bench/run.sh --large-twarc2              also the 1M/10M twarc2 file (about 15 GB)
#
# BENCH_BROWSER=0 skips the browser figure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if [[ "${BENCH_BROWSER:-1}" != 0 ]]; then scripts/setup.sh --browser; else scripts/setup.sh; fi
bench/setup.sh
cargo build --release --bin attache --example attache-bench
scripts/build-wasm.sh

if [[ "${BENCH_BROWSER:-1}" != 0 ]]; then
  (cd www && npm run build)
  mkdir -p bench/data
  # The browser figure needs the 100k/1M twarc2 file (1M interactions).
  target/release/examples/attache-bench generate --accounts 100000 --interactions 1000000 --seed 7 \
    --csv bench/data/synthetic-100k.csv --twarc2 bench/data/synthetic-100k.jsonl --if-missing
  node bench/browser.mjs bench/data/synthetic-100k.jsonl > bench/data/browser.json
  # The page's worker pool: 1 worker against every core (bench/POOL.md, included in RESULTS.md).
  target/release/examples/attache-bench generate --accounts 10000 --interactions 50000 --seed 7 \
    --csv bench/data/synthetic-10k.csv --if-missing
  node bench/pool.mjs bench/data/synthetic-10k.csv --markdown bench/POOL.md > bench/data/pool.json
fi

# Wall times of --threads 1 against every core (bench/THREADS.md, included in RESULTS.md).
python3 bench/threads.py
BENCH_COMMAND="${BENCH_COMMAND:-bench/run.sh${*:+ $*}}" python3 bench/run.py "$@"
