// Where mathdown's cold render of the largest input goes: one extra cold run under
// Chrome's sampling profiler (CDP Profiler), self time grouped by where the code lives.
import { ms, table } from '../lib/table.mjs';

export const name = "profile of mathdown's cold render";
export const description =
  "One more cold render of the corpus by mathdown under the CDP sampling profiler (100 µs). Self time by origin: KaTeX (the snippet), the Rust core (wasm), the wasm-bindgen glue (strings across the JS↔wasm boundary) and call stubs, and native DOM work (innerHTML and the forced layout, which the profiler books to the harness frame that calls them).";

function category(frame) {
  const { url, functionName: fn } = frame;
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)') return 'idle';
  if (url.includes('/pkg/snippets/')) return 'KaTeX renderToString';
  if (/^(js-to-wasm|wasm-to-js)/.test(fn)) return 'JS↔wasm call stubs';
  if (url.endsWith('.wasm') || url.startsWith('wasm://')) return 'Rust core (wasm)';
  if (url.endsWith('/pkg/mathdown.js')) return 'wasm-bindgen glue (JS↔wasm strings)';
  if (url.includes('/bench/pages/')) return 'DOM: innerHTML + style + layout (native)';
  return 'other (native, runtime)';
}

/** Self time by category of one `ctx.run(page)` under the profiler. */
async function profiled(ctx, page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const { ms: total, split } = await ctx.run(page);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = {};
  for (let i = 0; i < profile.samples.length; i++) {
    const c = category(nodes.get(profile.samples[i]).callFrame);
    if (c !== 'idle') self[c] = (self[c] ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000;
  }
  return { total, split, self, sampled: Object.values(self).reduce((a, v) => a + v, 0) };
}

export async function run(ctx) {
  const input = ctx.inputs[0];
  const mathdown = ctx.systems.find((s) => s.id === 'mathdown');
  const page = await ctx.open(mathdown, input);
  const cold = await profiled(ctx, page);
  await page.evaluate(() => document.fonts.ready);
  const warm = await profiled(ctx, page);
  await page.close();
  const share = (p, c) => `${ms(p.self[c] ?? 0)} (${((100 * (p.self[c] ?? 0)) / p.sampled).toFixed(0)} %)`;
  const rows = Object.keys(cold.self).sort((a, b) => cold.self[b] - cold.self[a])
    .map((c) => [c, share(cold, c), share(warm, c)]);
  const line = (name, p) => `${name} ${ms(p.total)} ms (to HTML ${ms(p.split.html)}, into DOM ${ms(p.split.dom)}, layout ${ms(p.split.layout)})`;
  return {
    markdown: `${input.label}: ${line('cold', cold)}; ${line('warm', warm)}. The profiler slows JS down a little.\n\n` +
      table(['where', 'cold: self ms (share)', 'warm: self ms (share)'], rows),
    data: { cold, warm },
  };
}
