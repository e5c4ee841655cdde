#!/usr/bin/env bash
# Install whatever the build and the tests need and is missing. Idempotent, and quick when
# everything is there: each step checks before it installs. Called by `make`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Node >= 20 runs the build scripts and the end-to-end tests. Debian 12's own nodejs is 18,
# so an older one is reported rather than "fixed".
need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists are refreshed only when the install cannot find the packages.
  apt-get install -y --no-install-recommends "${need_apt[@]}" ||
    { apt-get update && apt-get install -y --no-install-recommends "${need_apt[@]}"; }
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  say "node $(node --version) is too old: mathdown needs Node >= 20" >&2
  exit 1
fi

for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done
rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown

command -v wasm-pack >/dev/null || cargo install wasm-pack --locked

# wasm-bindgen-cli must be exactly the wasm-bindgen crate version in Cargo.lock, or the
# generated glue does not match the compiled module. (`--locked` fails for it here.)
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen" ]; then
  say "no wasm-bindgen in Cargo.lock; run cargo generate-lockfile" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen" ] ||
  ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "cargo install wasm-bindgen-cli --version =$bindgen"
  cargo install wasm-bindgen-cli --version "=$bindgen" --force
fi

# npm packages exactly as locked. npm writes node_modules/.package-lock.json on install;
# when it is newer than package-lock.json the tree is current.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi
