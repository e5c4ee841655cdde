// Time to first screen (issue 8): a page of 1,000 formulas with the TeX left in the HTML
// text (tests/e2e/auto/lazy-page.mjs, the page of the lazy-rendering test), loaded in a
// fresh tab at 1280×800 with the renderer's own tags in its head, three ways: mathdown's
// auto-render (pkg/mathdown-auto.js: placeholders at once, the first screen drawn in the
// same call, the rest as it comes near), KaTeX auto-render (renderMathInElement on
// DOMContentLoaded, every formula) and MathJax 3 (tex-chtml, typeset at startup), and
// beside them a floor that is not a peer (pages/lazy-floor.js: what is left when mathdown's
// own work is taken away). The clock (pages/lazy-probe.js, inlined first in the head) runs
// from DOMContentLoaded until the formulas of the first screen are drawn and laid out; see
// `description`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../scripts/serve.mjs';
import { lazyPage, lazyPageCounts } from '../../tests/e2e/auto/lazy-page.mjs';
import { buildDir } from '../lib/build.mjs';
import { stats } from '../lib/harness.mjs';
import { ms, ratio, table } from '../lib/table.mjs';

export const name = 'time to first screen, lazy rendering';
export const description =
  'A fresh tab (1280×800, nothing cached) loads a page of 1,000 formulas (800 inline, 200 display; `$`, `\\(`, `$$`) ' +
  'with the TeX in the HTML text. Timed: from DOMContentLoaded (the first listener of its dispatch: registered by the ' +
  'first script in the head, on window, capturing) until ' +
  'the formulas in the initial viewport are drawn and laid out (one forced layout, then the clock): no raw TeX left ' +
  'in the viewport\'s text, no mathdown placeholder pending in it, at least one formula drawn in it. The check itself ' +
  'is not timed. Each renderer as a page includes it: mathdown `mathdown-auto.js` (defaults: lazy, one screen of ' +
  'margin; the wasm compile after DOMContentLoaded is in the clock), KaTeX auto-render on DOMContentLoaded (the ' +
  'delimiters of the auto-render page), MathJax 3 `tex-chtml.js` typesetting at startup (the MathJax page\'s ' +
  'configuration); KaTeX and MathJax load as blocking scripts, so their download and compile fall before ' +
  'DOMContentLoaded: the "from navigation start" column counts them. The floor (not a peer, `bench/pages/lazy-floor.js`) ' +
  'does the least a translation-safe auto-render must in that task, with KaTeX and no mathdown: one regular expression ' +
  'finds the formulas, KaTeX draws those on screen, every other one goes into a `translate="no"` placeholder, then the ' +
  'same forced layout. Fonts are not waited for by anyone.';

const goal = { ms: 100, times: 5 };
const viewport = { width: 1280, height: 800 };

/** mathdown's head, as the README's snippet, for the package served at URL path `pkg`. */
export function mathdownHead(pkg) {
  return `<link rel="stylesheet" href="${pkg}mathdown.css">\n` +
    `<link rel="preload" href="${pkg}mathdown_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n` +
    `<script type="module" src="${pkg}mathdown-auto.js"></script>`;
}

/** The 1,000-formula page with the clock (pages/lazy-probe.js) first in its head, then `head`. */
export function lazyHtml(head, title) {
  const probe = readFileSync(join(root, 'bench', 'pages', 'lazy-probe.js'), 'utf8');
  return lazyPage({ head: `<script>\n${probe}</script>\n${head}`, labels: false, title });
}

