// Leaks, in Chromium: many create / use / tear-down cycles leave no observer or listener
// behind, callbacks stop firing, and the JS heap after GC does not grow.
//
// The page is instrumented before the module loads: MutationObserver, ResizeObserver and
// IntersectionObserver are wrapped to count observed targets (observe minus unobserve and
// disconnect) and callback calls, and EventTarget's addEventListener/removeEventListener to
// count live listeners. `leakCheck(page, cycle)` runs any cycle (a function the page
// defines as `window.leakCycle(i)`) through a warm-up batch and the measured batch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, open, pkg, root, serve } from './helpers.mjs';

const WARMUP = 100;
const CYCLES = 1000;
const MAX_HEAP_GROWTH = 1 << 20; // 1 MB

// Runs in the page before any of its scripts.
function instrument() {
  const leak = (window.__leak = { observing: {}, callbacks: {}, listeners: 0, kept: [] });
  for (const name of ['MutationObserver', 'ResizeObserver', 'IntersectionObserver']) {
    const Native = window[name];
    leak.observing[name] = 0;
    leak.callbacks[name] = 0;
    window[name] = class extends Native {
      #targets = new Set();
      constructor(callback, options) {
        super((...args) => {
          leak.callbacks[name]++;
          return callback(...args);
        }, options);
      }
      observe(target, options) {
        super.observe(target, options);
        if (!this.#targets.has(target)) {
          this.#targets.add(target);
          leak.observing[name]++;
        }
      }
      unobserve(target) {
        super.unobserve(target);
        if (this.#targets.delete(target)) leak.observing[name]--;
      }
      disconnect() {
        super.disconnect();
        leak.observing[name] -= this.#targets.size;
        this.#targets.clear();
      }
    };
  }
  // Listeners as the browser keys them: target, type, callback, capture. `once` and
  // `signal` listeners end by themselves and are not counted.
  const live = new WeakMap();
  const key = (type, options) => `${type}|${typeof options === 'boolean' ? options : !!options?.capture}`;
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, callback, options) {
    add.call(this, type, callback, options);
    if (!callback || options?.once || options?.signal) return;
    const byKey = live.get(this) ?? new Map();
    live.set(this, byKey);
    const set = byKey.get(key(type, options)) ?? new Set();
    byKey.set(key(type, options), set);
    if (!set.has(callback)) {
      set.add(callback);
      leak.listeners++;
    }
  };
  EventTarget.prototype.removeEventListener = function (type, callback, options) {
    remove.call(this, type, callback, options);
    if (live.get(this)?.get(key(type, options))?.delete(callback)) leak.listeners--;
  };
}

let browser, server, base;

