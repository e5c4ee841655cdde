// Untrusted Markdown must not run script. Every vector in tests/xss/vectors.txt is
// rendered with the default options into a real Chromium page that watches for script in
// three independent ways: hooks on alert/confirm/prompt/print/fetch/XMLHttpRequest,
// a report-only Content-Security-Policy (any inline script, handler or eval that would run
// is reported), and probes that fire every event handler an element could carry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, pages, pkg, root, serve } from './helpers.mjs';

const vectors = readFileSync(join(root, 'tests', 'xss', 'vectors.txt'), 'utf8')
  .split(/^%%%$/m)
  .slice(1)
  .map((v) => v.replace(/^\n/, ''))
  .filter((v) => v.trim());

// Report-only: the page keeps working, but anything that would need inline script or
// eval is reported through `securitypolicyviolation`.
const policy = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
let browser, server, base;

before(async () => {
  ({ server, url: base } = await serve({
    mounts: { '/pkg/': pkg, '/plain/': pages },
    headers: () => ({ 'content-security-policy-report-only': policy }),
  }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test(`none of the ${vectors.length} XSS vectors runs script in default mode`, async () => {
  assert.ok(vectors.length >= 80, 'the corpus is loaded');
  const { page, problems } = await open(browser.context, `${base}plain/`, (page) =>
    page.addInitScript(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.violations.push(`${e.violatedDirective}: ${e.sample || e.blockedURI}`),
      );
    }),
  );
  const result = await page.evaluate(async (vectors) => {
    const { render } = await import('/pkg/mathdown.js');
    // Hooks go in after the page has loaded (it fetches its own sample) and before any
    // vector is rendered.
    window.executions = [];
    const record = (what) => (...args) => window.executions.push(`${what}(${args.join(',')})`);
    for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = record(name);
    window.fetch = record('fetch');
    XMLHttpRequest.prototype.open = record('xhr');
    // eval and Function are not hooked: Playwright's own page scripts call eval. The
    // report-only policy (no 'unsafe-eval') reports any eval a vector causes instead.
    const out = document.getElementById('out');
    const found = [];
    for (const [i, v] of vectors.entries()) {
      const box = document.createElement('section');
      box.dataset.vector = String(i);
      box.innerHTML = render(v);
      out.append(box);
      // Structural checks: no handler attribute, no scripting URL, no script element.
      for (const el of box.querySelectorAll('*')) {
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) found.push(`vector ${i}: ${el.tagName} has ${a.name}`);
          if (/^\s*(javascript|vbscript|data:text)/i.test(a.value) && /^(href|src|action|data|formaction)$/i.test(a.name)) {
            found.push(`vector ${i}: ${el.tagName} ${a.name}=${a.value}`);
          }
        }
        if (/^(SCRIPT|IFRAME|OBJECT|EMBED|BASE|META|LINK|FORM|STYLE|TEMPLATE)$/.test(el.tagName)) {
          found.push(`vector ${i}: a <${el.tagName.toLowerCase()}> element survived`);
        }
      }
    }
    // Probes: fire what a user could trigger on every element.
    for (const el of out.querySelectorAll('*')) {
      for (const type of ['mouseover', 'click', 'focus', 'toggle', 'error', 'load']) {
        el.dispatchEvent(new Event(type, { bubbles: true }));
      }
    }
    // Give images, frames and handlers time to fire.
    await new Promise((r) => setTimeout(r, 500));
    return { found, executions: window.executions, violations: window.violations };
  }, vectors);
  assert.deepEqual(result.executions, [], 'no hooked function was called');
  assert.deepEqual(result.violations, [], 'nothing needed inline script, eval or a plugin');
  assert.deepEqual(result.found, [], 'no handler, scripting URL or dangerous element in the DOM');
  // The vectors' own `src=x` images 404 (and say so in the console); anything else is a
  // real problem.
  const expected = (p) =>
    /HTTP 404: .*\/plain\/(x|x\.png)$/.test(p) ||
    /request failed: .*\/plain\/x/.test(p) ||
    p === 'console: Failed to load resource: the server responded with a status of 404 (Not Found)';
  assert.deepEqual(problems.filter((p) => !expected(p)), []);
  await page.close();
});
