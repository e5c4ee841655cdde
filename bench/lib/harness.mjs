// The context every metric gets: the browser, the server, the systems, the inputs, and a
// few helpers to time things the same way everywhere. See bench/README.md.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem, loadavg, release } from 'node:os';
import { join } from 'node:path';
import { launch } from '../../tests/e2e/helpers.mjs';
import { root, serve } from '../../scripts/serve.mjs';

export const shared = join(root, '..', 'shared');
const version = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/** The systems, in table order. `page` is under bench/pages/; `packages` are reported with versions. */
export const systems = [
  { id: 'mathdown', label: 'mathdown', kind: 'markdown', packages: ['katex'] },
  { id: 'marked', label: 'marked + marked-katex-extension', kind: 'markdown', packages: ['marked', 'marked-katex-extension', 'katex'] },
  { id: 'markdown-it', label: 'markdown-it + markdown-it-texmath', kind: 'markdown', packages: ['markdown-it', 'markdown-it-texmath', 'katex'] },
  { id: 'auto-render', label: 'KaTeX auto-render', kind: 'html', packages: ['katex'] },
  { id: 'mathjax', label: 'MathJax 3 tex-chtml', kind: 'html', packages: ['mathjax'] },
];
/** Not a peer: the work every KaTeX-based system must do (see pages/floor.page.js). */
export const floor = { id: 'floor', label: 'floor (KaTeX once per distinct formula + innerHTML + layout)', kind: 'markdown', packages: ['katex'] };

for (const s of [...systems, floor]) s.versions = Object.fromEntries(s.packages.map((p) => [p, version(p)]));

/**
 * The inputs: the 40-post corpus and three single posts (one with only `$`/`$$` math, which
 * every peer can find; a middle one; the largest), with the number of formulas in each by
 * the corpus's own independent count (MANIFEST.json): a system that draws fewer skipped
 * some. `rounds`: cold/warm samples per system; MathJax 3, 3-4x slower than the rest, gets
 * fewer on the corpus to keep `make bench` near 10 minutes.
 */
const manifest = JSON.parse(readFileSync(join(shared, 'corpus', 'kexue', 'MANIFEST.json'), 'utf8'));
const formulasIn = (c) => c.inline_dollar + c.inline_paren + c.display;
const env = (name, fallback) => Math.max(1, Number(process.env[name] ?? fallback));
export const inputs = [
  { id: 'corpus', label: 'all.md (40 posts, 784 KB)', file: 'all.md', rounds: env('BENCH_ROUNDS', 3),
    limit: { mathjax: env('BENCH_MATHJAX_ROUNDS', 2) } },
  { id: '3757', label: 'post 3757 (12 KB, `$` and `$$` only)', file: '3757.md', rounds: env('BENCH_POST_ROUNDS', 5) },
  { id: '10922', label: 'post 10922 (19 KB)', file: '10922.md', rounds: env('BENCH_POST_ROUNDS', 5) },
  { id: '11033', label: 'post 11033 (45 KB)', file: '11033.md', rounds: env('BENCH_POST_ROUNDS', 5) },
].map((i) => ({
  ...i,
  markdown: readFileSync(join(shared, 'corpus', 'kexue', i.file), 'utf8'),
  expected: i.file === 'all.md'
    ? formulasIn(manifest.totals)
    : formulasIn(manifest.files.find((f) => f.file === i.file).counts),
}));

export function katexSnippet() {
  const [dir] = readdirSync(join(root, 'pkg', 'snippets'));
  return `/pkg/snippets/${dir}/js/katex.js`;
}

export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, p95: at(0.95), min: s[0], max: s[s.length - 1], runs: s.length, samples };
}

export function machine() {
  return {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadavg: loadavg(),
  };
}

