// Auto-render on real pages in Chromium with real KaTeX: the script tag (pkg/mathdown-auto.js)
// on a blog post from the corpus, a paper list with "load more", a translator that behaves
// like Chrome's switched on at four moments, a 1,000-formula lazy page, print, Markdown
// islands, the guard and copy as TeX.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, out, pages, pkg, root, serve } from './helpers.mjs';
import { lazyPage, lazyPageCounts } from './auto/lazy-page.mjs';

const HEAD = '<link rel="stylesheet" href="/pkg/mathdown.css">\n<script type="module" src="/pkg/mathdown-auto.js"></script>';
const site = join(out, 'auto');
const corpus = join(root, '..', 'shared', 'corpus', 'kexue');
const POST = '5716.md';

let browser, server, base;

before(async () => {
  mkdirSync(site, { recursive: true });
  writeFileSync(join(site, 'lazy.html'), lazyPage({ head: HEAD, labels: true }));
  ({ server, url: base } = await serve({
    mounts: { '/pkg/': pkg, '/plain/': pages, '/auto/': join(root, 'tests', 'e2e', 'auto'), '/site/': site },
  }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Open `url`, collect what goes wrong, wait until auto-render has started. */
async function visit(url, { viewport = { width: 800, height: 600 }, init } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  if (init) await page.addInitScript(init);
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(url);
  await page.waitForFunction(() => window.mathdownAuto, null, { timeout: 120_000 });
  return { page, problems };
}

/** Serve `body` (after a doctype, a charset and an icon) as `name`, open it in `page` and
 * wait until auto-render has started. */
async function openInline(page, name, body) {
  await page.route(`${base}${name}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${body}`,
    }),
  );
  await page.goto(`${base}${name}`);
  await page.waitForFunction(() => window.mathdownAuto, null, { timeout: 120_000 });
}

const stats = (page) => page.evaluate(() => window.mathdownAuto.stats());

/** Scroll to the bottom half a screen at a time, then wait until nothing is pending. */
async function scrollThrough(page) {
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await frame();
      await frame();
    }
  });
  await page.waitForFunction(() => window.mathdownAuto.stats().pending === 0, null, { timeout: 30_000 });
}

/**
 * Every formula of the page, as it ended: its `data-tex`, whether KaTeX drew it, whether
 * KaTeX's own record of its source (the MathML annotation) is that TeX, and whether
 * anything foreign (a translator's <font>) got inside it.
 */
function formulas(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.mathdown-math')].map((f) => ({
      tex: f.dataset.tex,
      display: f.classList.contains('mathdown-display'),
      pending: f.classList.contains('mathdown-pending'),
      drawn: !!f.querySelector('.katex') || !!f.querySelector(':scope.mathdown-ref > a'),
      annotation: f.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? null,
      foreign: !!f.querySelector('font'),
      translate: f.getAttribute('translate'),
      notranslate: f.classList.contains('notranslate'),
    })),
  );
}

/** Text a reader sees outside formulas and code. */
function proseText(page) {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true);
    for (const el of clone.querySelectorAll('.mathdown-math, code, pre, script, style')) el.remove();
    return clone.textContent;
  });
}

test('a blog post from the corpus: every formula found, drawn and numbered as the MANIFEST counts', async () => {
  const manifest = JSON.parse(readFileSync(join(corpus, 'MANIFEST.json'), 'utf8'));
  const want = manifest.files.find((f) => f.file === POST).counts;
  const markdown = readFileSync(join(corpus, POST), 'utf8');

  // The post as a blog serves it: HTML with the TeX left in the text. mathdown's own render
  // makes the HTML; each formula is then put back as its TeX with delimiters.
  const gen = await browser.context.newPage();
  await gen.goto(`${base}plain/`);
  await gen.waitForSelector('html[data-ready]', { timeout: 120_000 });
  const { html, refs } = await gen.evaluate(async (markdown) => {
    const { render } = await import('/pkg/mathdown.js');
    const box = document.createElement('div');
    box.innerHTML = render(markdown);
    const refs = [...box.querySelectorAll('.mathdown-ref')].map((r) => r.textContent);
    for (const f of box.querySelectorAll('.mathdown-math')) {
      const tex = f.dataset.tex;
      let text;
      if (f.classList.contains('mathdown-display')) {
        text = /^\s*\\begin\{/.test(tex) ? tex : `$$${tex}$$`;
      } else {
        const next = f.nextSibling?.textContent ?? '';
        const dollarSafe = !tex.includes('$') && !/^\s|\s$/.test(tex) && !/^\d/.test(next);
        text = dollarSafe ? `$${tex}$` : `\\(${tex}\\)`;
      }
      f.replaceWith(document.createTextNode(text));
    }
    return { html: box.innerHTML, refs };
  }, markdown);
  await gen.close();
  assert.ok(refs.length > 0, 'the post has \\eqref links (the others sit inside formulas)');
  writeFileSync(
    join(site, 'blog.html'),
    `<!doctype html><html lang="zh"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${POST}</title>${HEAD}</head><body><article>${html}</article></body></html>`,
  );

  const { page, problems } = await visit(`${base}site/blog.html`);
  const early = await stats(page);
  assert.ok(early.pending > 0, `formulas below the first screen wait (pending ${early.pending})`);
  await page.evaluate(() => window.mathdownAuto.renderAll());
  const found = await formulas(page);
  const inline = found.filter((f) => !f.display).length;
  const display = found.filter((f) => f.display).length;
  assert.equal(inline, want.inline_dollar + want.inline_paren, 'inline formulas as the MANIFEST counts');
  assert.equal(display, want.display, 'display formulas as the MANIFEST counts');
  assert.deepEqual(found.filter((f) => !f.drawn || f.pending).map((f) => f.tex), [], 'every formula is drawn');
  const seen = await page.evaluate(() => ({
    tags: document.querySelectorAll('.mathdown-display .katex-tag').length,
    refs: [...document.querySelectorAll('.mathdown-ref')].map((r) => r.textContent),
    errors: [...document.querySelectorAll('.mathdown-error')].map((e) => e.title),
  }));
  assert.equal(seen.tags, want.equation_numbers + want.tags, 'equation numbers as the MANIFEST counts');
  assert.deepEqual(seen.refs, refs, 'references show the same numbers as the Markdown render');
  assert.deepEqual(seen.errors, [], 'no formula error');
  const text = await proseText(page);
  for (const delim of ['$', '\\(', '\\[', '\\begin{equation}']) {
    const at = text.indexOf(delim);
    assert.equal(at, -1, `${delim} left in visible text: …${text.slice(Math.max(0, at - 30), at + 30)}…`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

/** The TeX the paper list holds after `items` items (papers.js), sorted. */
function paperTex(items) {
  const out = [];
  for (let i = 0; i < items; i++) {
    out.push(`\\alpha_{${i}}`, `x_${i}^2 + y_${i}^2 \\le ${i}`, `n > ${i}`, `\\sum_{k=1}^{${i}} \\frac{1}{k^2} < \\frac{\\pi^2}{6}`);
  }
  return out.sort();
}

/** Everything the translator cases require of the page at the end. */
async function assertIntactAndTranslated(page, problems, items) {
  const found = await formulas(page);
  assert.deepEqual(found.map((f) => f.tex).sort(), paperTex(items), 'every formula found, with its original TeX');
  const bad = found.filter((f) => !f.drawn || f.pending || f.foreign || f.annotation !== f.tex);
  assert.deepEqual(bad, [], 'every formula drawn by KaTeX from its original TeX, nothing foreign inside');
  assert.ok(found.every((f) => f.translate === 'no' && f.notranslate), 'formulas carry translate="no" and notranslate');
  const { repairs } = await stats(page);
  assert.equal(repairs, 0, 'the translator never got inside a formula or placeholder: nothing had to be repaired');
  const prose = await page.evaluate(() => ({
    fonts: document.querySelectorAll('font[data-translated]').length,
    headings: [...document.querySelectorAll('.paper h3')].filter((h) => h.textContent.includes('[fr]')).length,
    price: [...document.querySelectorAll('.paper p')].some((p) => /\[fr\].*\$\d+ PER COPY/.test(p.textContent)),
  }));
  assert.equal(prose.headings, items, 'the prose of every item was translated');
  assert.ok(prose.price, 'a lone $ (a price) stays prose and is translated');
  assert.deepEqual(problems, [], 'no error reaches the console');
}

/** (d): scroll through the whole page, let the translator catch up, check, close. */
async function scrollThroughTranslated(page, problems, items) {
  await scrollThrough(page);
  await page.waitForTimeout(100);
  await assertIntactAndTranslated(page, problems, items);
  await page.close();
}

test('translator on while most formulas are still lazy placeholders, then a scroll through', async () => {
  const { page, problems } = await visit(`${base}auto/papers.html`, {
    init: () => document.addEventListener('mathdown:ready', () => window.translator.start()),
  });
  const s = await stats(page);
  assert.ok(s.pending > s.drawn, `most formulas are placeholders when translation starts (${JSON.stringify(s)})`);
  await page.waitForTimeout(100);
  await scrollThroughTranslated(page, problems, 25);
});

test('translator on right after the first screen was drawn, then a scroll through', async () => {
  const { page, problems } = await visit(`${base}auto/papers.html`);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const first = await formulas(page);
  assert.ok(first.slice(0, 4).every((f) => f.drawn), 'the first item is drawn before translation starts');
  await page.evaluate(() => window.translator.start());
  await page.waitForTimeout(100);
  await scrollThroughTranslated(page, problems, 25);
});

test('translator on before four "load more" clicks (25 items each), then a scroll through', async () => {
  const { page, problems } = await visit(`${base}auto/papers.html`);
  await page.evaluate(() => window.translator.start());
  for (let click = 1; click <= 4; click++) {
    // Dispatched, not clicked at coordinates: formulas drawn as the button scrolls into
    // view move it (a real reader clicks where it is then).
    await page.locator('#more').dispatchEvent('click');
    await page.waitForFunction((n) => document.querySelectorAll('.paper').length === n, 25 * (click + 1));
    // The translator translates new content after its own short delay; let it.
    await page.waitForTimeout(60);
  }
  const s = await stats(page);
  assert.equal(s.formulas, 125 * 4, 'every added item was scanned (4 formulas each)');
  await scrollThroughTranslated(page, problems, 125);
});

test('a translator that ignores translate="no" is undone: drawn and pending formulas restored from their TeX', async () => {
  const { page, problems } = await visit(`${base}auto/papers.html`);
  const result = await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const drawn = document.querySelector('.mathdown-math:not(.mathdown-pending)');
    const pending = [...document.querySelectorAll('.mathdown-pending')].pop();
    const n = [drawn.dataset.mathdownN, pending.dataset.mathdownN];
    const source = pending.textContent;
    drawn.querySelector('.katex-html').textContent = 'VANDALISED';
    pending.firstChild.data = 'VANDALISED';
    await frame();
    const now = n.map((i) => document.querySelector(`[data-mathdown-n="${i}"]`));
    return {
      drawnOk: !!now[0].querySelector('.katex-html') && !now[0].textContent.includes('VANDALISED'),
      pendingText: now[1].textContent,
      source,
      repairs: window.mathdownAuto.stats().repairs,
    };
  });
  assert.ok(result.drawnOk, 'the drawn formula is drawn again from its TeX');
  assert.equal(result.pendingText, result.source, 'the placeholder gets its TeX back');
  assert.equal(result.repairs, 2, 'two repairs, no loop');
  assert.deepEqual(problems, []);
  await page.close();
});

test('lazy: on a 1,000-formula page, formulas far below wait, render when scrolled to, and are numbered up front', async () => {
  const want = lazyPageCounts({ labels: true });
  const { page, problems } = await visit(`${base}site/lazy.html`);
  const s = await stats(page);
  assert.equal(s.formulas, want.total, 'every formula was found at load');
  assert.ok(s.drawn > 0 && s.drawn < 60, `only the first screen is drawn at load (${s.drawn} drawn)`);
  // The first screen goes in without its MathML, which follows the first paint: then every
  // drawn formula has KaTeX's MathML, made from its own TeX, for screen readers.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.mathdown-math .katex-mathml')].every((m) => m.querySelector('math annotation')),
  );
  const mathml = await page.evaluate(() =>
    [...document.querySelectorAll('.mathdown-math:not(.mathdown-pending)')]
      .filter((f) => f.querySelector('.katex'))
      .map((f) => ({ tex: f.dataset.tex, annotation: f.querySelector('.katex-mathml annotation')?.textContent })),
  );
  assert.ok(mathml.length >= s.drawn - 2, `the formulas drawn at load have their MathML (${mathml.length} of ${s.drawn})`);
  for (const m of mathml) {
    // A numbered equation reaches KaTeX with its page-wide number as a \tag.
    if (m.tex.includes('\\label')) assert.match(m.annotation, /\\tag\{\d+\}/, 'a numbered equation\'s MathML has its number');
    else assert.equal(m.annotation, m.tex, 'the MathML is the formula\'s own');
  }
  // The first screen went in without its MathML and got it back after the paint: each drawn
  // formula now has exactly the markup KaTeX draws with both trees, as the lazily drawn ones do.
  const whole = await page.evaluate(async () => {
    const { renderMath } = await import('/pkg/mathdown.js');
    const out = [];
    for (const f of document.querySelectorAll('.mathdown-math:not(.mathdown-pending)')) {
      const katex = f.querySelector('.katex');
      if (!katex || f.dataset.tex.includes('\\label')) continue;
      const t = document.createElement('template');
      t.innerHTML = renderMath(f.dataset.tex, { display: f.classList.contains('mathdown-display') });
      out.push({ tex: f.dataset.tex, same: t.content.querySelector('.katex').outerHTML === katex.outerHTML });
    }
    return out;
  });
  assert.ok(whole.length >= 10, `the drawn formulas were compared (${whole.length})`);
  for (const w of whole) assert.ok(w.same, `${w.tex}: the same markup as KaTeX's htmlAndMathml`);
  const last = () =>
    page.evaluate(() => {
      const section = [...document.querySelectorAll('section')].pop();
      return [...section.querySelectorAll('.mathdown-math')].map((f) => f.classList.contains('mathdown-pending'));
    });
  assert.ok((await last()).every(Boolean), 'the last section is still placeholders');
  // Section 191 (index 190) holds the 20th numbered equation and a reference to it.
  await page.evaluate(() => document.querySelectorAll('section')[190].scrollIntoView());
  await page.waitForFunction(() => !document.querySelectorAll('section')[190].querySelector('.mathdown-pending'));
  const numbered = await page.evaluate(() => {
    const s = document.querySelectorAll('section')[190];
    return { ref: s.querySelector('.mathdown-ref').textContent, tag: s.querySelector('.katex-tag').textContent };
  });
  assert.equal(numbered.ref, '(20)', 'the reference shows the page-wide number, though earlier equations were never drawn');
  assert.equal(numbered.tag.replace(/[\s\u200b]/g, ''), '(20)', 'the equation carries the same number');
  const after = await stats(page);
  assert.ok(after.pending > 800, `sections between stay pending (${after.pending})`);

  // Removing content stops watching its placeholders.
  const removed = await page.evaluate(async () => {
    const before = window.mathdownAuto.stats().pending;
    const doomed = [...document.querySelectorAll('section')].slice(100, 150);
    const count = doomed.reduce((n, s) => n + s.querySelectorAll('.mathdown-pending').length, 0);
    doomed.forEach((s) => s.remove());
    await new Promise((r) => setTimeout(r, 0));
    return { before, count, now: window.mathdownAuto.stats().pending };
  });
  assert.ok(removed.count > 200, 'the removed sections held placeholders');
  assert.equal(removed.now, removed.before - removed.count, 'removed placeholders are no longer pending or watched');
  assert.deepEqual(problems, []);
  await page.close();
});

test('print emulation draws every formula', async () => {
  const { page, problems } = await visit(`${base}site/lazy.html`);
  assert.ok((await stats(page)).pending > 900);
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => window.mathdownAuto.stats().pending === 0, null, { timeout: 30_000 });
  const found = await formulas(page);
  assert.equal(found.filter((f) => f.drawn).length, lazyPageCounts({ labels: true }).total);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Markdown islands render in place; code and ignored elements keep their TeX', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openInline(page, 'island.html', `${HEAD}
<div id="chat" data-mathdown="markdown">
    ## Answer
    The *norm* is $\\|x\\|_2 = \\sqrt{x_1^2 + x_2^2}$.
</div>
<script type="text/markdown" id="md">
  | a | b |
  |---|---|
  | $x|y$ | $\\{1\\}$ |
</script>
<p class="mathdown-ignore">$ignored$</p>
<p><code>$code$</code> and $\\frac12$</p>`);
  const seen = await page.evaluate(() => ({
    h2: document.querySelector('#chat h2')?.textContent,
    em: document.querySelector('#chat em')?.textContent,
    chatTex: document.querySelector('#chat .mathdown-math')?.dataset.tex,
    table: [...document.querySelectorAll('.mathdown-island td .mathdown-math')].map((f) => f.dataset.tex),
    scriptLeft: !!document.querySelector('script[type="text/markdown"]'),
    ignored: document.querySelector('.mathdown-ignore').textContent,
    code: document.querySelector('code').textContent,
    stats: window.mathdownAuto.stats(),
  }));
  assert.equal(seen.h2, 'Answer', 'the indented island is Markdown, not a code block');
  assert.equal(seen.em, 'norm');
  assert.equal(seen.chatTex, '\\|x\\|_2 = \\sqrt{x_1^2 + x_2^2}', 'Markdown did not touch the TeX');
  assert.deepEqual(seen.table, ['x|y', '\\{1\\}'], 'a | inside math does not split the cell');
  assert.equal(seen.scriptLeft, false, 'the script island was replaced by its rendering');
  assert.equal(seen.ignored, '$ignored$');
  assert.equal(seen.code, '$code$');
  assert.deepEqual({ islands: seen.stats.islands, formulas: seen.stats.formulas }, { islands: 2, formulas: 1 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('copy as TeX: a selection across formulas copies their TeX with delimiters, HTML keeps them drawn', async () => {
  const { page, problems } = await visit(`${base}auto/papers.html`);
  const copied = await page.evaluate(() => {
    const p = document.querySelector('.paper p');
    // From the middle of the first formula to the end of the paragraph.
    const range = document.createRange();
    range.setStart(p.querySelector('.mathdown-math .katex-html'), 0);
    range.setEndAfter(p.lastChild);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    let data = null;
    window.addEventListener('copy', (e) => {
      data = { text: e.clipboardData.getData('text/plain'), html: e.clipboardData.getData('text/html') };
    }, { once: true });
    document.execCommand('copy');
    return data;
  });
  assert.equal(copied.text, '$x_0^2 + y_0^2 \\le 0$ for all $n > 0$, and that',
    'plain text holds each whole formula as TeX (a selection starting inside a formula takes all of it)');
  assert.match(copied.html, /class="katex"/, 'HTML keeps the drawn formulas');
  assert.deepEqual(problems, []);
  await page.close();
});

test('configuration: window.mathdownConfig, overridden by data- attributes on the script tag; a bad option is a console Error', async () => {
  const pageWith = (config, attrs) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="/pkg/mathdown.css">
<script>window.mathdownConfig = ${config};</script>
<script type="module" src="/pkg/mathdown-auto.js" ${attrs}></script>
<p id="a">Costs $5 or $x$, and \\(y\\).</p><p class="skip">\\(z\\)</p>`;
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.route(`${base}config*.html`, (route) => {
    const good = route.request().url().includes('config-good');
    route.fulfill({
      contentType: 'text/html',
      body: good
        ? pageWith('{ ignore: ".skip", lazy: true, delimiters: { paren: true } }', 'data-dollar="false" data-lazy="false"')
        : pageWith('{ lazyMargn: "10px" }', ''),
    });
  });
  await page.goto(`${base}config-good.html`);
  await page.waitForFunction(() => window.mathdownAuto, null, { timeout: 120_000 });
  const seen = await page.evaluate(() => ({
    tex: [...document.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex),
    stats: window.mathdownAuto.stats(),
  }));
  assert.deepEqual(seen.tex, ['y'], 'data-dollar="false" turned $ off, config.ignore skipped .skip');
  assert.equal(seen.stats.pending, 0, 'data-lazy="false" overrode lazy: true');
  assert.deepEqual(problems, []);

  const reported = page.waitForEvent('console', { predicate: (m) => m.type() === 'error', timeout: 120_000 });
  await page.goto(`${base}config-bad.html`);
  await reported;
  assert.equal(await page.evaluate(() => document.querySelectorAll('.mathdown-math').length), 0);
  assert.match(problems.join('\n'), /mathdown: invalid option `lazyMargn`: unknown field `lazyMargn`/);
  await page.close();
});

test('an element with id="mathdownConfig" (a comment\'s footnote written twice) is not read as options: the page renders with the defaults', async () => {
  // Named access on window: one such element is window.mathdownConfig, two are an
  // HTMLCollection of them. Neither may stop the page's formulas from being drawn.
  const pageWith = (ids) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="/pkg/mathdown.css">
<script type="module" src="/pkg/mathdown-auto.js"></script>
<p>Drawn: $x^2$ and \\(y\\).</p>
<ol>${ids.map((id) => `<li id="${id}">a note</li>`).join('')}</ol>`;
  const page = await browser.context.newPage();
  const errors = [];
  const warnings = [];
  page.on('console', (m) => (m.type() === 'error' ? errors : m.type() === 'warning' ? warnings : []).push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route(`${base}clobber-*.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: pageWith(route.request().url().includes('clobber-two') ? ['mathdownConfig', 'mathdownConfig'] : ['mathdownConfig']),
  }));
  for (const name of ['clobber-one', 'clobber-two']) {
    warnings.length = 0;
    await page.goto(`${base}${name}.html`);
    await page.waitForFunction(() => window.mathdownAuto, null, { timeout: 120_000 });
    const seen = await page.evaluate(() => ({
      tex: [...document.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex),
      drawn: document.querySelectorAll('.mathdown-math .katex').length,
    }));
    assert.deepEqual(seen.tex, ['x^2', 'y'], `${name}: both formulas found with the default delimiters`);
    assert.equal(seen.drawn, 2, `${name}: both formulas drawn by KaTeX`);
    assert.match(warnings.join('\n'), /window\.mathdownConfig is an element of the page/, `${name}: the ignored value is reported`);
  }
  assert.deepEqual(errors, [], 'no error reaches the console');
  await page.close();
});

test('copy as TeX in Renderer output too, display formulas and environments included', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${base}plain/`);
  await page.waitForSelector('html[data-ready]', { timeout: 120_000 });
  const copied = await page.evaluate(async () => {
    const { Renderer } = await import('/pkg/mathdown.js');
    const box = document.createElement('div');
    document.body.append(box);
    const r = new Renderer(box);
    r.update('Let $a_1$ be\n\n$$\\sum_k k$$\n\n\\begin{equation}x=1\\end{equation}\n\nend.');
    const range = document.createRange();
    range.selectNodeContents(box);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    let text = null;
    window.addEventListener('copy', (e) => (text = e.clipboardData.getData('text/plain')), { once: true });
    document.execCommand('copy');
    r.destroy();
    // After destroy() the listener is gone: the browser's own copy runs.
    let after = null;
    window.addEventListener('copy', (e) => (after = e.clipboardData.getData('text/plain')), { once: true });
    document.execCommand('copy');
    return { text, after };
  });
  assert.equal(copied.text, 'Let $a_1$ be\n\n$$\\sum_k k$$\n\n\\begin{equation}x=1\\end{equation}\n\nend.', 'blocks are separated by a blank line, as in Markdown');
  assert.equal(copied.after, '', 'a destroyed Renderer no longer writes the clipboard');
  await page.close();
});

test('TeX split across text nodes, <br>s and entities is found whole; the rest of the text stays', async () => {
  const page = await browser.context.newPage();
  await openInline(page, 'split.html', `
<link rel="stylesheet" href="/pkg/mathdown.css">
<p id="br">Before $$a \\\\<br>b + c$$ after.</p>
<p id="entity">Price &#36;x&#36; and \\(a &lt; b\\) &amp; more.</p>
<p id="nodes"></p>
<script>
  const p = document.getElementById('nodes');
  for (const piece of ['Split: $x', '^2', '$ and \\\\(', 'y\\\\)', ' end']) p.append(piece);
</script>
<script type="module" src="/pkg/mathdown-auto.js"></script>`);
  const seen = await page.evaluate(() =>
    Object.fromEntries(
      ['br', 'entity', 'nodes'].map((id) => {
        const p = document.getElementById(id);
        const tex = [...p.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex);
        const clone = p.cloneNode(true);
        clone.querySelectorAll('.mathdown-math').forEach((f) => f.replaceWith('#'));
        return [id, { tex, text: clone.textContent, br: p.querySelectorAll('br').length }];
      }),
    ),
  );
  assert.deepEqual(seen.br, { tex: ['a \\\\\nb + c'], text: 'Before # after.', br: 0 }, 'the <br> is a line break inside the formula');
  assert.deepEqual(seen.entity, { tex: ['x', 'a < b'], text: 'Price # and # & more.', br: 0 });
  assert.deepEqual(seen.nodes, { tex: ['x^2', 'y'], text: 'Split: # and # end', br: 0 });
  await page.close();
});

test('a reference inside one of the page\'s links is its number, with no link inside the link', async () => {
  const page = await browser.context.newPage();
  await openInline(page, 'in-link.html', `
<link rel="stylesheet" href="/pkg/mathdown.css">
<p><a id="outer" href="#top">see $\\eqref{e}$ here</a>, and outside a link $\\eqref{e}$.</p>
<p>\\begin{equation}x^2\\label{e}\\end{equation}</p>
<script type="module" src="/pkg/mathdown-auto.js"></script>`);
  await page.waitForFunction(() => window.mathdownAuto.stats().pending === 0);
  const seen = await page.evaluate(() => {
    const refs = [...document.querySelectorAll('.mathdown-ref')];
    return {
      nested: document.querySelectorAll('a a').length,
      refs: refs.map((r) => ({ inLink: !!r.parentElement.closest('a'), text: r.textContent, link: r.querySelector('a')?.getAttribute('href') ?? null })),
      outer: document.getElementById('outer').textContent,
      anchor: document.querySelector('.mathdown-anchor')?.id ?? null,
    };
  });
  assert.equal(seen.nested, 0, 'no <a> should end up inside another <a>');
  assert.equal(seen.refs.length, 2, 'both references should be drawn as references');
  assert.deepEqual(seen.refs[0], { inLink: true, text: '(1)', link: null }, 'inside the page\'s link: the number, no link of its own');
  assert.deepEqual(seen.refs[1], { inLink: false, text: '(1)', link: `#${seen.anchor}` }, 'outside: a link to the equation');
  assert.equal(seen.outer, 'see (1) here', 'the page\'s link should keep its text around the number');
  await page.close();
});

