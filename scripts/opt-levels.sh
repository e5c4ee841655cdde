#!/usr/bin/env bash
# Compare Cargo opt-levels for the wasm build: gzip size of mathdown_bg.wasm and the time to
# render the 40-post corpus in Node. Used to choose [profile.release] opt-level (README).
#   scripts/opt-levels.sh            levels s z 3
#   scripts/opt-levels.sh s 2        any levels
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
corpus=../shared/corpus/kexue/all.md
printf '%-9s %11s %11s %9s %9s\n' opt-level wasm-bytes gzip-bytes cold-ms warm-ms
for l in ${*:-s z 3}; do
  dir=target/opt-levels/$l
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$l wasm-pack --quiet build --target web --release \
    --out-dir "$PWD/$dir" >/dev/null 2>&1
  # cold: first render of the corpus, KaTeX drawing every formula (KaTeX is JS, the same at
  # every level). warm: the same again, formulas from the cache, so this is the Rust core.
  times=$(node --input-type=module -e "
    import { readFileSync } from 'node:fs';
    const m = await import('$PWD/$dir/mathdown.js');
    m.initSync({ module: readFileSync('$dir/mathdown_bg.wasm') });
    const src = readFileSync('$corpus', 'utf8');
    const time = () => { const t = performance.now(); m.render(src); return performance.now() - t; };
    const cold = time();
    const warm = Math.min(time(), time(), time());
    console.log(cold.toFixed(0), warm.toFixed(0));")
  printf '%-9s %11s %11s %9s %9s\n' "$l" "$(wc -c < "$dir/mathdown_bg.wasm")" \
    "$(gzip -9 -c "$dir/mathdown_bg.wasm" | wc -c)" $times
done
