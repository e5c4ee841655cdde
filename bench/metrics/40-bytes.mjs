// Bytes shipped: every file a system's page fetched while rendering the largest input
// (Resource Timing, fonts loaded), gzip -9, by kind. The harness's own page glue under
// bench/pages/ (a few hundred bytes of calling code, the MathJax config) is left out.
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from '../../scripts/serve.mjs';
import { kb, ratio, table } from '../lib/table.mjs';

export const name = 'bytes shipped';
export const description =
  'What each page fetched to render the corpus: JS + wasm + CSS, gzip -9 (KiB), and the fonts it fetched listed apart (woff2, already compressed: raw KiB).';

const kinds = { '.js': 'js', '.mjs': 'js', '.wasm': 'wasm', '.css': 'css', '.woff2': 'fonts', '.woff': 'fonts', '.ttf': 'fonts' };

export async function run(ctx) {
  const input = ctx.inputs[0];
  const by = await ctx.renders(input);
  const data = {};
  for (const s of ctx.systems) {
    const files = [];
    for (const url of by[s.id].resources) {
      const path = decodeURIComponent(new URL(url).pathname);
      if (new URL(url).origin !== new URL(ctx.base).origin || path.startsWith('/bench/pages/')) continue;
      const kind = kinds[extname(path)];
      if (!kind) throw new Error(`${s.id} fetched ${path}: unknown kind of file`);
      const body = readFileSync(join(root, path));
      files.push({ path, kind, bytes: body.length, gzip: kind === 'fonts' ? body.length : gzipSync(body, { level: 9 }).length });
    }
    const sum = (k, f = 'gzip') => files.filter((x) => x.kind === k).reduce((a, x) => a + x[f], 0);
    data[s.id] = { files, js: sum('js'), wasm: sum('wasm'), css: sum('css'), fonts: sum('fonts'),
      fontFiles: files.filter((x) => x.kind === 'fonts').length };
    data[s.id].total = data[s.id].js + data[s.id].wasm + data[s.id].css;
  }
  const best = Math.min(...ctx.systems.map((s) => data[s.id].total));
  const rows = ctx.systems.map((s) => {
    const d = data[s.id];
    return [s.label, kb(d.js), d.wasm ? kb(d.wasm) : '–', kb(d.css), `**${kb(d.total)}**`, ratio(d.total / best),
      `${d.fontFiles} files, ${kb(d.fonts)}`];
  });
  return {
    markdown: table(['system', 'JS gz', 'wasm gz', 'CSS gz', 'total gz', '× smallest', 'fonts fetched'], rows),
    data,
  };
}