/** Each system's head; the probe goes first (see pages/lazy-probe.js). */
const heads = {
  // As the README's snippet: the wasm preloaded, so its download overlaps parsing as the
  // peers' blocking scripts do.
  mathdown: mathdownHead('/pkg/'),
  'auto-render': `<link rel="stylesheet" href="/node_modules/katex/dist/katex.min.css">
<script src="/node_modules/katex/dist/katex.min.js"></script>
<script src="/node_modules/katex/dist/contrib/auto-render.min.js"></script>
<script type="module">
import { autoRenderOptions } from '/bench/pages/auto-render-options.js';
document.addEventListener('DOMContentLoaded', () => {
  window.renderMathInElement(document.body, autoRenderOptions);
  window.lazyBench.settle('auto-render');
}, { once: true });
</script>`,
  // Not a peer: KaTeX and the page's own re-layout, nothing of mathdown (pages/lazy-floor.js).
  floor: '<link rel="stylesheet" href="/pkg/mathdown.css">\n' +
    '<script src="/node_modules/katex/dist/katex.min.js"></script>\n' +
    '<script src="/bench/pages/lazy-floor.js"></script>',
  mathjax: `<script src="/bench/pages/mathjax-config.js"></script>
<script>
// The MathJax page's configuration, typesetting the page at startup as a site does.
MathJax.startup.typeset = true;
MathJax.startup.pageReady = () => MathJax.startup.defaultPageReady().then(() => window.lazyBench.settle('mathjax'));
</script>
<script src="/node_modules/mathjax/es5/tex-chtml.js"></script>`,
};

export const lazySystems = [
  { id: 'mathdown', label: 'mathdown auto-render' },
  { id: 'auto-render', label: 'KaTeX auto-render', peer: true },
  { id: 'mathjax', label: 'MathJax 3 tex-chtml', peer: true },
  // A title as short as the others: the page's layout must not differ by a wrapped heading.
  { id: 'floor', label: 'floor (every formula marked, the first screen drawn by KaTeX, the re-layout)', title: 'floor' },
];
const peers = lazySystems.filter((s) => s.peer);

/** Writes the pages under bench/build/lazy/ (git-ignored); returns their URL paths. */
export function writeLazyPages() {
  if (!existsSync(join(root, 'pkg', 'mathdown-auto.js'))) {
    throw new Error('pkg/mathdown-auto.js is missing: `make build` (scripts/package.mjs copies js/mathdown-auto.js)');
  }
  const dir = join(buildDir, 'lazy');
  mkdirSync(dir, { recursive: true });
  const paths = {};
  for (const { id, label, title = label } of lazySystems) {
    writeFileSync(join(dir, `${id}.html`), lazyHtml(heads[id], `1,000 formulas: ${title}`));
    paths[id] = `bench/build/lazy/${id}.html`;
  }
  return paths;
}

/**
 * One cold load of `path` in a fresh tab: the probe's figures. `ctx` needs `browser` and
 * `base`. With `idle`, mathdown's stats half a second later too (what the lazy margin drew).
 */
export async function load(ctx, path, { idle = true } = {}) {
  const page = await ctx.browser.context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.setViewportSize(viewport);
  await page.goto(`${ctx.base}${path}`, { waitUntil: 'domcontentloaded' });
  const r = await page.evaluate(() => window.lazyBench.result);
  // Once idle (no scrolling): what the lazy margin drew after the first screen.
  if (r.stats && idle) {
    r.idle = await page.evaluate(async () => {
      await new Promise((res) => setTimeout(res, 500));
      for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
      return window.mathdownAuto.stats();
    });
  }
  await page.close();
  if (r.error) problems.push(r.error);
  return { ...r, problems };
}

