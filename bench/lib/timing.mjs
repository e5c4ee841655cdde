// The table a timing metric prints: one row per system, median / p95 / runs of `key`
// ('cold' or 'warm') from ctx.renders(input), and the ratio to the fastest peer.
import { stats } from './harness.mjs';
import { ms, ratio, table } from './table.mjs';

/** Whether a system drew every formula of the input, with no more errors than mathdown. */
export function complete(r, input, mathdown) {
  return r.count.formulas >= input.expected && r.count.errors <= mathdown.count.errors;
}

export function drawn(r, input) {
  return `${r.count.formulas} / ${input.expected}${r.count.errors ? ` (${r.count.errors} with errors)` : ''}`;
}

export async function timingTables(ctx, key) {
  const data = {};
  const parts = [];
  for (const input of ctx.inputs) {
    const by = await ctx.renders(input);
    const rows = ctx.systems.map((s) => ({ s, r: by[s.id], st: stats(by[s.id][key]) }));
    const best = Math.min(...rows.map((x) => x.st.median));
    const done = rows.filter((x) => complete(x.r, input, by.mathdown));
    const bestDone = Math.min(...done.map((x) => x.st.median));
    data[input.id] = Object.fromEntries(rows.map(({ s, r, st }) => [s.id, {
      ...st, ratioToFastest: st.median / best, ratioToFastestComplete: st.median / bestDone,
      complete: complete(r, input, by.mathdown), formulas: r.count,
    }]));
    parts.push(`**${input.label}**\n\n` + table(
      ['system', 'median ms', 'p95 ms', 'runs', '× fastest', '× fastest complete', 'formulas drawn / in source'],
      rows.map(({ s, r, st }) => [
        s.label, ms(st.median), ms(st.p95), st.runs, ratio(st.median / best),
        complete(r, input, by.mathdown) ? ratio(st.median / bestDone) : 'incomplete', drawn(r, input),
      ]),
    ));
  }
  return { markdown: parts.join('\n\n'), data };
}
