// The resize re-fit (issue 7): a page of 1,000 display formulas from the corpus, fitted by
// mathdown's fit(container); the container's width changes once (800 <-> 400 px, so
// about half the formulas change size each time) and the formulas are fitted again.
// Figures: the re-fit's own script time (layout forced before and after, timed apart), and
// the layouts it forces, counted by Chromium (CDP Performance.getMetrics LayoutCount)
// around one resize + re-fit + a final layout read. Beside it, in the same page, the naive
// per-formula reset-measure-set loop.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shared, stats } from '../lib/harness.mjs';
import { ms, ratio, table } from '../lib/table.mjs';

export const name = 'resize re-fit';
export const description =
  'Script time of the re-fit after one container resize on a page of 1,000 display formulas, and the number of forced layouts, beside a naive per-formula measure-and-set loop.';

const goal = { script: 4, forced: 1 };

/** 1,000 display formulas of the corpus (`$$…$$` and `\begin{equation}…`), in order. */
export function displayFormulas(n = 1000) {
  const all = readFileSync(join(shared, 'corpus', 'kexue', 'all.md'), 'utf8');
  const found = all.match(/\$\$[\s\S]+?\$\$|\\begin\{equation\}[\s\S]+?\\end\{equation\}/g);
  const picked = [];
  for (let i = 0; picked.length < n; i++) picked.push(found[i % found.length]);
  return picked.join('\n\n');
}

export async function run(ctx) {
  const page = await ctx.open({ id: 'refit' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const layouts = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'LayoutCount').value;
  };
  const { formulas, stats: first } = await page.evaluate((md) => window.refit.setup(md, 800), displayFormulas());
  const rounds = ctx.quick ? 7 : 31;
  // Every call resizes: the width alternates across all the runs below.
  let turn = 0;
  const next = () => (turn++ % 2 ? 800 : 400);
  // Script time: layout forced before and after, apart.
  const script = [], before = [], after = [], written = [];
  for (let i = 0; i < rounds; i++) {
    const r = await page.evaluate((w) => window.refit.mathdown(w, true), next());
    script.push(r.script);
    before.push(r.before);
    after.push(r.after);
    written.push(r.stats.written);
  }
  // Forced layouts: Chromium's own count around resize + re-fit + one final read.
  const forced = [];
  for (let i = 0; i < 9; i++) {
    const l0 = await layouts();
    await page.evaluate((w) => window.refit.mathdown(w, false), next());
    forced.push((await layouts()) - l0 - 1);
  }
  // The live path (ResizeObserver, then the next frame): formulas the settled page still
  // needed to write after it (0: the live fit did all of it).
  const leftover = [];
  for (let i = 0; i < 5; i++) leftover.push(await page.evaluate((w) => window.refit.live(w), next()));
  // The naive loop, same page, same resizes.
  await page.evaluate(() => window.refit.stop());
  const naive = [], naiveForced = [];
  for (let i = 0; i < (ctx.quick ? 3 : 5); i++) {
    const l0 = await layouts();
    const r = await page.evaluate((w) => window.refit.naive(w), next());
    naiveForced.push((await layouts()) - l0 - 1);
    naive.push(r);
  }
  if (page.problems.length) ctx.fail(`refit page: ${page.problems.join('; ')}`);
  await page.close();

  const s = stats(script);
  const total = stats(script.map((v, i) => v + before[i] + after[i]));
  const n = stats(naive.map((r) => r.script));
  const f = stats(forced);
  const met = s.median <= goal.script && f.min === goal.forced && f.max === goal.forced;
  ctx.log(`refit: script median ${s.median.toFixed(2)} ms, forced layouts ${forced.join(',')}; naive ${n.median.toFixed(0)} ms`);
  const markdown = [
    `${formulas} display formulas (${first.scaled} shrunk at 800 px); the container alternates 800 ↔ 400 px, ` +
      `${Math.min(...written)}–${Math.max(...written)} formulas change size per resize.`,
    '',
    table(
      ['approach', 're-fit script, median ms', 'p95 ms', 'runs', 'forced layouts per re-fit', 'resize + layouts + re-fit, median ms', 'goal'],
      [
        ['mathdown fit()', ms(s.median), ms(s.p95), s.runs, [...new Set(forced)].join(', '), ms(total.median),
          `script ≤ ${goal.script} ms, exactly ${goal.forced} forced layout: ${met ? 'met' : 'NOT met'}`],
        ['naive per-formula reset, measure, set (its loop time: the layouts it forces are in it)', ms(n.median), ms(n.p95), n.runs, [...new Set(naiveForced)].join(', '),
          ms(stats(naive.map((r) => r.ms)).median), `${ratio(n.median / s.median)} mathdown's script time`],
      ],
    ),
    '',
    `Live path (ResizeObserver, then one animation frame): formulas left to write after it settled: ${leftover.join(', ')}.`,
  ].join('\n');
  return {
    markdown,
    data: { formulas, script: s, total, forced, naive: n, naiveForced, naiveTotal: stats(naive.map((r) => r.ms)), written, leftover, met },
  };
}
