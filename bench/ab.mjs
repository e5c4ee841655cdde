// Two builds of mathdown side by side on the first-screen page (metrics/60-lazy-first-screen.mjs):
// which one is faster, and by more than this machine's noise?
//
//   node bench/ab.mjs DIR_A DIR_B [LOADS]
//
// DIR_A and DIR_B are package directories inside the repository: `pkg`, or the output of
// `wasm-pack build --target web --release --out-dir DIR` finished by
// `node scripts/package.mjs pkg DIR` (bench/README.md shows the whole recipe). Passing the same
// directory twice (an A/A run) shows how far two identical builds land apart.
//
// Each build gets the same 1,000-formula page with the README's snippet pointing at it. The
// loads alternate A B B A A B ..., each in a fresh tab, after one untimed load of each (so
// the server's files are in the OS cache for both), LOADS of each (default 40). Printed: the
// medians of each figure of the probe, the difference B − A of the medians, and a 95 %
// bootstrap interval of that difference (2,000 resamples of each side). An interval that
// holds 0 is no evidence either way. Exits 1 if a page logged an error.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { launch, root, serve } from '../tests/e2e/helpers.mjs';
import { lazyHtml, load, mathdownHead } from './metrics/60-lazy-first-screen.mjs';
import { buildDir } from './lib/build.mjs';
import { stats } from './lib/harness.mjs';
import { table } from './lib/table.mjs';

const [dirA, dirB, loadsArg = '40'] = process.argv.slice(2);
const LOADS = Number(loadsArg);
if (!dirA || !dirB || !Number.isInteger(LOADS) || LOADS < 3) {
  console.error('usage: node bench/ab.mjs DIR_A DIR_B [LOADS]   (package directories, e.g. pkg; LOADS >= 3, default 40)');
  process.exit(2);
}
/** Resamples of the bootstrap: enough for a stable 2.5 % and 97.5 % quantile. */
const RESAMPLES = 2000;

function urlPath(dir) {
  const abs = resolve(dir);
  const rel = relative(root, abs);
  if (rel.startsWith('..') || !existsSync(join(abs, 'mathdown-auto.js'))) {
    console.error(`${dir}: not a finished package inside the repository (no mathdown-auto.js; run scripts/package.mjs pkg ${dir})`);
    process.exit(2);
  }
  return `/${rel.split('\\').join('/')}/`;
}

const median = (xs) => stats(xs).median;

/** 95 % interval of median(b) − median(a), resampling each side with replacement. */
function interval(a, b) {
  // A fixed seed: the same samples always print the same interval.
  let seed = 0x9e3779b9;
  const rand = () => {
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed / 2 ** 32;
  };
  const pick = (xs) => Array.from(xs, () => xs[Math.floor(rand() * xs.length)]);
  const diffs = Array.from({ length: RESAMPLES }, () => median(pick(b)) - median(pick(a))).sort((x, y) => x - y);
  return [diffs[Math.floor(0.025 * RESAMPLES)], diffs[Math.ceil(0.975 * RESAMPLES) - 1]];
}

const figures = {
  'DOMContentLoaded → first screen': (r) => r.done - r.dcl,
  'of it, before the forced layout (the wasm start, autoRender)': (r) => r.ready - r.dcl,
  'of it, the forced layout': (r) => r.done - r.ready,
  'to the next frame': (r) => r.painted - r.dcl,
  'from navigation start': (r) => r.done,
  'DOMContentLoaded at': (r) => r.dcl,
};

const dir = join(buildDir, 'ab');
mkdirSync(dir, { recursive: true });
const sides = [['A', dirA], ['B', dirB]].map(([id, d]) => {
  const file = join(dir, `${id}.html`);
  writeFileSync(file, lazyHtml(mathdownHead(urlPath(d)), `1,000 formulas: build ${id}`));
  return { id, dir: d, path: relative(root, file).split('\\').join('/'), runs: [] };
});

const { server, url } = await serve({ mounts: { '/shared/': join(root, '..', 'shared'), '/': root } });
const browser = await launch();
const ctx = { browser, base: url };
let failed = false;
try {
  for (const s of sides) await load(ctx, s.path, { idle: false });
  for (let i = 0; i < LOADS; i++) {
    // A B, B A, A B, ...: neither build is always the first tab of its pair.
    for (const s of i % 2 ? [...sides].reverse() : sides) {
      const r = await load(ctx, s.path, { idle: false });
      if (r.problems.length) {
        console.error(`build ${s.id} (${s.dir}): ${r.problems.join('; ')}`);
        failed = true;
      }
      s.runs.push(r);
    }
    process.stderr.write(`\r${i + 1}/${LOADS} loads of each`);
  }
  process.stderr.write('\n');
} finally {
  await browser.close();
  server.close();
}

console.log(`A = ${dirA}, B = ${dirB}: ${LOADS} alternating loads of each, medians in ms`);
console.log('');
const rows = Object.entries(figures).map(([name, f]) => {
  const a = sides[0].runs.map(f);
  const b = sides[1].runs.map(f);
  const [lo, hi] = interval(a, b);
  const d = median(b) - median(a);
  return [name, median(a).toFixed(1), median(b).toFixed(1), `${d >= 0 ? '+' : ''}${d.toFixed(1)}`, `${lo.toFixed(1)} to ${hi.toFixed(1)}`];
});
console.log(table(['figure', 'A', 'B', 'B − A', '95 % interval of B − A'], rows));
const drawn = sides.map((s) => s.runs[0].stats?.drawn);
console.log('');
console.log(`formulas drawn in the first screen: A ${drawn[0]}, B ${drawn[1]}`);
if (failed) process.exit(1);