before(async () => {
  ({ server, url: base } = await serve({
    mounts: { '/pkg/': pkg, '/': join(root, 'tests', 'e2e', 'renderer') },
  }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/**
 * Run `window.leakCycle(i)` (defined in the page by `define(arg)`) `warmup` times, measure, run
 * it `cycles` times, measure again, then poke what the cycles left in `__leak.kept` (mutate,
 * resize, print and font events) and count observer callbacks. Returns the figures.
 */
async function leakCheck(page, define, arg, { warmup = WARMUP, cycles = CYCLES } = {}) {
  await page.evaluate(define, arg);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const measure = async () => {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const counts = await page.evaluate(async () => ({
      observing: { ...window.__leak.observing },
      listeners: window.__leak.listeners,
      wasm: (await window.t.mathdown.default()).memory.buffer.byteLength,
    }));
    return { heap: usedSize, ...counts };
  };
  const batch = (from, n) =>
    page.evaluate(
      async ({ from, n }) => {
        for (let i = from; i < from + n; i++) await window.leakCycle(i);
      },
      { from, n },
    );
  const start = await measure();
  await batch(0, warmup);
  const warm = await measure();
  const started = Date.now();
  await batch(warmup, cycles);
  const ms = Date.now() - started;
  const end = await measure();
  const poked = await page.evaluate(async () => {
    const leak = window.__leak;
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    await frame();
    for (const k of Object.keys(leak.callbacks)) leak.callbacks[k] = 0;
    for (const c of leak.kept) {
      document.body.append(c);
      c.style.width = '150px';
      // What a translator does to a formula, and a new child: a live guard would repair
      // the first, a live fitter would measure the second.
      c.querySelector('.katex-html')?.replaceChildren(document.createTextNode('übersetzt'));
      c.append(Object.assign(document.createElement('p'), { textContent: 'added later' }));
    }
    dispatchEvent(new Event('beforeprint'));
    dispatchEvent(new Event('afterprint'));
    dispatchEvent(new Event('resize'));
    document.fonts.dispatchEvent(new Event('loadingdone'));
    await frame();
    for (const c of leak.kept) c.style.width = '400px';
    await frame();
    await frame();
    const mangled = leak.kept.filter((c) => c.innerHTML.includes('übersetzt')).length;
    for (const c of leak.kept) c.remove();
    return { kept: leak.kept.length, callbacks: { ...leak.callbacks }, mangled };
  });
  return { start, warm, end, ms, poked };
}

const figures = (r) =>
  `heap ${r.start.heap} at start, ${r.warm.heap} after ${WARMUP} warm-up cycles, ${r.end.heap} after ` +
  `${CYCLES} more (${r.end.heap - r.warm.heap} bytes); wasm memory ${r.warm.wasm} -> ${r.end.wasm}; ` +
  `${r.ms} ms for ${CYCLES} cycles`;

function assertNoLeak(r) {
  assert.deepEqual(r.end.observing, r.start.observing, 'no observer still observing anything');
  assert.equal(r.end.listeners, r.start.listeners, 'no listener left behind');
  assert.ok(r.poked.kept > 0, 'containers were kept to poke');
  assert.deepEqual(
    r.poked.callbacks,
    { MutationObserver: 0, ResizeObserver: 0, IntersectionObserver: 0 },
    'mutating and resizing old containers calls no observer',
  );
  assert.equal(r.poked.mangled, r.poked.kept, 'no guard repaired a formula after teardown');
  assert.ok(r.end.heap - r.warm.heap < MAX_HEAP_GROWTH, figures(r));
}

// A formula about 1,400 px wide: fitting has something to do in a 300 px container.
const WIDE = Array.from({ length: 40 }, (_, k) => `x_{${k}}`).join(' + ');

// The Renderer cycle: a fresh 300 px container, one update with inline, display and wide
// math, every tenth cycle two frames for the observers and the fitting pass, then
// destroy() (unless `keep`, the control below) and the container leaves the page; every
// hundredth container is kept to be poked afterwards.
function rendererCycle({ wide, keep, every }) {
  const { Renderer } = window.t.mathdown;
  const leak = window.__leak;
  const held = [];
  let fitted = 0;
  window.leakFitted = () => fitted;
  window.leakCycle = async (i) => {
    const container = document.createElement('div');
    container.style.width = '300px';
    document.body.append(container);
    const renderer = new Renderer(container, { minScale: 0.1 });
    renderer.update(
      `Cycle ${i}: inline $a_{${i}}^2 + b^2$ and \\(\\sqrt{${i}}\\).\n\n` +
        `$$\\int_0^{${i}} f(x)\\,dx$$\n\n$$${wide}$$\n\nThe end.`,
    );
    if (i % 10 === 0) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      if (container.querySelector('.mathdown-math[style*="font-size"]')) fitted++;
    }
    if (keep) held.push(renderer);
    else renderer.destroy();
    container.remove();
    if (i % every === 0) leak.kept = [...leak.kept.slice(-9), container];
  };
}

test(`Renderer: ${CYCLES} cycles of new / update / destroy leave nothing behind`, async () => {
  const { page, problems } = await open(browser.context, base, (p) => p.addInitScript(instrument));
  const r = await leakCheck(page, rendererCycle, { wide: WIDE, keep: false, every: 100 });
  const fitted = await page.evaluate(() => window.leakFitted());
  console.log(`# Renderer leak check: ${figures(r)}; ${r.poked.kept} old containers poked`);
  assert.ok(fitted >= (WARMUP + CYCLES) / 10 - 1, `the wide formula was fitted in the awaited cycles (${fitted})`);
  assertNoLeak(r);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the check sees renderers that were never destroyed (control)', async () => {
  const { page, problems } = await open(browser.context, base, (p) => p.addInitScript(instrument));
  const r = await leakCheck(page, rendererCycle, { wide: WIDE, keep: true, every: 1 }, { warmup: 0, cycles: 10 });
  // Each of the 10 live Renderers: its guard and fitter observe the container, the fitter
  // listens for fonts, print and the print media query.
  const grew = (k) => r.end.observing[k] - r.start.observing[k];
  assert.ok(grew('MutationObserver') >= 10 && grew('ResizeObserver') >= 10, JSON.stringify(r.end.observing));
  assert.ok(r.end.listeners - r.start.listeners >= 10, `listeners ${r.start.listeners} -> ${r.end.listeners}`);
  assert.ok(r.poked.callbacks.MutationObserver > 0 && r.poked.callbacks.ResizeObserver > 0);
  assert.equal(r.poked.mangled, 0, 'live guards repaired every mangled formula');
  assert.throws(() => assertNoLeak(r));
  assert.deepEqual(problems, []);
  await page.close();
});

// The autoRender cycle: a fresh container whose HTML holds TeX in its text, inline and
// display near the top (drawn at once) and more below a tall spacer (lazy placeholders the
// IntersectionObserver watches), every tenth cycle two frames for the observers, a
// "load more" append (the MutationObserver scans it), then disconnect() and the container
// leaves the page; every hundredth container is kept to be poked afterwards.
function autoCycle({ wide, every, keep = false }) {
  const { autoRender } = window.t.mathdown;
  const leak = window.__leak;
  const held = [];
  let drawn = 0;
  window.leakDrawn = () => drawn;
  window.leakCycle = async (i) => {
    const container = document.createElement('div');
    container.style.width = '300px';
    container.innerHTML =
      `<p>Cycle ${i}: $a_{${i}}^2 + b^2$ and \\(\\sqrt{${i}}\\).</p><p>$$${wide}$$</p>` +
      `<div style="height: 5000px"></div><p>Far below: $x_{${i}}$ and $$\\int_0^{${i}} f$$</p>`;
    document.body.append(container);
    const handle = autoRender(container, { minScale: 0.1 });
    const more = document.createElement('p');
    more.textContent = `Loaded later: $y_{${i}}$`;
    container.append(more);
    if (i % 10 === 0) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const s = handle.stats();
      if (s.formulas === 6 && s.drawn >= 3 && s.pending >= 2) drawn++;
    }
    if (keep) held.push(handle);
    else {
      handle.disconnect();
      handle.free();
    }
    container.remove();
    if (i % every === 0) leak.kept = [...leak.kept.slice(-9), container];
  };
}

test(`autoRender: ${CYCLES} cycles of autoRender / load more / disconnect leave nothing behind`, async () => {
  const { page, problems } = await open(browser.context, base, (p) => p.addInitScript(instrument));
  const r = await leakCheck(page, autoCycle, { wide: WIDE, every: 100 });
  const drawn = await page.evaluate(() => window.leakDrawn());
  console.log(`# autoRender leak check: ${figures(r)}; ${r.poked.kept} old containers poked`);
  assert.ok(
    drawn >= (WARMUP + CYCLES) / 10 - 1,
    `in the awaited cycles, formulas near the top were drawn, those below waited, the added one was found (${drawn})`,
  );
  assertNoLeak(r);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the check sees autoRender handles that were never disconnected (control)', async () => {
  const { page, problems } = await open(browser.context, base, (p) => p.addInitScript(instrument));
  const r = await leakCheck(page, autoCycle, { wide: WIDE, every: 1, keep: true }, { warmup: 0, cycles: 10 });
  assert.ok(r.end.observing.IntersectionObserver - r.start.observing.IntersectionObserver >= 10, JSON.stringify(r.end.observing));
  assert.equal(r.poked.mangled, 0, 'live guards repaired every mangled formula');
  assert.throws(() => assertNoLeak(r));
  assert.deepEqual(problems, []);
  await page.close();
});
