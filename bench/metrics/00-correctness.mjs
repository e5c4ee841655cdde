// The guard: mathdown's output may hold no error box for TeX that KaTeX itself draws, so
// speed is never bought by skipping work. Runs first; a violation fails the whole run.
import { table } from '../lib/table.mjs';

export const name = 'correctness guard';
export const description =
  "Every `mathdown-error` in mathdown's output must be an error KaTeX itself raises for the same TeX (KaTeX 0.19.1, throwOnError, standalone).";

export async function run(ctx) {
  const rows = [];
  const data = {};
  for (const input of ctx.inputs) {
    const p = await ctx.prepared(input);
    data[input.id] = { formulas: p.occurrences, distinct: p.formulas.length, errors: p.errors, violations: p.guard };
    rows.push([input.label, p.occurrences, p.formulas.length, p.errors, p.guard.length]);
    if (p.guard.length) {
      const first = p.guard.slice(0, 5).map((g) => `  ${JSON.stringify(g.tex.slice(0, 80))}: ${g.mathdown}`);
      ctx.fail(`mathdown drew ${p.guard.length} error boxes on ${input.label} for TeX KaTeX renders:\n${first.join('\n')}`);
    }
  }
  return {
    markdown: table(['input', 'formulas (mathdown)', 'distinct', 'mathdown errors', 'errors KaTeX does not raise'], rows),
    data,
  };
}
