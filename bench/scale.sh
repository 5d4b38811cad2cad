#!/usr/bin/env bash
# The figures of docs/SCALE.md: `attache convert` throughput and the Spark job in local
# mode on sharded synthetic collections (bench/scale.py; arguments go to it).
#
#   bench/scale.sh                                  # 100k/1M and 1M/10M, 4 shards each
#   bench/scale.sh --sizes 100k --convert-size ''   # only the Spark job at 100k/1M
#   bench/scale.sh --sizes 1m --max-iterations 20   # PageRank capped (docs/SCALE.md says why)
#
# Builds attaché and the generator in release mode and installs Spark's dependencies
# (spark/run.sh --install-only) first. Inputs and shards go to bench/data/ (git-ignored):
# about 2 GB for 100k/1M with its twarc2 file, 5 GB more for 1M/10M.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --quiet --release --bin attache --example attache-bench
spark/run.sh --install-only
exec python3 bench/scale.py "$@"
