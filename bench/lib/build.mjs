// The two Markdown peers as a user would ship them: one minified ES module each, built
// by esbuild from node_modules (versions pinned in package-lock.json). KaTeX is bundled
// once: `katex` always resolves to KaTeX's own ES module, for `import` and `require` alike.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../scripts/serve.mjs';

export const buildDir = join(root, 'bench', 'build');

export async function buildPeers() {
  mkdirSync(buildDir, { recursive: true });
  const entries = {
    marked: join(root, 'bench', 'pages', 'marked.entry.js'),
    'markdown-it': join(root, 'bench', 'pages', 'markdown-it.entry.js'),
  };
  for (const [name, entry] of Object.entries(entries)) {
    await build({
      entryPoints: [entry],
      outfile: join(buildDir, `${name}.js`),
      bundle: true,
      format: 'esm',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      alias: { katex: join(root, 'node_modules', 'katex', 'dist', 'katex.mjs') },
    });
  }
}