test('a formula on screen is drawn at load; one in hidden content (display: none, a closed <details>) waits, as a placeholder, until it is shown', async () => {
  const page = await browser.context.newPage();
  await openInline(page, 'hidden.html', `
<link rel="stylesheet" href="/pkg/mathdown.css">
<p id="shown">Shown: $a^2 + b^2$.</p>
<div id="more" hidden><p>Hidden: $c^2$.</p></div>
<details id="folded"><summary>More</summary><p>Folded: $d^2$.</p></details>
<script type="module" src="/pkg/mathdown-auto.js"></script>`);
  const state = () =>
    page.evaluate(() => [...document.querySelectorAll('.mathdown-math')].map((f) => ({
      tex: f.dataset.tex,
      drawn: !!f.querySelector('.katex') && !f.classList.contains('mathdown-pending'),
      safe: f.getAttribute('translate') === 'no' && f.classList.contains('notranslate'),
    })));
  assert.deepEqual(await state(), [
    { tex: 'a^2 + b^2', drawn: true, safe: true },
    { tex: 'c^2', drawn: false, safe: true },
    { tex: 'd^2', drawn: false, safe: true },
  ], 'at load: the visible formula drawn in the same task, the hidden and folded ones translation-safe placeholders');
  await page.evaluate(() => { document.getElementById('more').hidden = false; });
  await page.waitForFunction(() => !document.querySelector('#more .mathdown-pending'), null, { timeout: 10_000 });
  assert.deepEqual((await state())[1], { tex: 'c^2', drawn: true, safe: true }, 'shown: the formula is drawn');
  await page.evaluate(() => { document.getElementById('folded').open = true; });
  await page.waitForFunction(() => !document.querySelector('#folded .mathdown-pending'), null, { timeout: 10_000 });
  assert.deepEqual((await state())[2], { tex: 'd^2', drawn: true, safe: true }, 'unfolded: the formula is drawn');
  await page.close();
});

