// Misuse from JS: calling before init(), bad arguments and options, methods after destroy()
// and free(). Each gives a JS Error whose message names the problem, and the module keeps
// working afterwards. (renderer.test.mjs covers the Renderer's first few of these.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, open, pkg, root, serve } from './helpers.mjs';

let browser, server, base;

before(async () => {
  ({ server, url: base } = await serve({ mounts: { '/pkg/': pkg, '/': join(root, 'tests', 'e2e', 'misuse') } }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const NOT_READY = /^mathdown: call `await init\(\)` \(the default export\) or `initSync\(\)` before /;

test('before init() every export throws an Error saying to call init(); afterwards all works', async () => {
  const { page, problems } = await open(browser.context, base);
  const r = await page.evaluate(async () => {
    const m = await import('/pkg/mathdown.js');
    const out = document.getElementById('out');
    const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));
    const before = {};
    // Every plain function the module exports (render, renderMath, fit, autoRender, ...).
    for (const [name, f] of Object.entries(m)) {
      if (typeof f === 'function' && !isClass(f) && name !== 'default' && name !== 'initSync') {
        before[`${name}()`] = attempt(() => f(out, {}));
      }
    }
    before['new Renderer()'] = attempt(() => new m.Renderer(out));
    // While init() is still loading the module, calls get the same message.
    const loading = m.default();
    const during = attempt(() => m.render('$x$'));
    await loading;
    const again = await m.default(); // a second init() is harmless
    const renderer = new m.Renderer(out);
    const stats = renderer.update('After init: $a^2$ and\n\n$$\\int_0^1 x\\,dx$$');
    const formulas = out.querySelectorAll('.mathdown-math > .katex, .mathdown-math > .katex-display').length;
    renderer.destroy();
    return {
      names: Object.keys(before),
      before,
      during,
      again: typeof again.memory,
      html: m.render('Inline $x^2$.'),
      math: m.renderMath('\\frac12', { display: true }),
      blocks: stats.blocks,
      formulas,
    };
  });
  for (const name of ['render()', 'renderMath()', 'new Renderer()']) assert.ok(r.names.includes(name), name);
  for (const [name, message] of Object.entries(r.before)) {
    assert.match(message ?? 'no error', NOT_READY, `${name}: an Error, not a TypeError from the glue`);
    assert.ok(message.endsWith(`before ${name}`), `the message names ${name}: ${message}`);
  }
  assert.match(r.during, NOT_READY, 'a call while init() is loading');
  assert.equal(r.again, 'object');
  assert.match(r.html, /class="katex"/);
  assert.match(r.math, /mathdown-display/);
  assert.equal(r.blocks, 2);
  assert.equal(r.formulas, 2);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Node: before initSync() the same Error; initSync() then renders', () => {
  const url = pathToFileURL(join(pkg, 'mathdown.js')).href;
  const script = `
    import { readFileSync } from 'node:fs';
    const m = await import(${JSON.stringify(url)});
    const seen = [];
    for (const f of [() => m.render('$x$'), () => m.renderMath('x')]) {
      try { f(); seen.push('no error'); } catch (e) { seen.push(e instanceof Error ? e.message : 'not an Error'); }
    }
    m.initSync({ module: readFileSync(new URL('mathdown_bg.wasm', ${JSON.stringify(url)})) });
    seen.push(m.render('$x$'));
    process.stdout.write(JSON.stringify(seen));
  `;
  const seen = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.match(seen[0], NOT_READY);
  assert.ok(seen[0].endsWith('before render()'));
  assert.ok(seen[1].endsWith('before renderMath()'));
  assert.match(seen[2], /class="katex"/);
});

test('wrong types and unknown keys: an Error naming the key and what was expected', async () => {
  const { page, problems } = await open(browser.context, base);
  const r = await page.evaluate(async () => {
    const m = await import('/pkg/mathdown.js');
    await m.default();
    const out = document.getElementById('out');
    const renderer = new m.Renderer(out);
    const cases = {
      'render(5)': () => m.render(5),
      'render()': () => m.render(),
      "render('x', 'opts')": () => m.render('x', 'opts'),
      "render('x', [1])": () => m.render('x', [1]),
      'html: 5': () => m.render('x', { html: 5 }),
      "html: 'maybe'": () => m.render('x', { html: 'maybe' }),
      "delimiters.dollar: 'yes'": () => m.render('x', { delimiters: { dollar: 'yes' } }),
      'delimiters.dolar': () => m.render('x', { delimiters: { dolar: true } }),
      'delimiters: true': () => m.render('x', { delimiters: true }),
      dolar: () => m.render('x', { dolar: true }),
      '__proto__ key': () => m.render('x', JSON.parse('{"__proto__": {"html": "allow"}}')),
      'maxTexLength: -1': () => m.render('x', { maxTexLength: -1 }),
      "maxTexLength: '10'": () => m.render('x', { maxTexLength: '10' }),
      'macros value 5': () => m.render('x', { macros: { '\\R': 5 } }),
      "minScale: 'a'": () => m.render('x', { minScale: 'a' }),
      'minScale: NaN': () => m.render('x', { minScale: NaN }),
      'minScale: 2': () => m.render('x', { minScale: 2 }),
      'maxSize: NaN': () => m.render('x', { maxSize: NaN }),
      'maxSize: -1': () => m.render('x', { maxSize: -1 }),
      'over maxInputBytes': () => m.render('0123456789', { maxInputBytes: 4 }),
      'renderMath(5)': () => m.renderMath(5),
      "display: 'yes'": () => m.renderMath('x', { display: 'yes' }),
      dispaly: () => m.renderMath('x', { dispaly: true }),
      "renderMath('x', 'display')": () => m.renderMath('x', 'display'),
      'new Renderer()': () => new m.Renderer(),
      'new Renderer(text node)': () => new m.Renderer(document.createTextNode('x')),
      'Renderer fit: 1': () => new m.Renderer(out, { fit: 1 }),
      "Renderer delimiters.paren: 'no'": () => new m.Renderer(out, { delimiters: { paren: 'no' } }),
      'update(null)': () => renderer.update(null),
      'append(undefined)': () => renderer.append(undefined),
      'append(7)': () => renderer.append(7),
      "blockAt('x')": () => renderer.blockAt('x'),
      'blockAt(NaN)': () => renderer.blockAt(NaN),
      'blockAt()': () => renderer.blockAt(),
    };
    const seen = Object.fromEntries(Object.entries(cases).map(([name, f]) => [name, attempt(f) ?? 'no error']));
    // The edges of the ranges are accepted: KaTeX's own "no limit", no shrinking at all.
    const edges = attempt(() => m.render('$x$', { maxSize: Infinity, minScale: 1 })) ?? 'no error';
    // Everything still works: the module, and the same Renderer.
    const stats = renderer.update('Still $ok$.');
    renderer.destroy();
    return { seen, edges, html: m.render('$y$'), blocks: stats.blocks, formula: out.querySelector('.mathdown-math')?.dataset.tex };
  });
  const want = {
    'render(5)': /render\(markdown\) must be a string, got number/,
    'render()': /render\(markdown\) must be a string, got undefined/,
    "render('x', 'opts')": /invalid options: .*string "opts", expected an object/,
    "render('x', [1])": /invalid options: .*expected an object/,
    'html: 5': /invalid option `html`: .*number `5`, expected a string/,
    "html: 'maybe'": /invalid option `html`: unknown variant `maybe`, expected one of `sanitize`, `escape`, `allow`/,
    "delimiters.dollar: 'yes'": /invalid option `delimiters\.dollar`: .*expected a boolean/,
    'delimiters.dolar': /invalid option `delimiters\.dolar`: unknown field `dolar`, expected one of `dollar`/,
    'delimiters: true': /invalid option `delimiters`: .*expected an object/,
    dolar: /invalid option `dolar`: unknown field `dolar`, expected one of `delimiters`/,
    '__proto__ key': /invalid option `__proto__`: unknown field/,
    'maxTexLength: -1': /invalid option `maxTexLength`: .*`-1`, expected a whole number/,
    "maxTexLength: '10'": /invalid option `maxTexLength`: .*string "10", expected a whole number/,
    'macros value 5': /invalid option `macros\.\\R`: .*expected a string/,
    "minScale: 'a'": /invalid option `minScale`: .*expected a number/,
    'minScale: NaN': /invalid option `minScale`: invalid type: number `NaN`, expected a number above 0 and at most 1/,
    'minScale: 2': /invalid option `minScale`: invalid type: number `2`, expected a number above 0 and at most 1/,
    'maxSize: NaN': /invalid option `maxSize`: invalid type: number `NaN`, expected a number from 0/,
    'maxSize: -1': /invalid option `maxSize`: invalid type: number `-1`, expected a number from 0/,
    'over maxInputBytes': /input is 10 bytes, larger than maxInputBytes \(4 bytes\)/,
    'renderMath(5)': /renderMath\(tex\) must be a string, got number/,
    "display: 'yes'": /invalid option `display`: .*expected a boolean/,
    dispaly: /invalid option `dispaly`: unknown field `dispaly`, expected one of `display`/,
    "renderMath('x', 'display')": /invalid renderMath options: .*expected an object/,
    'new Renderer()': /new Renderer\(container\) must be a DOM Element, got undefined/,
    'new Renderer(text node)': /new Renderer\(container\) must be a DOM Element/,
    'Renderer fit: 1': /invalid option `fit`: .*expected a boolean/,
    "Renderer delimiters.paren: 'no'": /invalid option `delimiters\.paren`: .*expected a boolean/,
    'update(null)': /update\(markdown\) must be a string, got null/,
    'append(undefined)': /append\(chunk\) must be a string, got undefined/,
    'append(7)': /append\(chunk\) must be a string, got number/,
    "blockAt('x')": /blockAt\(offset\) must be a number, got string/,
    'blockAt(NaN)': /blockAt\(offset\) must be a number, got NaN/,
    'blockAt()': /blockAt\(offset\) must be a number, got undefined/,
  };
  assert.deepEqual(Object.keys(r.seen), Object.keys(want));
  for (const [name, re] of Object.entries(want)) {
    assert.match(r.seen[name], new RegExp(`^mathdown: ${re.source}`), name);
  }
  assert.equal(r.edges, 'no error', 'maxSize: Infinity and minScale: 1 should be accepted');
  assert.match(r.html, /class="katex"/, 'render works after all of these');
  assert.equal(r.blocks, 1, 'the Renderer that saw the bad calls still renders');
  assert.equal(r.formula, 'ok');
  assert.deepEqual(problems, []);
  await page.close();
});

test('after destroy() and free(): clear Errors, free() twice is harmless, the container is reusable', async () => {
  const { page, problems } = await open(browser.context, base);
  const r = await page.evaluate(async () => {
    const m = await import('/pkg/mathdown.js');
    await m.default();
    const out = document.getElementById('out');
    const calls = (renderer) => ({
      update: () => renderer.update('x'),
      append: () => renderer.append('x'),
      blockAt: () => renderer.blockAt(0),
      destroy: () => renderer.destroy(),
    });
    const run = (fs) => Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, attempt(f)]));
    const first = new m.Renderer(out);
    first.update('Kept $a$ after destroy.');
    const shown = out.innerHTML;
    first.destroy();
    const destroyed = run(calls(first));
    const kept = out.innerHTML === shown;
    first.free();
    const freed = run(calls(first));
    const twice = run({ free: () => first.free() });
    // The same container takes a new Renderer, which works.
    const second = new m.Renderer(out);
    const stats = second.update('New $b$ here.');
    second.destroy();
    second.free();
    return { destroyed, kept, freed, twice, stats, tex: out.querySelector('.mathdown-math')?.dataset.tex, html: m.render('$z$') };
  });
  assert.match(r.destroyed.update, /^mathdown: this Renderer was destroyed \(destroy\(\) was called\)$/);
  assert.match(r.destroyed.append, /destroyed/);
  assert.match(r.destroyed.blockAt, /destroyed/);
  assert.equal(r.destroyed.destroy, null, 'destroy() again is a no-op');
  assert.ok(r.kept, 'destroy() leaves the content');
  for (const k of ['update', 'append', 'blockAt', 'destroy']) {
    assert.equal(r.freed[k], `mathdown: Renderer.${k}() after free()`, `${k} after free()`);
  }
  assert.equal(r.twice.free, null, 'a second free() does nothing');
  assert.equal(r.stats.blocks, 1);
  assert.equal(r.tex, 'b');
  assert.match(r.html, /class="katex"/);
  assert.deepEqual(problems, []);
  await page.close();
});
