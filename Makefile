# attaché. A newcomer needs two commands:
#   make serve   installs what is missing, builds, and serves the app at http://127.0.0.1:8080
#   make test    installs what is missing (Chromium included) and runs every test
#   make bench   measures attaché against its peers and writes bench/RESULTS.md (long)
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test setup wasm web bench

serve: web
	@echo
	@echo "attaché is served at http://127.0.0.1:8080  (Ctrl-C to stop)"
	@echo
	cd www && npm run serve

test:
	scripts/setup.sh --browser
	cargo fmt --all -- --check
	cargo test --all-targets
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

bench:
	bench/run.sh