export async function run(ctx) {
  const paths = writeLazyPages();
  const counts = lazyPageCounts();
  const rounds = ctx.quick ? 2 : Math.max(1, Number(process.env.BENCH_LAZY_ROUNDS ?? 7));
  const by = Object.fromEntries(lazySystems.map((s) => [s.id, []]));
  // An untimed load of each first, so the server's files are in the OS cache for everyone.
  for (const s of lazySystems) await load(ctx, paths[s.id]);
  for (let round = 0; round < rounds; round++) {
    const order = lazySystems.map((_, i) => lazySystems[(i + round) % lazySystems.length]);
    for (const s of order) {
      const r = await load(ctx, paths[s.id]);
      if (r.problems.length) {
        ctx.fail(`first screen, ${s.id}: ${r.problems.join('; ')}`);
        return { markdown: `failed: ${s.id}: ${r.problems.join('; ')}`, data: { failed: r } };
      }
      by[s.id].push(r);
      ctx.log(`  lazy round ${round + 1}/${rounds} ${s.id}: DCL at ${r.dcl.toFixed(0)} ms, first screen +${(r.done - r.dcl).toFixed(0)} ms` +
        `${r.stats ? ` (${r.stats.drawn} drawn, ${r.stats.pending} pending)` : ''}`);
    }
  }

  const summary = Object.fromEntries(lazySystems.map(({ id }) => {
    const rs = by[id];
    const pick = (f) => stats(rs.map(f));
    return [id, {
      fromDcl: pick((r) => r.done - r.dcl),
      painted: pick((r) => r.painted - r.dcl),
      fromStart: pick((r) => r.done),
      dcl: pick((r) => r.dcl),
      wasmAfterDcl: id === 'mathdown' ? pick((r) => r.wasm - r.dcl) : null,
      nav: rs.map((r) => r.nav),
      onScreen: rs[0].screen.drawn,
      total: rs[0].total,
      stats: rs.map((r) => r.stats ?? null),
      idle: rs.map((r) => r.idle ?? null),
      fontsAtDone: [...new Set(rs.map((r) => r.fonts))],
      polls: rs.map((r) => r.polls),
      runs: rs,
    }];
  }));
  const md = summary.mathdown;
  const ratios = peers.map(({ id }) => summary[id].fromDcl.median / md.fromDcl.median);
  const met = md.fromDcl.median <= goal.ms && ratios.every((x) => x >= goal.times);
  const floor = summary.floor.fromDcl.median;
  const drawnOf = ({ id }) => {
    const s = summary[id];
    if (id !== 'mathdown') return `${s.total} / ${counts.total}`;
    const st = s.stats[0];
    return `${st.drawn} / ${st.formulas} (${st.pending} pending)`;
  };
  const rows = lazySystems.map((s) => {
    const x = summary[s.id];
    return [
      s.label, `**${ms(x.fromDcl.median)}**`, ms(x.fromDcl.p95), x.fromDcl.runs, ratio(x.fromDcl.median / md.fromDcl.median),
      ms(x.painted.median), ms(x.fromStart.median), ms(x.dcl.median), x.onScreen, drawnOf(s),
    ];
  });
  const idle = md.idle.filter(Boolean);
  const markdown = [
    table(['system', 'DOMContentLoaded → first screen, median ms', 'p95 ms', 'runs', '× mathdown',
      'to the next frame, median ms', 'from navigation start, median ms', 'DOMContentLoaded at, median ms',
      'formulas in the first screen', 'formulas drawn then / on the page'], rows),
    '',
    `Goal (issue 8): mathdown ≤ ${goal.ms} ms and at least ${goal.times}× faster than both: ` +
      `${ms(md.fromDcl.median)} ms, ${ratios.map(ratio).join(' and ')}: ${met ? 'met' : 'NOT met'}.` +
      ` The floor took ${ms(floor)} ms (its re-layout of the changed page included): mathdown's own work beyond it ` +
      `(scan, numbering, wasm start, observers) is ${ms(md.fromDcl.median - floor)} ms.` +
      (idle.length ? ` Laziness: once idle without scrolling (0.5 s later), mathdown had drawn ${idle[0].drawn} of ` +
        `${idle[0].formulas}, ${idle[0].pending} still pending (the lazy margin is one screen).` : '') +
      ` mathdown's wasm had finished downloading ${ms(md.wasmAfterDcl.median)} ms after DOMContentLoaded (median); ` +
      'the rest of its time is the wasm compile, init() and the autoRender call.',
  ].join('\n');
  for (const s of Object.values(summary)) delete s.runs;
  return { markdown, data: { viewport, counts, goal, met, ratios: Object.fromEntries(peers.map(({ id }, i) => [id, ratios[i]])), ...summary } };
}
