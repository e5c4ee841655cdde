// Shared by the end-to-end tests: Debian's Chromium driven by playwright-core, and the
// project's static server. No browser download: Playwright only drives /usr/bin/chromium.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, serve } from '../../scripts/serve.mjs';

export { root, serve };
// MATHDOWN_PKG: test a package built elsewhere (wasm-pack --out-dir + scripts/package.mjs pkg DIR).
export const pkg = process.env.MATHDOWN_PKG ?? join(root, 'pkg');
export const pages = join(root, 'tests', 'e2e', 'pages');
export const out = join(root, 'tests', 'e2e', 'out');

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A browser with a fresh profile; `close()` also removes the profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'mathdown-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: flags,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Open `url` in a new page and record what went wrong there: console errors, uncaught
 * exceptions, failed or 4xx/5xx requests. `prepare(page)` runs before the page loads.
 */
export async function open(context, url, prepare = async () => {}) {
  const page = await context.newPage();
  await prepare(page);
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(url);
  // Generous: a cold wasm compile on a loaded 2-core machine can take many seconds.
  await page.waitForSelector('html[data-ready]', { timeout: 120_000 });
  return { page, problems };
}

/** What a rendered page shows, counted in the page: formulas, errors, fonts. */
export function survey(page, selector = 'body') {
  return page.evaluate(async (selector) => {
    await document.fonts.ready;
    const root = document.querySelector(selector);
    const displayInCell = root.querySelector('td .mathdown-display, th .mathdown-display');
    return {
      katex: root.querySelectorAll('.mathdown-math > .katex, .mathdown-math > .katex-display').length,
      errors: root.querySelectorAll('.mathdown-math.mathdown-error').length,
      errorTitle: root.querySelector('.mathdown-error')?.getAttribute('title') ?? null,
      mathml: root.querySelectorAll('.katex-mathml math').length,
      katexFont: document.fonts.check('16px KaTeX_Main'),
      katexCss: getComputedStyle(root.querySelector('.katex')).fontFamily,
      displayInCell: displayInCell ? getComputedStyle(displayInCell).display : null,
    };
  }, selector);
}

/**
 * A fresh app folder under tests/e2e/out/ that has "installed" the package the way npm
 * would link it: node_modules/mathdown is pkg/. `files` maps names to contents.
 */
export function installedApp(name, files) {
  const app = join(out, name);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  symlinkSync(pkg, join(app, 'node_modules', 'mathdown'), 'dir');
  writeFileSync(join(app, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [file, text] of Object.entries(files)) writeFileSync(join(app, file), text);
  return app;
}