test('disconnected before the first paint, formulas drawn at load still get their MathML', async () => {
  const page = await browser.context.newPage();
  // In the task that drew them, before any frame: their MathML is still held back.
  await page.addInitScript(() =>
    document.addEventListener('mathdown:ready', (e) => {
      window.heldBack = document.querySelectorAll('.katex-mathml:empty').length;
      e.detail.disconnect();
      window.afterDisconnect = document.querySelectorAll('.katex-mathml:empty').length;
    }),
  );
  await openInline(page, 'disconnect.html', `
<link rel="stylesheet" href="/pkg/mathdown.css">
<p>Inline $x^2$ and display $$\\int_0^1 t\\,dt$$</p>
<script type="module" src="/pkg/mathdown-auto.js"></script>`);
  const seen = await page.evaluate(() => ({
    heldBack: window.heldBack,
    afterDisconnect: window.afterDisconnect,
    annotations: [...document.querySelectorAll('.mathdown-math annotation')].map((a) => a.textContent),
  }));
  assert.equal(seen.heldBack, 2, 'both formulas went in drawn, their MathML to follow the paint');
  assert.equal(seen.afterDisconnect, 0, 'disconnect() put the held-back MathML in');
  assert.deepEqual(seen.annotations, ['x^2', '\\int_0^1 t\\,dt'], 'each formula has its own MathML');
  await page.close();
});

test('auto-rendered formulas are fitted to their container; editors and textareas keep their TeX', async () => {
  const wide = Array.from({ length: 40 }, (_, k) => `x_{${k}}`).join(' + ');
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 800, height: 600 });
  await openInline(page, 'fit.html', `${HEAD}
<div id="narrow" style="width: 320px"><p>$$${wide}$$</p><p>Short: $$a+b$$</p><p>$$\\nosuchmacro{${wide.replaceAll(' ', '')}}$$</p></div>
<div contenteditable="true">$edited$</div><textarea>$typed$</textarea>
<div style="height: 3000px"></div><div id="below" style="width: 320px"><p>$$${wide.replaceAll(" ", "")}$$</p></div>`);
  await page.waitForFunction(() => document.querySelector('#narrow .mathdown-display')?.style.fontSize);
  const seen = await page.evaluate(() => {
    const [wide, short] = document.querySelectorAll('#narrow .mathdown-display');
    return {
      wideWidth: wide.getBoundingClientRect().width,
      wideFont: wide.style.fontSize,
      shortFont: short.style.fontSize,
      error: !!document.querySelector('#narrow .mathdown-error'),
      errorFont: document.querySelector('#narrow .mathdown-error')?.style.fontSize,
      errorWidth: document.querySelector('#narrow .mathdown-error')?.scrollWidth,
      editable: document.querySelector('[contenteditable]').textContent,
      textarea: document.querySelector('textarea').value,
      below: document.querySelector('#below .mathdown-math').className,
      belowFont: document.querySelector('#below .mathdown-math').style.fontSize,
    };
  });
  assert.match(seen.below, /mathdown-pending/, 'the formula far below is still a placeholder');
  assert.equal(seen.belowFont, '', 'a placeholder is not fitted: its width is its TeX source\'s, not the formula\'s');
  assert.ok(seen.wideWidth <= 320.5, `the wide formula fits the 320 px column (${seen.wideWidth} px at ${seen.wideFont})`);
  assert.equal(seen.shortFont, '', 'a formula that fits is left at its size');
  assert.ok(seen.error && seen.errorWidth > 320, `the bad formula is an error box wider than the column (${seen.errorWidth} px)`);
  assert.equal(seen.errorFont, '', 'an error box is not fitted: its width is its TeX source\'s');
  assert.equal(seen.editable, '$edited$');
  assert.equal(seen.textarea, '$typed$');
  await page.close();
});

