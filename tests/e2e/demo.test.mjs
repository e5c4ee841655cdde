// The demo as `make demo` serves it: scripts/serve.mjs started as a process, its printed
// URL opened, the preview checked and edited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { launch, open, root } from './helpers.mjs';

let serverProcess, url, browser;

before(async () => {
  serverProcess = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs')], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise((resolve, reject) => {
    let printed = '';
    serverProcess.stdout.on('data', (chunk) => {
      printed += chunk;
      const match = printed.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve(match[0]);
    });
    serverProcess.once('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${printed}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  serverProcess?.kill();
});

test('the demo page renders its sample document', async () => {
  const { page, problems } = await open(browser.context, url);
  const seen = await page.evaluate(() => ({
    katex: document.querySelectorAll('#preview .mathdown-math > .katex, #preview .katex-display').length,
    errors: document.querySelectorAll('#preview .mathdown-error').length,
    table: document.querySelectorAll('#preview td .katex').length,
    status: document.getElementById('status').textContent,
  }));
  assert.ok(seen.katex >= 6, `rendered formulas: ${seen.katex}`);
  assert.equal(seen.errors, 1, 'the sample shows one broken formula');
  assert.ok(seen.table >= 2, 'math inside the table renders');
  assert.match(seen.status, /rendered in/);
  assert.deepEqual(problems, []);

  // Typing re-renders the preview.
  await page.fill('#source', 'Now $y^3$ only.');
  await page.waitForFunction(() => document.querySelectorAll('#preview .katex').length === 1);
  const tex = await page.getAttribute('#preview .mathdown-math', 'data-tex');
  assert.equal(tex, 'y^3');
  await page.close();
});
