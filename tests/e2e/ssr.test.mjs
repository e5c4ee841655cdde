// Node SSR: the README's loading lines, run as written in a Node >= 20 app that depends on
// the package, give the same HTML as the browser for the same input.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedApp, launch, open, pages, pkg, root, serve } from './helpers.mjs';

// The 40-post corpus: real math-blog Markdown, every kind of formula.
const corpus = join(root, '..', 'shared', 'corpus', 'kexue', 'all.md');
const inputs = { sample: join(pages, 'sample.md'), corpus };

/** The README's SSR code block (the ```js block that calls initSync). */
function readmeSnippet() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  const ssr = blocks.find((b) => b.includes('initSync(') && b.includes("from 'mathdown'"));
  assert.ok(ssr, 'README.md has a ```js block importing initSync from mathdown');
  return ssr;
}

let app, browser, server, base;

before(async () => {
  app = installedApp('node-app', {
    'ssr.mjs': `${readmeSnippet()}\nprocess.stdout.write(render(readFileSync(process.argv[2], 'utf8')));\n`,
  });
  ({ server, url: base } = await serve({ mounts: { '/pkg/': pkg, '/': pages } }));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `first difference at ${i}:\n node:    ${JSON.stringify(a.slice(i, i + 120))}\n browser: ${JSON.stringify(b.slice(i, i + 120))}`;
}

for (const [name, file] of Object.entries(inputs)) {
  test(`Node SSR gives the browser's HTML (${name})`, async () => {
    const markdown = readFileSync(file, 'utf8');
    const fromNode = execFileSync(process.execPath, ['ssr.mjs', file], {
      cwd: app,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.match(fromNode, /class="katex"/, 'Node output holds KaTeX markup');

    const { page, problems } = await open(browser.context, base);
    const fromBrowser = await page.evaluate(async (markdown) => {
      const { render } = await import('/pkg/mathdown.js');
      return render(markdown);
    }, markdown);
    await page.close();
    assert.deepEqual(problems, []);
    assert.equal(fromNode.length, fromBrowser.length, firstDifference(fromNode, fromBrowser));
    assert.ok(fromNode === fromBrowser, firstDifference(fromNode, fromBrowser));
  });
}
