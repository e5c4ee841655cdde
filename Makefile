# Two commands do everything (README): `make demo` and `make test`. Both install what is
# missing first (scripts/setup.sh), quickly when everything is there.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

CHROMEDRIVER ?= /usr/bin/chromedriver
# wasm-bindgen-test's default wait (20 s) is short for a cold Chromium on a busy 2-core CI.
export WASM_BINDGEN_TEST_TIMEOUT ?= 120

SOURCES := Cargo.toml Cargo.lock $(shell find src -name '*.rs')
PKG := pkg/package.json

.PHONY: demo test setup build size bench lint native-test wasm-test e2e clean fuzz

demo: setup $(PKG)
	node scripts/serve.mjs

test: setup lint native-test wasm-test e2e

setup:
	@scripts/setup.sh

build: setup $(PKG)

# KaTeX's ES module from the npm lock, as one self-contained wasm-bindgen snippet. It must
# exist before anything compiles the wasm module (clippy included).
js/katex.js: package-lock.json scripts/package.mjs
	node scripts/package.mjs snippet

# js/helpers.js is a wasm-bindgen snippet and mathdown-auto.js is copied in: editing either
# must rebuild the package too.
$(PKG): $(SOURCES) js/katex.js js/helpers.js js/mathdown-auto.js js/mathdown.css scripts/package.mjs
	rm -rf pkg
	wasm-pack build --target web --release
	node scripts/package.mjs pkg

lint: js/katex.js
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings

native-test:
	cargo test

wasm-test: js/katex.js
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) --release -- --test wasm_katex --test wasm_corpus

e2e: $(PKG)
	node --test --test-concurrency=1 tests/e2e/

# mathdown beside its peers in one headless Chromium run (bench/README.md). Not a test.
bench: setup $(PKG)
	node bench/run.mjs

# The figure in the README: bytes of mathdown_bg.wasm after gzip -9.
size: setup $(PKG)
	@printf 'mathdown_bg.wasm: %s bytes, %s bytes gzip -9\n' \
	  $$(wc -c < pkg/mathdown_bg.wasm) $$(gzip -9 -c pkg/mathdown_bg.wasm | wc -c)
	@printf 'KaTeX snippet:    %s bytes, %s bytes gzip -9\n' \
	  $$(cat pkg/snippets/*/js/katex.js | wc -c) $$(gzip -9 -c pkg/snippets/*/js/katex.js | wc -c)

clean:
	rm -rf pkg js/katex.js tests/e2e/out

# Coverage-guided fuzzing (cargo-fuzz, nightly): each target for FUZZ_SECONDS. Not part of
# `make test`; interesting inputs are committed to fuzz/regressions/, which `cargo test`
# replays.
FUZZ_SECONDS ?= 300
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && mkdir -p corpus/render corpus/scan && \
	  cp -r regressions/render/. corpus/render/ && cp -r regressions/scan/. corpus/scan/ && \
	  cargo +nightly fuzz run -O render corpus/render -- -max_total_time=$(FUZZ_SECONDS) -max_len=4096 && \
	  cargo +nightly fuzz run -O scan corpus/scan -- -max_total_time=$(FUZZ_SECONDS) -max_len=4096