test('the demo blog page (www/blog.html) renders every formula, numbered, and the loaded comment', async () => {
  const { demoMounts } = await import('../../scripts/serve.mjs');
  const { server: demo, url } = await serve({ mounts: { ...demoMounts, '/pkg/': pkg } });
  try {
    const { page, problems } = await visit(`${url}blog.html`);
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('#comments .mathdown-math:not(.mathdown-pending)').length === 3);
    const seen = await page.evaluate(() => ({
      tex: [...document.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex),
      errors: document.querySelectorAll('.mathdown-error').length,
      ref: document.querySelector('.mathdown-ref')?.textContent,
      pending: window.mathdownAuto.stats().pending,
    }));
    assert.equal(seen.tex.length, 10, `every formula: ${JSON.stringify(seen.tex)}`);
    assert.equal(seen.errors, 0);
    assert.equal(seen.ref, '(1)');
    assert.equal(seen.pending, 0, 'a short page is drawn at once');
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    demo.close();
  }
});

test('text streamed in token by token (a chat) is rendered once text follows each formula, the last one once the stream pauses', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openInline(page, 'chat.html', `${HEAD}<p id="msg">Answer: </p>`);
  const seen = await page.evaluate(async () => {
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const msg = document.getElementById('msg');
    const states = [];
    // Each token a text node of its own: a formula spans several of them.
    for (const token of ['the area is ', '$\\pi', ' r^2', '$', ' and the ', 'volume \\(', '\\tfrac43\\pi r^3\\)', '. So ', '$V$']) {
      msg.append(token);
      await tick();
      states.push(document.querySelectorAll('#msg .mathdown-math').length);
    }
    // The last formula ends the text: it is taken as finished once the writing pauses.
    await new Promise((r) => setTimeout(r, 600));
    states.push(document.querySelectorAll('#msg .mathdown-math').length);
    const p = document.getElementById('msg');
    const clone = p.cloneNode(true);
    clone.querySelectorAll('.mathdown-math').forEach((f) => f.replaceWith('#'));
    return {
      states,
      tex: [...p.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex),
      drawn: p.querySelectorAll('.mathdown-math .katex').length,
      text: clone.textContent,
    };
  });
  assert.deepEqual(seen.states, [0, 0, 0, 0, 1, 1, 1, 2, 2, 3],
    'each formula appears once text follows its closer (it might have grown), the last one after the pause');
  assert.deepEqual(seen.tex, ['\\pi r^2', '\\tfrac43\\pi r^3', 'V']);
  assert.equal(seen.drawn, 3);
  assert.equal(seen.text, 'Answer: the area is # and the volume #. So #', 'no text lost or doubled');
  assert.deepEqual(problems, []);
  await page.close();
});

test('text streamed into one text node (node.data += token, or its whole text set each time as a framework binding does) stays in order after its formulas, with or without text before it, none of it twice', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openInline(page, 'chat-node.html', `${HEAD}<p id="empty"></p><p id="after">Answer: </p>` +
    '<p id="empty-set"></p><p id="after-set">Answer: </p>');
  const seen = await page.evaluate(async () => {
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const out = {};
    for (const id of ['empty', 'after', 'empty-set', 'after-set']) {
      const msg = document.getElementById(id);
      // The chat keeps one node and appends to it, as many chat front ends do, or sets its
      // whole text each time, as a framework's text binding does.
      const t = document.createTextNode('');
      msg.append(t);
      let all = '';
      for (const token of ['The area is ', '$\\pi r^2$', ' and the volume', ' is $V$', ' end.']) {
        all += token;
        if (id.endsWith('-set')) t.data = all;
        else t.data += token;
        await tick();
      }
      const clone = msg.cloneNode(true);
      clone.querySelectorAll('.mathdown-math').forEach((f) => f.replaceWith('#'));
      out[id] = {
        tex: [...msg.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex),
        drawn: msg.querySelectorAll('.mathdown-math .katex').length,
        text: clone.textContent,
        connected: t.isConnected,
      };
    }
    return out;
  });
  for (const [id, before] of [['empty', ''], ['after', 'Answer: '], ['empty-set', ''], ['after-set', 'Answer: ']]) {
    const s = seen[id];
    assert.deepEqual(s.tex, ['\\pi r^2', 'V'], `${id}: both formulas found`);
    assert.equal(s.drawn, 2, `${id}: both drawn`);
    assert.equal(s.text, `${before}The area is # and the volume is # end.`, `${id}: no text lost or reordered`);
    assert.ok(s.connected, `${id}: the node the chat writes to is still in the page`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('data- attributes that are no option (data-turbo-track, data-cfasync) are left alone; options still apply, also when the script URL redirects', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  // A CDN's unversioned URL redirects: import.meta.url is then the final URL, not the tag's src.
  await page.route(`${base}redirect/mathdown-auto.js`, (route) =>
    route.fulfill({ status: 302, headers: { location: `${base}pkg/mathdown-auto.js` } }));
  const pageWith = (src) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="/pkg/mathdown.css">
<script type="module" src="${src}" data-turbo-track="reload" data-cfasync="false" data-dollar="false" data-lazy-margin="0px"></script>
<p>Costs $5 or $x$, and \\(y\\).</p>`;
  await page.route(`${base}tags-*.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: pageWith(route.request().url().includes('tags-redirect') ? '/redirect/mathdown-auto.js' : '/pkg/mathdown-auto.js'),
  }));
  for (const name of ['tags-direct', 'tags-redirect']) {
    await page.goto(`${base}${name}.html`);
    await page.waitForFunction(() => window.mathdownAuto, null, { timeout: 120_000 });
    const tex = await page.evaluate(() => [...document.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex));
    assert.deepEqual(tex, ['y'], `${name}: data-dollar="false" applied (only \\(y\\) is a formula), the foreign attributes ignored`);
  }
  assert.deepEqual(problems, [], 'no error: the attributes that are not options are not read');
  await page.close();
});

