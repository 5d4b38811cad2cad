#!/usr/bin/env bash
# Builds the wasm module and its JavaScript bindings into www/src/pkg, with the
# settings of wasm-pack.toml (our own manifest; wasm-pack does not read it).
# Run scripts/setup.sh first (make does).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
eval "$(python3 scripts/wasm_manifest.py)"

installed=$(wasm-bindgen --version 2>/dev/null || true)
if [[ "$installed" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  echo "wasm-bindgen $WASM_BINDGEN_VERSION is required (found: ${installed:-none}); run scripts/setup.sh" >&2
  exit 1
fi

cargo build --lib --target "$WASM_TARGET" --profile "$CARGO_PROFILE"
profile_dir=$CARGO_PROFILE
[[ "$CARGO_PROFILE" == "dev" ]] && profile_dir=debug
input="target/$WASM_TARGET/$profile_dir/attache.wasm"
output="$OUT_DIR/${OUT_NAME}_bg.wasm"

# Skip bindgen and wasm-opt when the module has not changed since the last build.
input_hash=$(sha256sum "$input" | cut -d' ' -f1)
stamp="$OUT_DIR/.input-sha256"
if [[ -f "$stamp" && -f "$output" && "$(cat "$stamp")" == "$input_hash" ]]; then
  echo "wasm module up to date ($output)"
  exit 0
fi

wasm-bindgen --target "$BINDGEN_TARGET" --out-dir "$OUT_DIR" --out-name "$OUT_NAME" "$input"
if [[ -n "$WASM_OPT_ARGS" ]]; then
  wasm_opt=www/node_modules/.bin/wasm-opt
  [[ -x "$wasm_opt" ]] || { echo "wasm-opt (npm binaryen) missing; run scripts/setup.sh" >&2; exit 1; }
  # shellcheck disable=SC2086 # the arguments are a word list by design
  "$wasm_opt" $WASM_OPT_ARGS "$output" -o "$output"
fi
echo "$input_hash" > "$stamp"
echo "built $output ($(wc -c < "$output") bytes)"
