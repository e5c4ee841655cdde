// The Renderer in Chromium with real KaTeX: keyed patching and node identity, the formula
// cache, foreign DOM changes (a simulated page translator, an extension), streaming with
// pending formulas, and destroy().
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, pkg, root, serve } from './helpers.mjs';

let browser, server, base, page;
const sample = readFileSync(join(root, 'www', 'sample.md'), 'utf8');

before(async () => {
  ({ server, url: base } = await serve({
    mounts: { '/pkg/': process.env.MATHDOWN_PKG ?? pkg, '/': join(root, 'tests', 'e2e', 'renderer') },
  }));
  browser = await launch();
  const opened = await open(browser.context, base);
  page = opened.page;
  page.problems = opened.problems;
});

after(async () => {
  assert.deepEqual(page?.problems ?? [], [], 'no console errors or exceptions in the page');
  await browser?.close();
  server?.close();
});

test('update patches by key: unchanged blocks keep their DOM nodes', async () => {
  const r = await page.evaluate(() => {
    const out = document.getElementById('out');
    const renderer = new t.mathdown.Renderer(out);
    const paras = (n, x) => Array.from({ length: n }, (_, i) => `Paragraph ${i} with $x_{${i}}$${i === 3 ? x : ''}.`);
    const first = renderer.update(paras(8, '').join('\n\n'));
    const before = [...out.children];
    const keys = before.map((e) => e.dataset.mathdownKey);
    const edit = renderer.update(paras(8, ' and $y^2$').join('\n\n'));
    const after = [...out.children];
    const same = after.map((e, i) => e === before[i]);
    // A paragraph inserted at the top: nothing else is redrawn.
    const top = renderer.update(['New $z$ first.', ...paras(8, ' and $y^2$')].join('\n\n'));
    const shifted = [...out.children].slice(1).every((e, i) => e === after[i]);
    renderer.destroy();
    return { first, edit, top, same, keys, shifted, n: after.length };
  });
  assert.equal(r.first.blocks, 8);
  assert.equal(r.first.patched, 8);
  assert.ok(r.keys.every((k) => /^[0-9a-f]{16}/.test(k)), 'every block element carries its key');
  assert.equal(r.edit.patched, 1, 'one paragraph changed, one block redrawn');
  assert.deepEqual(r.same, [true, true, true, false, true, true, true, true]);
  assert.equal(r.edit.rendered, 1, 'only the new formula reaches KaTeX');
  assert.ok(r.edit.cached >= 1, 'the unchanged formula of that paragraph comes from the cache');
  assert.equal(r.top.patched, 1);
  assert.ok(r.shifted, 'inserting at the top keeps every later node');
});

test('shifted equation numbers redraw only the numbered blocks', async () => {
  const r = await page.evaluate(() => {
    const out = document.getElementById('out');
    const renderer = new t.mathdown.Renderer(out);
    const doc = [
      'Intro text.',
      '\\begin{equation}a = b\\label{eq:a}\\end{equation}',
      'Middle prose without numbers.',
      '\\begin{equation}c = d\\end{equation}',
      'See $\\eqref{eq:a}$.',
      'Unrelated closing prose.',
    ];
    renderer.update(doc.join('\n\n'));
    const before = [...out.children];
    const stats = renderer.update(['\\begin{equation}z\\end{equation}', ...doc].join('\n\n'));
    const after = [...out.children].slice(1);
    const kept = after.map((e, i) => e === before[i]);
    const numbers = [...out.querySelectorAll('.eqn-num, .tag')].map((e) => e.textContent);
    renderer.destroy();
    return { stats, kept, numbers };
  });
  assert.equal(r.stats.full, true, 'numbering is document-level: a full render');
  // Prose blocks keep their nodes; both numbered equations and the reference are redrawn.
  assert.deepEqual(r.kept, [true, false, true, false, false, true]);
  assert.equal(r.stats.patched, 4);
});

test('a translator pass, an extension and 200 random edits: no error, no stale content', async () => {
  const r = await page.evaluate((sample) => {
    const out = document.getElementById('out');
    const renderer = new t.mathdown.Renderer(out);
    let text = sample;
    renderer.update(text);
    const translated = t.translate(out);
    // An extension: a node of its own at the top, one of our blocks removed, a stale copy.
    const banner = document.createElement('aside');
    banner.textContent = 'extension banner';
    out.prepend(banner);
    out.children[5].remove();
    out.append(out.children[2].cloneNode(true));
    // A user selection across blocks.
    getSelection().selectAllChildren(out);
    const frags = ['x', ' ', '\n', '\n\n', '$', '$$', '$y$', '\\[', '\\]', '{', '}', '- ', '> ', '# ', '|', '`', '**', 'é'];
    let seed = 7;
    const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const errors = [];
    for (let i = 0; i < 200; i++) {
      const at = rand(text.length + 1);
      if (rand(3) === 0) text = text.slice(0, at) + text.slice(at + 1 + rand(12));
      else text = text.slice(0, at) + frags[rand(frags.length)] + text.slice(at);
      try {
        renderer.update(text);
      } catch (e) {
        errors.push(e.message);
      }
      if (i % 40 === 0) t.translate(out);
    }
    banner.remove();
    const got = t.untranslated(out);
    const want = t.fresh(text);
    renderer.destroy();
    return { translated, errors, equal: got === want, got: got.slice(0, 300), want: want.slice(0, 300) };
  }, sample);
  assert.ok(r.translated > 20, 'the translator wrapped text');
  assert.deepEqual(r.errors, []);
  assert.ok(r.equal, `final DOM equals a fresh render\n got: ${r.got}\nwant: ${r.want}`);
});

