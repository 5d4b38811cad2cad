#!/usr/bin/env bash
# Installs the benchmark's peers, each from its own registry, skipping what is present:
# python-igraph and networkx from PyPI (pip), graphology and its libraries from npm at the
# exact versions of bench/package-lock.json (npm ci). No prebuilt binary is fetched from
# anywhere else.
set -euo pipefail
cd "$(dirname "$0")"

if ! python3 -c 'import igraph, networkx' 2>/dev/null; then
  echo "==> installing python-igraph and networkx (pip)"
  python3 -m pip install --quiet igraph networkx
fi

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.attache-bench-lock-sha256
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  echo "==> installing graphology and its libraries (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
fi