test('an \\eqref link to an equation far below, not drawn yet, lands on it and draws it', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openInline(page, 'eqref-far.html', `${HEAD}<p>As shown in $\\eqref{far}$.</p>
<div style="height: 5000px"></div>
<p>\\begin{equation}E=mc^2\\label{far}\\end{equation}</p>`);
  const before = await page.evaluate(() => {
    const link = document.querySelector('.mathdown-ref a');
    const target = document.getElementById(link.getAttribute('href').slice(1));
    return { href: link.getAttribute('href'), pending: !!target?.closest('.mathdown-pending') };
  });
  assert.equal(before.pending, true, `the target of ${before.href} should already be in the placeholder`);
  await page.click('.mathdown-ref a');
  await page.waitForFunction(() => !document.querySelector('.mathdown-pending'), null, { timeout: 60_000 });
  const after = await page.evaluate(() => ({
    scrolled: window.scrollY,
    inDrawn: !!document.getElementById(document.querySelector('.mathdown-ref a').getAttribute('href').slice(1))?.closest('.mathdown-math:not(.mathdown-pending) .katex, .mathdown-math:not(.mathdown-pending)'),
  }));
  assert.ok(after.scrolled > 4000, `the link should scroll to the equation (scrollY ${after.scrolled})`);
  assert.ok(after.inDrawn, 'the drawn equation keeps the anchor');
  assert.deepEqual(problems, []);
  await page.close();
});

