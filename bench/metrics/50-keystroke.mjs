// Keystroke-to-DOM latency of the live preview (issue 6): a mathdown Renderer holding the
// document, one character typed inside a paragraph with a formula, timed from update() to
// the patched DOM (the goal) and to that DOM laid out (the browser's share, reported). Beside it, in the same run, what a full re-render costs with
// markdown-it + markdown-it-texmath + KaTeX (their page's warm bench.run(): the whole
// document to HTML, innerHTML, layout), which is what a preview built on it does per key.
import { stats } from '../lib/harness.mjs';
import { ms, ratio, table } from '../lib/table.mjs';

export const name = 'keystroke-to-DOM latency (live preview)';
export const description =
  'One character typed inside a paragraph with a formula, to the patched DOM laid out: mathdown `Renderer.update` vs a full markdown-it + texmath + KaTeX re-render.';

/** Goals from issue 6, median and p95 in ms, by input. */
const goals = { '11033': { median: 4, p95: 10 }, corpus: { median: 16 } };

export async function run(ctx) {
  const peer = ctx.systems.find((s) => s.id === 'markdown-it');
  const inputs = ctx.inputs.filter((i) => i.id in goals);
  const rows = [];
  const data = {};
  for (const input of inputs) {
    const keys = input.id === 'corpus' ? (ctx.quick ? 20 : 100) : ctx.quick ? 40 : 200;
    const page = await ctx.open({ id: 'keystroke' });
    const k = await page.evaluate(([md, n]) => window.keystroke.run(md, n), [input.markdown, keys]);
    if (page.problems.length) ctx.fail(`keystroke page: ${page.problems.join('; ')}`);
    await page.close();
    const peerPage = await ctx.open(peer, input);
    await ctx.run(peerPage); // cold, not counted
    const peerTimes = [];
    for (let i = 0; i < (input.id === 'corpus' ? 3 : 7); i++) peerTimes.push((await ctx.run(peerPage)).ms);
    await peerPage.close();
    const st = stats(k.times);
    const lo = stats(k.laidOut);
    const ps = stats(peerTimes);
    const goal = goals[input.id];
    const met = st.median <= goal.median && (goal.p95 === undefined || st.p95 <= goal.p95);
    rows.push([
      input.label,
      ms(st.median),
      ms(st.p95),
      ms(lo.median),
      ms(lo.p95),
      `${st.runs} (${k.full} full)`,
      ms(ps.median),
      ratio(ps.median / lo.median),
      `median ≤ ${goal.median}${goal.p95 ? `, p95 ≤ ${goal.p95}` : ''}: ${met ? 'met' : 'NOT met'}`,
    ]);
    data[input.id] = { mathdown: st, laidOut: lo, firstRender: k.first, blocks: k.blocks, maxPatched: k.patched, fullRenders: k.full, markdownIt: ps, met };
    ctx.log(`keystroke ${input.id}: DOM patched median ${st.median.toFixed(2)} ms, p95 ${st.p95.toFixed(2)} ms; laid out median ${lo.median.toFixed(2)} ms, p95 ${lo.p95.toFixed(2)} ms; markdown-it ${ps.median.toFixed(1)} ms`);
  }
  const markdown = table(
    ['input', 'DOM patched: median ms', 'p95 ms', 'laid out: median ms', 'p95 ms', 'keystrokes', 'markdown-it full re-render ms', 'ratio (laid out)', 'goal (DOM patched)'],
    rows,
  );
  return { markdown, data };
}
