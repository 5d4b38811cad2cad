#!/usr/bin/env python3
"""Prints wasm-pack.toml (our own manifest; wasm-pack does not read it) as shell
variable assignments for the build scripts, and checks that the wasm-bindgen CLI pin
equals the wasm-bindgen crate pin in Cargo.toml."""
import pathlib
import re
import shlex
import sys
import tomllib

root = pathlib.Path(__file__).resolve().parent.parent
manifest = tomllib.loads((root / "wasm-pack.toml").read_text())
cargo = (root / "Cargo.toml").read_text()

cli = manifest["toolchain"]["wasm-bindgen-cli"]
crate_pin = re.search(r'^wasm-bindgen\s*=\s*"=([^"]+)"', cargo, re.MULTILINE)
if not crate_pin:
    sys.exit("Cargo.toml must pin wasm-bindgen with '=' (e.g. wasm-bindgen = \"=0.2.130\")")
if crate_pin.group(1) != cli:
    sys.exit(f"wasm-pack.toml pins wasm-bindgen-cli {cli} but Cargo.toml pins the crate at {crate_pin.group(1)}")

build = manifest["build"]
values = {
    "WASM_BINDGEN_VERSION": cli,
    "BINARYEN_VERSION": manifest["toolchain"]["binaryen"],
    "WASM_TARGET": build["target"],
    "CARGO_PROFILE": build["cargo-profile"],
    "BINDGEN_TARGET": build["bindgen-target"],
    "OUT_DIR": build["out-dir"],
    "OUT_NAME": build["out-name"],
    "WASM_OPT_ARGS": " ".join(shlex.quote(a) for a in build["wasm-opt-args"]),
}
for key, value in values.items():
    print(f"{key}={shlex.quote(value)}")