test('the guard repairs a formula a translator mangled, and destroy() stops it', async () => {
  const r = await page.evaluate(async () => {
    const out = document.getElementById('out');
    const renderer = new t.mathdown.Renderer(out);
    renderer.update('One $a^2$ here.\n\nTwo $b^2$ there.');
    const html = out.innerHTML;
    const mangle = () => {
      const k = out.querySelector('.mathdown-math .katex-html');
      k.replaceChildren(document.createTextNode('übersetzt'));
    };
    mangle();
    await new Promise((r) => setTimeout(r, 50));
    const repaired = out.innerHTML === html;
    renderer.destroy();
    mangle();
    await new Promise((r) => setTimeout(r, 50));
    const left = out.innerHTML.includes('übersetzt');
    const thrown = [];
    for (const call of [() => renderer.update('x'), () => renderer.append('x'), () => renderer.blockAt(0)]) {
      try { call(); } catch (e) { thrown.push(e.message); }
    }
    renderer.destroy(); // idempotent
    return { repaired, left, thrown };
  });
  assert.ok(r.repaired, 'the damaged formula is put back');
  assert.ok(r.left, 'after destroy() nothing observes the container');
  assert.equal(r.thrown.length, 3);
  for (const m of r.thrown) assert.match(m, /destroyed/);
});

test('bad arguments throw clear errors', async () => {
  const r = await page.evaluate(() => {
    const msgs = [];
    const tryIt = (f) => { try { f(); msgs.push(null); } catch (e) { msgs.push(e.message); } };
    tryIt(() => new t.mathdown.Renderer('not an element'));
    tryIt(() => new t.mathdown.Renderer(document.getElementById('out'), { dolar: true }));
    const r = new t.mathdown.Renderer(document.getElementById('out'));
    tryIt(() => r.update(42));
    tryIt(() => r.update('still $ok$'));
    r.destroy();
    return msgs;
  });
  assert.match(r[0], /Renderer\(container\) must be a DOM Element/);
  assert.match(r[1], /invalid option `dolar`/);
  assert.match(r[2], /must be a string/);
  assert.equal(r[3], null, 'the renderer stays usable after a throw');
});

test('streaming in 10-byte chunks: pending formulas, never raw $$, earlier blocks untouched', async () => {
  const r = await page.evaluate((sample) => {
    const out = document.getElementById('out');
    const renderer = new t.mathdown.Renderer(out);
    const visible = () => {
      const c = out.cloneNode(true);
      c.querySelectorAll('annotation').forEach((a) => a.remove());
      return c.textContent;
    };
    const raw = [];
    let pendingFrames = 0;
    let pendingOk = true;
    let touched = 0;
    let chunks = 0;
    for (let i = 0; i < sample.length; i += 10) {
      const before = [...out.children];
      const stats = renderer.append(sample.slice(i, i + 10));
      chunks++;
      const now = [...out.children];
      // All but the last two blocks of the previous frame are the very same nodes, in place.
      for (let k = 0; k < before.length - 2; k++) if (now[k] !== before[k]) touched++;
      if (visible().includes('$$')) raw.push(sample.slice(0, i + 10).slice(-40));
      const pending = out.querySelector('.mathdown-pending');
      if (pending) {
        pendingFrames++;
        pendingOk &&= pending.getAttribute('translate') === 'no' && pending.classList.contains('notranslate');
      }
      if (stats.patched > 3) touched += 1000;
    }
    out.normalize();
    const got = out.innerHTML;
    const want = t.fresh(sample);
    renderer.destroy();
    return { raw, pendingFrames, pendingOk, touched, chunks, equal: got === want };
  }, sample);
  assert.ok(r.chunks > 100);
  assert.deepEqual(r.raw, [], 'no frame shows raw $$');
  assert.ok(r.pendingFrames > 5, `unclosed display math showed as pending (${r.pendingFrames} frames)`);
  assert.ok(r.pendingOk, 'the pending formula is marked translate="no"');
  assert.equal(r.touched, 0, 'earlier blocks are never touched');
  assert.ok(r.equal, 'the streamed document ends equal to a one-shot render');
});
