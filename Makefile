# attaché. A newcomer needs two commands:
#   make serve   installs what is missing, builds, and serves the app at http://127.0.0.1:8080
#   make test    installs what is missing (Chromium included) and runs every test
#   make bench   measures attaché against its peers and writes bench/RESULTS.md (long)
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test setup wasm web demo screenshots fuzz fuzz-smoke bench

serve: web
	@echo
	@echo "attaché is served at http://127.0.0.1:8080  (Ctrl-C to stop)"
	@echo
	cd www && npm run serve

test:
	scripts/setup.sh --browser
	cargo fmt --all -- --check
	cargo test --all-targets
	spark/test-parity.sh
	scripts/build-wasm.sh
	cd www && npm test
	cd www && npm run build
	cd www && npm run e2e

setup:
	scripts/setup.sh

wasm: setup
	scripts/build-wasm.sh

web: wasm
	cd www && npm run build

# Regenerates the synthetic diplomacy demo (seeded: the same files every time).
demo:
	node scripts/gen-demo.mjs

# Regenerates the screenshots in docs/ from the built page.
screenshots: web
	scripts/setup.sh --browser
	cd www && node scripts/screenshots.mjs

# Fuzzing (nightly Rust + cargo-fuzz; skipped with a message when absent), one target
# after the other: a few seconds each, or FUZZ_SECONDS (default 600) each. docs/ROBUSTNESS.md.
fuzz-smoke:
	scripts/fuzz.sh 5

fuzz:
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),600)

# Benchmarks against the peers (bench/README.md): writes bench/RESULTS.md.
bench:
	BENCH_COMMAND='make bench' bench/run.sh