/** Start the server and the browser; returns the ctx handed to each metric. */
export async function start({ quick = false, inputs: pick = null } = {}) {
  const { server, url } = await serve({ mounts: { '/shared/': shared, '/': root } });
  const browser = await launch();
  // The corpus links images on the web: every request that is not for this server is
  // refused at once (no DNS, no traffic off the machine), the same for every system.
  const origin = new URL(url).origin;
  await browser.context.route((u) => u.origin !== origin, (route) => route.abort('blockedbyclient'));
  const snippet = katexSnippet();
  const ctx = {
    quick,
    base: url,
    browser,
    systems,
    floor,
    inputs: pick ? inputs.filter((i) => pick.includes(i.id)) : quick ? inputs.filter((i) => i.id !== 'corpus') : inputs,
    results: {},
    log: (...a) => console.error(...a),

    /** A fresh page of `system` (a fresh JS realm: nothing cached), its input set. */
    async open(system, input) {
      const page = await browser.context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && !/ERR_BLOCKED_BY_CLIENT/.test(m.text()) &&
        problems.push(`console: ${m.text()}`));
      page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
      await page.goto(`${url}bench/pages/${system.id}.html?katex=${snippet}`);
      await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 60_000 });
      if (input) await page.evaluate((i) => window.bench.setInput(i), await ctx.prepared(input));
      page.problems = problems;
      return page;
    },

    /** One timed run on an open page: { ms, split: { html, dom, layout } }. */
    run: (page) => page.evaluate(() => window.bench.run()),

    /** Input derived with mathdown, once per input (see pages/prep.page.js). */
    prepared: memo(async (input) => {
      const page = await browser.context.newPage();
      await page.goto(`${url}bench/pages/prep.html?katex=${snippet}`);
      await page.waitForSelector('html[data-ready]', { state: 'attached' });
      const p = await page.evaluate((md) => window.prep(md), input.markdown);
      await page.close();
      return { markdown: input.markdown, ...p };
    }, (input) => input.id),

    /**
     * One cold render of `input` by `system` in a fresh page, then (fonts loaded) what it
     * drew and which files the page fetched. Memoized: metrics share it.
     */
    probe: memo(async (system, input) => {
      const page = await ctx.open(system, input);
      const { ms, split } = await ctx.run(page);
      const seen = await page.evaluate(async () => {
        await document.fonts.ready;
        return {
          count: window.bench.count(),
          resources: performance.getEntriesByType('resource').map((e) => e.name),
        };
      });
      const problems = page.problems;
      await page.close();
      return { ms, split, ...seen, problems };
    }, (system, input) => `${system.id} ${input.id}`),

    /**
     * The render samples every timing metric reads, taken once per input: `rounds` rounds,
     * each opening a fresh page per system (in an order that rotates every round, so no
     * system always runs first or after the same neighbour), timing one cold render, then,
     * fonts loaded, one warm re-render of the same document in the same page. The first
     * round also records what each system drew and which files its page fetched.
     */
    renders: memo(async (input) => {
      const all = [...systems, floor];
      const by = Object.fromEntries(all.map((s) => [s.id, { cold: [], warm: [], coldSplit: [], warmSplit: [] }]));
      for (let round = 0; round < input.rounds; round++) {
        const order = all.map((_, i) => all[(i + round) % all.length]);
        for (const system of order) {
          if (round >= (input.limit?.[system.id] ?? Infinity)) continue;
          const page = await ctx.open(system, input);
          const cold = await ctx.run(page);
          const seen = await page.evaluate(async (first) => {
            await document.fonts.ready;
            return first ? {
              count: window.bench.count(),
              resources: performance.getEntriesByType('resource').map((e) => e.name),
            } : {};
          }, round === 0);
          const warm = await ctx.run(page);
          const r = by[system.id];
          r.cold.push(cold.ms);
          r.coldSplit.push(cold.split);
          r.warm.push(warm.ms);
          r.warmSplit.push(warm.split);
          if (round === 0) Object.assign(r, seen);
          if (page.problems.length) throw new Error(`${system.id} on ${input.id}: ${page.problems.join('; ')}`);
          await page.close();
          ctx.log(`  ${input.id} round ${round + 1}/${input.limit?.[system.id] ?? input.rounds} ${system.id}: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms`);
        }
      }
      return by;
    }, (input) => input.id),

    async close() {
      await browser.close();
      server.close();
    },
  };
  return ctx;
}

function memo(fn, key) {
  const cache = new Map();
  return (...args) => {
    const k = key(...args);
    if (!cache.has(k)) cache.set(k, fn(...args));
    return cache.get(k);
  };
}
