// The package on a plain page (no bundler: pkg/mathdown.js + pkg/mathdown.css only), and
// the same page under a Content-Security-Policy that forbids eval.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, pages, pkg, serve, survey } from './helpers.mjs';

const csp = "script-src 'self' 'wasm-unsafe-eval'";
let browser, server, base;

before(async () => {
  // One folder of pages, served twice: /plain/ as is, /csp/ with the policy header.
  ({ server, url: base } = await serve({
    mounts: { '/pkg/': pkg, '/plain/': pages, '/csp/': pages },
    headers: (path) => (path.startsWith('/csp/') ? { 'content-security-policy': csp } : {}),
  }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

function assertRendered(seen) {
  // Title, inline, display, two table cells; the broken one is an error box.
  assert.equal(seen.katex, 5, 'every good formula is KaTeX markup');
  assert.equal(seen.errors, 1, 'the broken formula is an error box');
  assert.match(seen.errorTitle, /KaTeX parse error/);
  assert.equal(seen.mathml, 5, 'htmlAndMathml by default');
  assert.ok(seen.katexFont, "KaTeX's fonts load from pkg/fonts");
  assert.match(seen.katexCss, /KaTeX_Main/, "KaTeX's stylesheet comes with mathdown.css");
  assert.equal(seen.displayInCell, 'block', 'a display formula in a table cell is a block');
}

test('a plain ES module page renders math with only pkg/ files', async () => {
  const { page, problems } = await open(browser.context, `${base}plain/`);
  assertRendered(await survey(page, '#out'));
  assert.deepEqual(problems, []);
  await page.close();
});

test("math renders under script-src 'self' 'wasm-unsafe-eval' (no eval anywhere)", async () => {
  const { page, problems } = await open(browser.context, `${base}csp/`, (page) =>
    // Injected through the devtools protocol, which the policy does not govern: it records
    // every violation from the first byte on.
    page.addInitScript(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    }),
  );
  assertRendered(await survey(page, '#out'));
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(problems, [], 'no CSP report or other error on the page');

  // The policy is in force, or the test would prove nothing: an inline script is refused.
  const refused = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { ran: window.inlineRan === true, violations: window.violations };
  });
  assert.equal(refused.ran, false);
  assert.match(refused.violations.join(), /script-src/);
  await page.close();
});
