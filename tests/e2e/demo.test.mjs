// The demo as `make demo` serves it: scripts/serve.mjs started as a process, its printed
// URL opened; then what a writer does there: type, open a file, reload, keep typing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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

const count = (page) =>
  page.evaluate(() => ({
    katex: document.querySelectorAll('#preview .mathdown-math > .katex, #preview .katex-display').length,
    errors: document.querySelectorAll('#preview .mathdown-error').length,
    table: document.querySelectorAll('#preview td .katex').length,
    numbers: [...document.querySelectorAll('#preview .tag, #preview .katex-tag')].map((e) => e.textContent).join(' '),
    refs: document.querySelectorAll('#preview .mathdown-ref a').length,
    status: document.getElementById('status').textContent,
  }));

test('the demo renders its sample, keeps unchanged blocks, restores text on reload', async () => {
  const { page, problems } = await open(browser.context, url);
  await page.setViewportSize({ width: 1400, height: 900 });
  const seen = await count(page);
  assert.ok(seen.katex >= 12, `rendered formulas: ${seen.katex}`);
  assert.equal(seen.errors, 1, 'the sample shows one broken formula');
  assert.ok(seen.table >= 3, 'math inside the table renders');
  assert.match(seen.numbers, /\(1\).*\(2\).*\(3\)/, 'numbered equations carry numbers');
  assert.equal(seen.refs, 2, 'both references resolve to links');
  assert.match(seen.status, /updated in [\d.]+ ms · \d+ of \d+ blocks redrawn · formulas: \d+ rendered, \d+ cached/);

  // The screenshot in the README: written to tests/e2e/out/ on every run (so a test run
  // never dirties the work tree), and to docs/demo.png with UPDATE_SCREENSHOT=1.
  await page.evaluate(() => document.fonts.ready);
  const shot = process.env.UPDATE_SCREENSHOT ? join(root, 'docs') : join(root, 'tests', 'e2e', 'out');
  mkdirSync(shot, { recursive: true });
  await page.screenshot({ path: join(shot, 'demo.png') });

  // Typing in one paragraph redraws that block; every other block keeps its node.
  await page.evaluate(() => {
    window.before = [...document.getElementById('preview').children];
  });
  const source = await page.inputValue('#source');
  const at = source.indexOf('A broken formula');
  await page.focus('#source');
  await page.evaluate((at) => document.getElementById('source').setSelectionRange(at, at), at);
  await page.keyboard.type('Look: ');
  const kept = await page.evaluate(() => {
    const now = [...document.getElementById('preview').children];
    const changed = now.filter((e) => !window.before.includes(e));
    return {
      n: now.length,
      changed: changed.map((e) => e.textContent.slice(0, 30)),
      same: now.filter((e) => window.before.includes(e)).length,
      stats: window.mathdownDemo.last,
    };
  });
  assert.equal(kept.changed.length, 1, `redrawn: ${kept.changed}`);
  assert.match(kept.changed[0], /^Look: A broken formula/);
  assert.equal(kept.same, kept.n - 1);
  assert.equal(kept.stats.patched, 1);
  assert.match(await page.textContent('#status'), /1 of \d+ blocks redrawn/);

  // Scroll sync: the cursor at the end brings the last block into the preview.
  await page.evaluate(() => {
    const s = document.getElementById('source');
    s.setSelectionRange(s.value.length, s.value.length);
    s.dispatchEvent(new Event('keyup'));
  });
  // Typing above may have scrolled the preview already: wait for the block, not for a scroll.
  await page
    .waitForFunction(() => /comes\s+back on reload/.test(document.querySelector('#preview .current')?.textContent ?? ''), null, { timeout: 10_000 })
    .catch(() => {});
  const current = await page.evaluate(() => document.querySelector('#preview .current')?.textContent ?? '');
  assert.match(current, /comes\s+back on reload/, 'the block at the cursor is marked current');
  assert.ok(await page.evaluate(() => document.getElementById('preview').scrollTop > 0), 'the preview scrolled to it');

  // Nothing is lost: the edited text comes back after a reload.
  const edited = await page.inputValue('#source');
  await page.reload();
  await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 120_000 });
  assert.equal(await page.inputValue('#source'), edited);
  assert.match(await page.textContent('#preview'), /Look: A broken formula/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a .md file opens from the file picker and from a drop', async () => {
  const { page, problems } = await open(browser.context, url);
  await page.setInputFiles('#file', { name: 'a.md', mimeType: 'text/markdown', buffer: Buffer.from('Opened $y^3$ file.') });
  await page.waitForFunction(() => document.querySelector('#preview .mathdown-math')?.dataset.tex === 'y^3');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Dropped $z_4$ here.'], 'b.md', { type: 'text/markdown' }));
    document.getElementById('preview').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelector('#preview .mathdown-math')?.dataset.tex === 'z_4');
  assert.equal(await page.inputValue('#source'), 'Dropped $z_4$ here.');
  // The width control resizes the preview.
  await page.setViewportSize({ width: 1400, height: 900 });
  const widths = await page.evaluate(() => {
    const w = document.getElementById('width');
    const pane = document.getElementById('preview-pane');
    w.value = 400;
    w.dispatchEvent(new Event('input'));
    const narrow = pane.getBoundingClientRect().width;
    w.value = 900;
    w.dispatchEvent(new Event('input'));
    return [narrow, pane.getBoundingClientRect().width];
  });
  assert.ok(Math.abs(widths[0] - 400) < 2 && Math.abs(widths[1] - 900) < 2, `preview widths ${widths}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('memory: the JS heap after 1,000 edits stays within 2x of after the first render', async () => {
  const { page, problems } = await open(browser.context, url);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const first = await heap();
  await page.evaluate(() => {
    const s = document.getElementById('source');
    const base = s.value;
    const at = base.indexOf('Inline:');
    for (let i = 0; i < 1000; i++) {
      s.value = base.slice(0, at) + `Edit ${i} $x_{${i}}$. ` + base.slice(at);
      s.dispatchEvent(new Event('input'));
    }
  });
  const last = await heap();
  assert.ok(last < 2 * first, `heap ${first} bytes after the first render, ${last} after 1,000 edits`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a renderer that throws costs the preview, never the text; the demo recovers', async () => {
  const { page, problems } = await open(browser.context, url);
  await page.fill('#source', 'First $a^2$ paragraph.');
  await page.waitForFunction(() => document.querySelector('#preview .mathdown-math')?.dataset.tex === 'a^2');
  await page.focus('#source');
  await page.evaluate(() => {
    const s = document.getElementById('source');
    s.setSelectionRange(s.value.length, s.value.length);
  });
  const state = () =>
    page.evaluate(() => ({
      text: document.getElementById('source').value,
      status: document.getElementById('status').textContent,
      error: document.getElementById('status').classList.contains('error'),
      preview: document.getElementById('preview').textContent,
    }));

  // One renderer dies as a trapped one would: every later call on it throws.
  const dead = await page.evaluate(() => {
    const r = window.mathdownDemo.renderer;
    r.update = () => {
      throw new WebAssembly.RuntimeError('unreachable');
    };
    return true;
  });
  assert.ok(dead);
  await page.keyboard.type('X'); // one keystroke, one failed update
  let seen = await state();
  assert.equal(seen.text, 'First $a^2$ paragraph.X', 'the editor keeps every keystroke');
  assert.match(seen.status, /The preview failed: unreachable\. Your text is kept/);
  assert.ok(seen.error, 'the status line is marked as an error');
  assert.match(seen.preview, /First .*paragraph\./, 'the preview keeps what it showed');
  // The next edit starts a fresh Renderer, which draws the whole text.
  await page.keyboard.type('Y $b$');
  seen = await state();
  assert.equal(seen.text, 'First $a^2$ paragraph.XY $b$');
  assert.match(seen.status, /^updated in [\d.]+ ms/);
  assert.ok(!seen.error);
  assert.ok(await page.evaluate(() => document.querySelector('#preview .mathdown-math[data-tex="b"]') !== null));

  // Every Renderer throws (the module itself failing): typing goes on, the text is saved
  // and survives a reload taken while the preview is failing.
  await page.evaluate(() => {
    const proto = Object.getPrototypeOf(window.mathdownDemo.renderer);
    window.restore = ((update) => () => (proto.update = update))(proto.update);
    proto.update = () => {
      throw new Error('simulated renderer crash');
    };
  });
  await page.keyboard.type(' and more');
  seen = await state();
  assert.equal(seen.text, 'First $a^2$ paragraph.XY $b$ and more');
  assert.match(seen.status, /The preview failed: simulated renderer crash/);
  assert.match(seen.preview, /XY/, 'each failed retry puts the last drawn preview back');
  await page.evaluate(() => window.restore());
  await page.keyboard.type('!');
  seen = await state();
  assert.match(seen.preview, /and more!/, 'the demo draws again once the renderer works');
  assert.ok(!seen.error);

  await page.evaluate(() => {
    Object.getPrototypeOf(window.mathdownDemo.renderer).update = () => {
      throw new Error('simulated renderer crash');
    };
  });
  await page.keyboard.type(' Z');
  await page.reload(); // within the 250 ms save pause: pagehide saves
  await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 120_000 });
  seen = await state();
  assert.equal(seen.text, 'First $a^2$ paragraph.XY $b$ and more! Z');
  assert.match(seen.preview, /and more! Z/);
  assert.deepEqual(problems, [], 'no uncaught exception: every failure was handled');
  await page.close();
});
