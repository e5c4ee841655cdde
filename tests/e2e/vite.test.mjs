// Bundlers: a tiny Vite app that imports the package like any npm dependency is built
// with Vite and its output checked in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { installedApp, launch, open, serve, survey } from './helpers.mjs';

let app, browser, server, base;

before(async () => {
  app = installedApp('vite-app', {
    'index.html': `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>vite app</title>
<script type="module" src="./main.js"></script></head>
<body><div id="out"></div></body></html>
`,
    'main.js': `import init, { render } from 'mathdown';
import 'mathdown/mathdown.css';

init().then(() => {
  document.getElementById('out').innerHTML = render(
    'Inline $a^2 + b^2 = c^2$\\n\\n$$\\\\int_0^1 x\\\\,dx$$\\n\\nBroken $\\\\frac{1}$',
  );
  document.documentElement.dataset.ready = 'true';
});
`,
  });
  await build({ root: app, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } });
  ({ server, url: base } = await serve({ mounts: { '/': join(app, 'dist') } }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('Vite bundles the wasm, the KaTeX snippet, the CSS and its fonts', () => {
  const assets = readdirSync(join(app, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `a .wasm asset in ${assets}`);
  assert.ok(assets.some((f) => f.endsWith('.css')), `a .css asset in ${assets}`);
  assert.ok(assets.some((f) => f.endsWith('.woff2')), `KaTeX fonts in ${assets}`);
});

test('the Vite build renders math in Chromium', async () => {
  const { page, problems } = await open(browser.context, base);
  const seen = await survey(page, '#out');
  assert.equal(seen.katex, 2);
  assert.equal(seen.errors, 1);
  assert.ok(seen.katexFont, 'KaTeX fonts load from the bundle');
  assert.deepEqual(problems, []);
  await page.close();
});
