// Each system's cold render as a multiple of the floor, measured in the same rounds.
import { stats } from '../lib/harness.mjs';
import { ms, ratio, table } from '../lib/table.mjs';

export const name = 'the floor';
export const description =
  "The work no KaTeX-based renderer can avoid: `katex.renderToString` once per distinct formula (the same KaTeX module mathdown loads, mathdown's settings), then `innerHTML` = mathdown's final HTML and one forced layout. Cold, fresh page per run, in the same rounds as the cold render.";

export async function run(ctx) {
  const parts = [];
  const data = {};
  for (const input of ctx.inputs) {
    const by = await ctx.renders(input);
    const f = stats(by.floor.cold);
    const split = (id, k) => stats(by[id].coldSplit.map((x) => x[k])).median;
    data[input.id] = { floor: f, systems: {} };
    const rows = [[`**floor**`, ms(f.median), ms(f.p95), f.runs, '1.00×',
      `${ms(split('floor', 'html'))} / ${ms(split('floor', 'dom'))} / ${ms(split('floor', 'layout'))}`]];
    for (const s of ctx.systems) {
      const st = stats(by[s.id].cold);
      data[input.id].systems[s.id] = st.median / f.median;
      rows.push([s.label, ms(st.median), ms(st.p95), st.runs, ratio(st.median / f.median),
        `${s.kind === 'markdown' ? ms(split(s.id, 'html')) : '–'} / ${ms(split(s.id, 'dom'))} / ${ms(split(s.id, 'layout'))}`]);
    }
    parts.push(`**${input.label}**\n\n` + table(
      ['system', 'cold median ms', 'p95 ms', 'runs', '× floor', 'median split ms: to HTML / into DOM (or typeset) / layout'],
      rows,
    ));
  }
  return { markdown: parts.join('\n\n'), data };
}
