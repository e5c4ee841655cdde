// Equation numbers with real KaTeX: a numbered align with a \label on its second row shows
// its tag on that row, and a click on the \eqref link scrolls to the equation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, pages, pkg, serve } from './helpers.mjs';

let browser, server, base;

before(async () => {
  ({ server, url: base } = await serve({ mounts: { '/pkg/': pkg, '/plain/': pages } }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

const markdown = [
  'See $\\eqref{eq:second}$ below.',
  '',
  ...Array.from({ length: 60 }, (_, i) => `Filler paragraph ${i} so the equation is far below.\n`),
  '\\begin{equation}e^{i\\pi}+1=0\\end{equation}',
  '',
  '\\begin{align}',
  'a &= b + c \\\\',
  'd &= e + f \\label{eq:second}',
  '\\end{align}',
  '',
  ...Array.from({ length: 60 }, (_, i) => `More filler ${i}.\n`),
].join('\n');

test('align row tags come from the document count and \\eqref links scroll to them', async () => {
  const { page, problems } = await open(browser.context, `${base}plain/`);
  await page.setViewportSize({ width: 800, height: 600 });
  const seen = await page.evaluate(async (markdown) => {
    const { render } = await import('/pkg/mathdown.js');
    const out = document.getElementById('out');
    out.innerHTML = render(markdown);
    await document.fonts.ready;
    const align = out.querySelectorAll('.mathdown-display')[1];
    // KaTeX draws the rows' tags in one tag column, top to bottom.
    const link = out.querySelector('.mathdown-ref a');
    return {
      tagText: align.querySelector('.katex-tag')?.textContent ?? '',
      href: link.getAttribute('href'),
      text: link.textContent,
      anchorInAlign: !!align.querySelector(link.getAttribute('href').replace('.', '\\.')),
      errors: out.querySelectorAll('.mathdown-error').length,
      before: window.scrollY,
    };
  }, markdown);
  assert.equal(seen.errors, 0, 'no formula error');
  assert.equal(seen.text, '(3)', 'the second align row is equation 3 (the equation above is 1)');
  assert.ok(seen.anchorInAlign, 'the label anchor sits in the align formula');
  assert.match(seen.tagText.replace(/[\s\u200b]+/g, ''), /^\(2\)\(3\)$/, 'rows are tagged (2) then (3)');
  assert.equal(seen.before, 0);

  await page.click('.mathdown-ref a');
  await page.waitForFunction(() => window.scrollY > 0);
  const after = await page.evaluate((href) => {
    const target = document.getElementById(href.slice(1)).closest('.mathdown-display');
    const r = target.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight, hash: location.hash };
  }, seen.href);
  assert.equal(after.hash, seen.href);
  assert.ok(after.top >= -1 && after.top < after.height, `the equation is in view (top ${after.top})`);
  assert.deepEqual(problems, []);
  await page.close();
});
