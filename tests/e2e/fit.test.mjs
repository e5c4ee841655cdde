// Fitting wide formulas (issue 7), in Chromium: corpus posts plus wide numbered formulas,
// fitted with `fit(container)`, at phone to desktop widths; there and back; printed at A5;
// the demo page's width control. Widths change through the viewport, so the fitting seen
// here is the live one (ResizeObserver -> next frame), never a call from the test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, pages, pkg, root, serve } from './helpers.mjs';

let browser, server, base;
const shared = join(root, '..', 'shared');

before(async () => {
  ({ server, url: base } = await serve({
    mounts: { '/pkg/': pkg, '/plain/': pages, '/shared/': shared, '/': join(root, 'www') },
  }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

// The four largest single posts of the corpus (about 150 KB, ~900 formulas), the demo's
// sample (taken from www/demo.js, so it is the one the demo shows) and wide numbered ones.
const posts = ['11033', '8512', '6280', '10542'].map((p) => `/shared/corpus/kexue/${p}.md`);
const demoSample = existsSync(join(root, 'www', 'sample.md'))
  ? readFileSync(join(root, 'www', 'sample.md'), 'utf8')
  : readFileSync(join(root, 'www', 'demo.js'), 'utf8').match(/String\.raw`([^`]*)`/)[1];
const widths = [320, 375, 768, 1280];

/** Wait until no formula's size changed for a few frames (the live fit has settled). */
const settle = (page) => page.evaluate(async () => {
  const frame = () => new Promise(requestAnimationFrame);
  const snap = () => [...document.querySelectorAll('.mathdown-math')].map((r) => r.style.fontSize + r.className).join();
  let last = snap(), calm = 0;
  for (let i = 0; i < 200 && calm < 4; i++) {
    await frame();
    const now = snap();
    calm = now === last ? calm + 1 : 0;
    last = now;
  }
});

/**
 * Everything the issue asks of one layout, checked in the page: each formula's content
 * fits its box and its box its container (1 px), unless it is at the floor and scrolls;
 * numbers stay inside; the page does not scroll sideways. Returns what broke, and scales.
 */
const inspect = (page, { floor = 0.5, print = false, container = '#out' } = {}) => page.evaluate(({ floor, print, container }) => {
  const out = document.querySelector(container);
  const box = out.getBoundingClientRect();
  const cs = getComputedStyle(out);
  const left = box.left + parseFloat(cs.paddingLeft) - 1;
  const right = box.right - parseFloat(cs.paddingRight) + 1;
  const bad = [];
  const scales = [];
  let scrolling = 0, scaled = 0, tags = 0;
  for (const r of out.querySelectorAll('.mathdown-math')) {
    if (r.classList.contains('mathdown-error') || !r.querySelector('.katex-html')) continue;
    const scale = parseFloat(getComputedStyle(r).fontSize) / parseFloat(getComputedStyle(r.parentElement).fontSize);
    scales.push(r.style.fontSize === '' ? 1 : Math.round(scale * 1000) / 1000);
    if (r.style.fontSize !== '') scaled++;
    const tex = r.dataset.tex.slice(0, 60);
    const inTable = !!r.closest('table');
    const scrolls = r.classList.contains('mathdown-scroll');
    if (scrolls) {
      scrolling++;
      if (print) bad.push(`scrolls in print: ${tex}`);
      if (Math.abs(scale - floor) > 0.002) bad.push(`scrolls above the floor (${scale}): ${tex}`);
      if (getComputedStyle(r).overflowX !== 'auto' || getComputedStyle(r).overflowY !== 'hidden') bad.push(`scroll box without overflow-x auto: ${tex}`);
    }
    // The content: display formulas overflow their own box when too wide.
    if (r.classList.contains('mathdown-display') && !scrolls && r.scrollWidth > r.clientWidth + 1) {
      bad.push(`display content ${r.scrollWidth} > box ${r.clientWidth}: ${tex}`);
    }
    // The box (every line of an inline formula), inside the container.
    if (!inTable) {
      for (const rect of r.getClientRects()) {
        if (rect.width && (rect.left < left || rect.right > right)) {
          bad.push(`box ${rect.left.toFixed(1)}..${rect.right.toFixed(1)} outside ${left.toFixed(1)}..${right.toFixed(1)}: ${tex}`);
        }
      }
      // An inline formula's unbreakable parts fit the line unless it scrolls.
      if (!scrolls && r.classList.contains('mathdown-inline')) {
        for (const b of r.querySelectorAll('.katex-html > .katex-base')) {
          const br = b.getBoundingClientRect();
          if (br.right > right || br.left < left) bad.push(`inline part ${br.left.toFixed(1)}..${br.right.toFixed(1)} outside: ${tex}`);
        }
      }
    }
    // Equation numbers: inside the formula's box and the container, clear of the formula.
    for (const tag of r.querySelectorAll('.katex-tag')) {
      tags++;
      const t = tag.getBoundingClientRect();
      const rb = r.getBoundingClientRect();
      if (t.left < rb.left - 1 || t.right > rb.right + 1 || t.right > right || t.left < left) {
        bad.push(`number ${t.left.toFixed(1)}..${t.right.toFixed(1)} outside ${rb.left.toFixed(1)}..${rb.right.toFixed(1)}: ${tex}`);
      }
      if (!scrolls) {
        for (const b of r.querySelectorAll('.katex-html > .katex-base')) {
          const br = b.getBoundingClientRect();
          if (br.top < t.bottom && br.bottom > t.top && br.right > t.left + 1 && br.left < t.right - 1) {
            bad.push(`number overlaps the formula: ${tex}`);
          }
        }
      }
    }
  }
  return {
    bad,
    scales,
    scaled,
    scrolling,
    tags,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    errors: window.fitPage?.errors ?? [],
  };
}, { floor, print, container });

async function openFit(query) {
  const opened = await open(browser.context, `${base}plain/fit.html${query}`, async (page) => {
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  await settle(opened.page);
  return opened;
}

const noLoopErrors = (seen, problems) => {
  assert.deepEqual(seen.errors, [], 'no error events (ResizeObserver loop errors among them)');
  assert.deepEqual(problems.filter((p) => !/ERR_BLOCKED_BY_CLIENT|request failed: https?:\/\/(?!127)/.test(p)), [], 'no console errors');
};

test('corpus posts and wide numbered formulas fit at 320, 375, 768 and 1280 px, and come back exactly', async () => {
  // The corpus links images on the web: refuse them at once, offline.
  await browser.context.route((u) => u.hostname !== '127.0.0.1', (r) => r.abort('blockedbyclient'));
  const { page, problems } = await openFit(`?md=${[...posts, './fit-wide.md'].join(',')}`);
  // The demo sample too, appended after fit() started: the MutationObserver picks it up.
  await page.evaluate(async (md) => {
    const { render } = await import('/pkg/mathdown.js');
    document.getElementById('out').insertAdjacentHTML('beforeend', render(md));
  }, demoSample);
  await settle(page);
  const first = await inspect(page);
  assert.ok(first.scales.length > 800, `formulas checked: ${first.scales.length}`);
  assert.ok(first.tags >= 3, `numbered equations checked: ${first.tags}`);
  const seen = {};
  for (const width of [...widths, 320, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await settle(page);
    const s = await inspect(page);
    assert.deepEqual(s.bad, [], `at ${width} px`);
    assert.ok(s.pageOverflow <= 0, `no page-level horizontal scroll at ${width} px (${s.pageOverflow} px)`);
    noLoopErrors(s, problems);
    seen[width] ??= [];
    seen[width].push(s);
  }
  // Narrow screens really shrink (and some formulas reach the floor); wide ones hardly.
  assert.ok(seen[320][0].scaled > 30, `formulas shrunk at 320 px: ${seen[320][0].scaled}`);
  assert.ok(seen[320][0].scrolling > 0, 'some formulas are at the floor and scroll at 320 px');
  // (The column is 46rem at most, so 768 and 1280 px give it the same width.)
  assert.ok(seen[1280][0].scaled <= seen[768][0].scaled && seen[768][0].scaled < seen[375][0].scaled &&
    seen[375][0].scaled <= seen[320][0].scaled, 'narrower, more formulas shrink');
  assert.equal(seen[320][0].scrolling, seen[320][1].scrolling);
  // 1280 -> 320 -> 1280: every scale exactly what it was, the ones at 1 exactly 1 (no style).
  assert.deepEqual(seen[1280][1].scales, seen[1280][0].scales, 'the round trip returns every scale');
  assert.deepEqual(seen[1280][0].scales, first.scales);
  assert.ok(seen[1280][0].scales.filter((s) => s === 1).length > seen[1280][0].scales.length * 0.95);
  // The short numbered equation keeps its natural size at every width.
  const short = await page.evaluate(() => [...document.querySelectorAll('.mathdown-display')]
    .find((r) => r.dataset.tex.includes('E = mc^2')).style.fontSize);
  assert.equal(short, '');
  // Re-fitting never re-measures: natural widths were cached once.
  const stats = await page.evaluate(() => window.fitPage.handle.refit());
  assert.equal(stats.measured, 0, 'nothing re-measured');
  assert.equal(stats.written, 0, 'a settled page needs no writes');
  await page.close();
});

test('printed at A5: every formula fits the page, none cut off; the screen sizes come back after', async () => {
  const { page, problems } = await openFit(`?md=${[posts[0], './fit-wide.md'].join(',')}`);
  const screen = await inspect(page);
  assert.deepEqual(screen.bad, []);
  // Print media at the width of an A5 page (148 mm, 10 mm margins: 128 mm = 484 CSS px).
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await page.setViewportSize({ width: 484, height: 900 });
  await settle(page);
  const printed = await inspect(page, { print: true });
  assert.ok(await page.evaluate(() => document.getElementById('out').classList.contains('mathdown-fit-print')));
  assert.deepEqual(printed.bad.filter((b) => !/scrolls/.test(b)), [], 'nothing wider than the printed page');
  assert.ok(printed.scaled > 5, `formulas scaled for print: ${printed.scaled}`);
  // Below the screen floor too: on paper nothing can scroll.
  assert.ok(printed.scales.some((s) => s < 0.5), 'print shrinks past the screen floor');
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await settle(page);
  const back = await inspect(page);
  assert.deepEqual(back.scales, screen.scales, 'after printing, the screen scales are back');
  assert.ok(!(await page.evaluate(() => document.getElementById('out').classList.contains('mathdown-fit-print'))));
  noLoopErrors(back, problems);

  // A real PDF of an A5 page: Chromium fires beforeprint itself. The print sizes are CSS
  // (100cqi), so they follow the page width Chromium lays the PDF out at.
  await page.evaluate(() => {
    window.printLog = [];
    addEventListener('beforeprint', () => window.printLog.push('before'));
    addEventListener('afterprint', () => window.printLog.push('after'));
  });
  const pdf = await page.pdf({ width: '148mm', height: '210mm' });
  assert.ok(pdf.length > 10_000 && pdf.subarray(0, 5).toString() === '%PDF-');
  const log = await page.evaluate(() => window.printLog);
  assert.deepEqual(log, ['before', 'after'], 'page.pdf() goes through beforeprint/afterprint');
  await settle(page);
  assert.deepEqual((await inspect(page)).scales, screen.scales);
  await page.close();
});

test('opt-out by class or attribute, a floor option, new formulas fitted, fonts re-measure, disconnect stops it', async () => {
  const { page } = await openFit('?fit=0');
  const r = await page.evaluate(async () => {
    const { render, fit } = await import('/pkg/mathdown.js');
    const frames = async (n = 3) => { for (let i = 0; i < n; i++) await new Promise(requestAnimationFrame); };
    const out = document.getElementById('out');
    const wide = '$$' + Array.from({ length: 30 }, (_, i) => `x_{${i}}`).join(' + ') + '$$';
    out.innerHTML = `<div id="a">${render(wide)}</div><div id="b" class="mathdown-nofit">${render(wide)}</div>` +
      `<div id="c">${render(wide)}</div>`;
    out.querySelector('#c .mathdown-math').dataset.mathdownFit = 'false';
    out.style.width = '300px';
    const handle = fit(out, { minScale: 0.2 });
    await frames();
    const size = (sel) => out.querySelector(`${sel} .mathdown-math`)?.style.fontSize;
    const seen = { a: size('#a'), b: size('#b'), c: size('#c') };
    // A formula drawn later (lazy rendering, a Renderer update) is fitted without a call.
    out.insertAdjacentHTML('beforeend', `<div id="d">${render(wide)}</div>`);
    await frames();
    seen.d = size('#d');
    // Natural widths are cached: a change that widens the glyphs is not seen by itself...
    const style = document.createElement('style');
    style.textContent = '#a .katex-html { letter-spacing: 0.3em; }';
    document.head.append(style);
    await frames();
    seen.cached = size('#a');
    // ...until fonts finish loading (document.fonts loadingdone), which re-measures.
    document.fonts.dispatchEvent(new Event('loadingdone'));
    await frames();
    seen.remeasured = size('#a');
    style.remove();
    document.fonts.dispatchEvent(new Event('loadingdone'));
    await frames();
    seen.restored = size('#a');
    handle.disconnect();
    handle.disconnect();
    out.style.width = '150px';
    await frames();
    seen.afterDisconnect = size('#a');
    let threw = '';
    try { handle.refit(); } catch (e) { threw = e.message; }
    try { fit(out, { minScale: 2 }); } catch (e) { seen.badOption = e.message; }
    try { fit(out, { minscale: 0.5 }); } catch (e) { seen.unknownOption = e.message; }
    try { fit('#out'); } catch (e) { seen.notElement = e.message; }
    return { ...seen, threw };
  });
  assert.match(r.a, /^0\.\d+em$/, 'the plain formula shrinks');
  assert.ok(parseFloat(r.a) < 0.5 && parseFloat(r.a) >= 0.2, `minScale 0.2 lets it go below 0.5: ${r.a}`);
  assert.equal(r.b, '', 'class mathdown-nofit on an ancestor opts out');
  assert.equal(r.c, '', 'data-mathdown-fit="false" on the root opts out');
  assert.equal(r.d, r.a, 'a formula added later is fitted the same');
  assert.equal(r.cached, r.a, 'no re-measure without a reason');
  assert.ok(parseFloat(r.remeasured) < parseFloat(r.a), `fonts loaded: measured again (${r.a} -> ${r.remeasured})`);
  assert.equal(r.restored, r.a, 'and back');
  assert.equal(r.afterDisconnect, r.a, 'after disconnect() a resize changes nothing');
  assert.match(r.threw, /after disconnect/);
  assert.match(r.badOption, /minScale/);
  assert.match(r.unknownOption, /minscale/);
  assert.match(r.notElement, /must be a DOM Element/);
  await page.close();
});

test('the demo: its Renderer fits the preview, and the width control shrinks and grows formulas smoothly', async () => {
  const { page, problems } = await open(browser.context, `${base}`, async (page) => {
    await page.addInitScript(() => localStorage.clear());
    await page.setViewportSize({ width: 1400, height: 900 });
  });
  await page.evaluate(() => {
    window.fitErrors = [];
    addEventListener('error', (e) => window.fitErrors.push(String(e.message)));
  });
  // Wide formulas in the editor, so the narrow end of the slider has work to do.
  await page.evaluate(async (extra) => {
    const source = document.getElementById('source');
    source.value += `\n\n${extra}`;
    source.dispatchEvent(new Event('input'));
  }, readFileSync(join(pages, 'fit-wide.md'), 'utf8'));
  const setWidth = async (px) => {
    await page.evaluate((px) => {
      const w = document.getElementById('width');
      w.value = String(px);
      w.dispatchEvent(new Event('input'));
    }, px);
    await settle(page);
    const s = await inspect(page, { container: '#preview' });
    assert.deepEqual(s.bad, [], `preview at slider ${px}`);
    assert.deepEqual(await page.evaluate(() => window.fitErrors), [], 'no ResizeObserver loop errors');
    return s;
  };
  const down = [1400, 1200, 1000, 800, 640, 520, 440, 360, 280];
  const steps = [];
  for (const px of [...down, ...down.slice(0, -1).reverse()]) steps.push({ px, s: await setWidth(px) });
  const n = steps[0].s.scales.length;
  assert.ok(n > 10, `formulas in the preview: ${n}`);
  assert.ok(steps[down.length - 1].s.scaled > steps[0].s.scaled, 'the narrow preview shrinks formulas');
  // Smoothly: each step narrower never grows a formula, each step wider never shrinks one.
  for (let i = 1; i < steps.length; i++) {
    const narrower = steps[i].px < steps[i - 1].px;
    for (let k = 0; k < n; k++) {
      const [a, b] = [steps[i - 1].s.scales[k], steps[i].s.scales[k]];
      assert.ok(narrower ? b <= a : b >= a, `formula ${k}: ${a} -> ${b} from ${steps[i - 1].px} to ${steps[i].px} px`);
    }
  }
  assert.deepEqual(steps.at(-1).s.scales, steps[0].s.scales, 'back at 1400 px every scale is what it was');
  assert.deepEqual(problems, []);
  await page.close();
});
