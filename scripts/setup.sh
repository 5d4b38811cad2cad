#!/usr/bin/env bash
# Installs what attaché needs to build and serve (and, with --browser, to run the
# browser tests), skipping whatever is already present. Safe to run any number of times.
#
#   scripts/setup.sh             Rust wasm target, pinned wasm-bindgen CLI, npm packages
#   scripts/setup.sh --browser   ... and Debian's chromium + chromium-driver
#   scripts/setup.sh --spark     ... and a JDK and pyspark in .venv-spark/ (spark/run.sh)
#   (flags combine)
#
# Versions come from wasm-pack.toml (our own manifest) and www/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

want_browser=0
want_spark=0
for flag in "$@"; do
  case "$flag" in
    --browser) want_browser=1 ;;
    --spark) want_spark=1 ;;
    *) echo "scripts/setup.sh: unknown flag $flag (--browser, --spark)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "attaché needs $1 ($2) and cannot install it itself." >&2; exit 1; }; }

need cargo "the Rust toolchain, from rustup"
need rustup "rustup, to add the wasm32 target"
need python3 "Python 3.11+, to read wasm-pack.toml"
need node "Node.js 20.19+, for the front end"
need npm "npm, for the front end"

eval "$(python3 scripts/wasm_manifest.py)"

if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
  say "adding Rust target $WASM_TARGET"
  rustup target add "$WASM_TARGET"
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: the CLI's own lockfile names a webpki-roots release some crates.io
  # mirrors lack; the `=` pin is what must hold, and the build checks it.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

# npm ci only when the lockfile changed since the last install.
lock_hash=$(sha256sum www/package-lock.json | cut -d' ' -f1)
stamp=www/node_modules/.attache-lock-sha256
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  say "installing npm packages (npm ci)"
  (cd www && npm ci --no-audit --no-fund)
  echo "$lock_hash" > "$stamp"
fi

if (( want_browser )) && [[ ! -x /usr/bin/chromium ]]; then
  say "installing Debian chromium + chromium-driver for the browser tests"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    need sudo "sudo, to install chromium with apt-get"
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi

if (( want_spark )); then
  # Idempotent: Java when there is none, the pinned pyspark when .venv-spark lacks it.
  spark/run.sh --install-only
fi