test('inside a page\'s own scroller (a chat pane), formulas within the lazy margin below its edge are drawn before they scroll in', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const items = Array.from({ length: 300 }, (_, i) => `<p>Item ${i}: $x_{${i}}^2 + y$ and more words here.</p>`).join('\n');
  await openInline(page, 'scroller.html', `${HEAD}<div id="pane" style="height: 400px; overflow-y: auto">${items}</div>`);
  // Scrolled well past what the first screen drew (that is read from the layout, not the
  // observer), then settled: the observer reports after a frame.
  await page.evaluate(() => { document.getElementById('pane').scrollTop = 4000; });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
  const seen = await page.evaluate(() => {
    const pane = document.getElementById('pane').getBoundingClientRect();
    const below = [...document.querySelectorAll('#pane .mathdown-math')].filter((f) => {
      const r = f.getBoundingClientRect();
      return r.top > pane.bottom && r.top < pane.bottom + 0.8 * pane.height;
    });
    return { below: below.length, pending: below.filter((f) => f.classList.contains('mathdown-pending')).length };
  });
  assert.ok(seen.below > 5, `there should be formulas just below the pane's edge (${seen.below})`);
  assert.equal(seen.pending, 0, 'formulas within one screen below the pane should be drawn already');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a formula streamed in pieces is not taken before it is finished: $$…$$ around an environment, \\begin{pmatrix} inside $…$, $5-$10', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openInline(page, 'chat-pieces.html', `${HEAD}<p id="a">So </p><p id="b">The vector </p><p id="c">It costs</p>`);
  const seen = await page.evaluate(async () => {
    const tick = () => new Promise((r) => setTimeout(r, 20));
    const streams = {
      a: ['$$\n', '\\begin{aligned}\n', 'a &= b\n', '\\end{aligned}\n', '$$', ' end'],
      b: ['$v = \\begin{pmatrix}', '1 \\\\ 2', '\\end{pmatrix}', '$', ' here'],
      c: [' $', '5', '-$', '10', ' in all'],
    };
    for (const [id, tokens] of Object.entries(streams)) {
      for (const token of tokens) {
        document.getElementById(id).append(token);
        await tick();
      }
    }
    await new Promise((r) => setTimeout(r, 600));
    const out = {};
    for (const id of Object.keys(streams)) {
      const p = document.getElementById(id);
      const clone = p.cloneNode(true);
      clone.querySelectorAll('.mathdown-math').forEach((f) => f.replaceWith('#'));
      out[id] = { tex: [...p.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex), text: clone.textContent };
    }
    return out;
  });
  assert.deepEqual(seen.a.tex, ['\n\\begin{aligned}\na &= b\n\\end{aligned}\n'], 'the whole $$…$$ is one formula, not its environment alone');
  assert.equal(seen.a.text, 'So # end');
  assert.deepEqual(seen.b.tex, ['v = \\begin{pmatrix}1 \\\\ 2\\end{pmatrix}'], 'the whole $…$ is one formula');
  assert.equal(seen.b.text, 'The vector # here');
  assert.deepEqual(seen.c.tex, [], '$5-$10 is prices, as when the page is loaded whole');
  assert.equal(seen.c.text, 'It costs $5-$10 in all');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a copy of a formula not drawn yet (a carousel\'s cloned slide) is drawn too; an island filled after load is rendered then; a second copy of the script does nothing', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  const warnings = [];
  page.on('console', (m) => (m.type() === 'error' ? problems : m.type() === 'warning' ? warnings : []).push(m.text()));
  await openInline(page, 'copies.html', `${HEAD}
<script type="module" src="/pkg/mathdown-auto.js?copy=2"></script>
<div style="height: 5000px"></div>
<div id="card"><p>Slide: $x^2+y^2$</p></div>
<div id="later" data-mathdown="markdown"></div>`);
  const seen = await page.evaluate(async () => {
    const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    const card = document.getElementById('card');
    const wasPending = !!card.querySelector('.mathdown-pending');
    const copy = card.cloneNode(true);
    copy.id = 'copy';
    document.body.prepend(copy);
    document.getElementById('later').textContent = '**Bold** and $z$';
    await settle();
    return {
      wasPending,
      copyDrawn: document.querySelectorAll('#copy .mathdown-math .katex').length,
      copyPending: document.querySelectorAll('#copy .mathdown-pending').length,
      island: document.getElementById('later').innerHTML,
      formulas: window.mathdownAuto.stats().formulas,
    };
  });
  assert.ok(seen.wasPending, 'the original far below is a placeholder when it is copied');
  assert.equal(seen.copyPending, 0, 'the copy near the top is not left a placeholder');
  assert.equal(seen.copyDrawn, 1, 'the copy is drawn by KaTeX');
  assert.match(seen.island, /<strong>Bold<\/strong>/, 'the island filled after load is rendered as Markdown');
  assert.match(seen.island, /mathdown-math/, 'with its formula');
  assert.match(warnings.join('\n'), /loaded twice/, 'the second copy of the script says why it does nothing');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a message written again (innerHTML set anew) keeps its numbers and references: what left the page stops counting', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openInline(page, 'rewrite.html', `${HEAD}<div id="msg"></div>`);
  const seen = await page.evaluate(async () => {
    const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    const msg = document.getElementById('msg');
    const html = 'Eq <p>\\begin{equation}E=mc^2\\label{e1}\\end{equation}</p> <p>see $\\eqref{e1}$ and $x$.</p>';
    const out = [];
    for (let i = 0; i < 3; i++) {
      msg.innerHTML = html;
      await settle();
      const link = msg.querySelector('.mathdown-ref a');
      out.push({
        tag: msg.querySelector('.katex-tag')?.textContent.replace(/\u200b/g, ''),
        ref: link?.textContent,
        target: !!(link && document.getElementById(link.getAttribute('href').slice(1))?.isConnected),
      });
    }
    return out;
  });
  for (const [i, s] of seen.entries()) {
    assert.equal(s.tag, '(1)', `write ${i + 1}: the equation is (1), not numbered after its old copies`);
    assert.equal(s.ref, '(1)', `write ${i + 1}: the reference shows (1)`);
    assert.ok(s.target, `write ${i + 1}: the reference's target is in the page`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a message written again hundreds of times keeps a bounded record: entries of formulas that left are dropped, numbers stay right, and formulas kept aside and put back after the drop still render', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openInline(
    page,
    'rewrite-many.html',
    `${HEAD}<p id="see">see $\\eqref{w1}$</p><p id="near">near $z_1$ \\begin{equation}w\\label{w1}\\end{equation}</p><div id="msg"></div><div style="height:4000px"></div><p id="far">far $y^2$</p>`,
  );
  const seen = await page.evaluate(async () => {
    const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
    const msg = document.getElementById('msg');
    const near = document.getElementById('near');
    const far = document.getElementById('far');
    const see = () => document.querySelector('#see .mathdown-ref')?.textContent;
    const aside = {
      nearDrawn: !!near.querySelector('.katex'),
      farPending: !!far.querySelector('.mathdown-pending'),
      ref: see(),
    };
    near.remove();
    far.remove();
    await settle();
    const terms = Array.from({ length: 8 }, (_, k) => `$x_{${k}}$`).join(' ');
    const html = `Eq <p>\\begin{equation}E=mc^2\\label{e1}\\end{equation}</p> <p>see $\\eqref{e1}$ and ${terms}.</p>`;
    const writes = 60;
    for (let i = 0; i < writes; i++) {
      msg.innerHTML = html;
      await settle();
    }
    const entries = window.mathdownAuto.stats().formulas;
    const link = msg.querySelector('.mathdown-ref a');
    const numbers = {
      tag: msg.querySelector('.katex-tag')?.textContent.replace(/\u200b/g, ''),
      ref: link?.textContent,
    };
    const refAway = see();
    msg.before(far, near);
    await settle();
    await settle();
    const href = document.querySelector('#see .mathdown-ref a')?.getAttribute('href');
    const back = { away: refAway, ref: see(), target: !!(href && near.querySelector(href)) };
    const state = (p) => ({
      drawn: [...p.querySelectorAll('.mathdown-math')].map((f) => !!f.querySelector('.katex')),
      tex: [...p.querySelectorAll('.mathdown-math')].map((f) => f.dataset.tex),
      pending: p.querySelectorAll('.mathdown-pending').length,
      text: p.textContent.includes('$'),
    });
    return { aside, writes, entries, numbers, back, far: state(far), near: state(near) };
  });
  assert.ok(
    seen.aside.nearDrawn && seen.aside.farPending && seen.aside.ref === '(1)',
    `set up: formulas drawn near the top, one pending far below, the reference to (1): ${JSON.stringify(seen.aside)}`,
  );
  const written = seen.writes * 10;
  assert.ok(
    seen.entries < 300,
    `after ${written} formulas written (10 on the page at a time) the record should stay bounded, not keep every one: ${seen.entries} entries`,
  );
  assert.deepEqual(seen.numbers, { tag: '(1)', ref: '(1)' }, 'the equation is still (1) and its reference finds it');
  assert.deepEqual(
    seen.far,
    { drawn: [true], tex: ['y^2'], pending: 0, text: false },
    'a placeholder kept aside while its entry was dropped renders once it is back, from its own TeX',
  );
  assert.deepEqual(
    seen.near,
    { drawn: [true, true], tex: ['z_1', '\\begin{equation}w\\label{w1}\\end{equation}'], pending: 0, text: false },
    'drawn formulas put back stay drawn',
  );
  assert.equal(seen.back.away, '(??)', 'while its equation is away, the reference finds nothing');
  assert.match(seen.back.ref ?? '', /^\(\d\)$/, `once the equation is back, it counts again and the reference finds it: ${seen.back.ref}`);
  assert.ok(seen.back.target, 'the reference links to the equation put back');
  assert.deepEqual(problems, []);
  await page.close();
});

test('placeholders keep their exact TeX and source next to characters outside the BMP, markup characters and several formulas in one text node', async () => {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  // Far below the fold, so they stay placeholders; one text node each.
  const texts = [
    '😀 before $𝑥 < y & z$ after 😀, then \\(a^{😀}\\) and $$\\frac{1}{2}$$ end',
    '&amp; "quotes" $b_1$$c$ \\begin{equation}E = mc^2\\end{equation} 𝑥',
  ];
  const body = texts.map((t, i) => `<p id="p${i}"></p>`).join('');
  await openInline(page, 'astral.html', `${HEAD}<div style="height:5000px"></div>${body}<script>
    const texts = ${JSON.stringify(texts)};
    texts.forEach((t, i) => document.getElementById('p' + i).append(t));
  </script>`);
  const seen = await page.evaluate(async (texts) => {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    return texts.map((t, i) => {
      const p = document.getElementById('p' + i);
      return {
        text: p.textContent,
        formulas: [...p.querySelectorAll('.mathdown-math')].map((f) => ({
          tex: f.dataset.tex,
          source: f.textContent,
          pending: f.classList.contains('mathdown-pending'),
          display: f.classList.contains('mathdown-display'),
        })),
      };
    });
  }, texts);
  for (const [i, s] of seen.entries()) {
    assert.equal(s.text, texts[i], `paragraph ${i}: its text, formulas' sources included, is what was written`);
  }
  assert.deepEqual(
    seen.map((s) => s.formulas),
    [
      [
        { tex: '𝑥 < y & z', source: '$𝑥 < y & z$', pending: true, display: false },
        { tex: 'a^{😀}', source: '\\(a^{😀}\\)', pending: true, display: false },
        { tex: '\\frac{1}{2}', source: '$$\\frac{1}{2}$$', pending: true, display: true },
      ],
      [
        { tex: 'b_1', source: '$b_1$', pending: true, display: false },
        { tex: 'c', source: '$c$', pending: true, display: false },
        { tex: '\\begin{equation}E = mc^2\\end{equation}', source: '\\begin{equation}E = mc^2\\end{equation}', pending: true, display: true },
      ],
    ],
    'each placeholder holds its own TeX in data-tex and its source as text',
  );
  assert.deepEqual(problems, []);
  await page.close();
});
