// Smoke test of the benchmark harness (bench/): one small post, one round, the guard and
// the cold-render metric. It checks that every system's page loads and renders, not speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { root } from './helpers.mjs';

test('bench/run.mjs runs the guard and one metric for every system', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath, ['bench/run.mjs', '--quick', '--input', '3757', '--only', 'cold'],
    { cwd: root, timeout: 120_000 },
  );
  assert.match(stdout, /## correctness guard/);
  assert.match(stdout, /^\| post 3757 [^|]* \| 118 \| \d+ \| 0 \| 0 \|$/m, 'no error box KaTeX would not raise');
  assert.match(stdout, /## cold render/);
  for (const label of ['mathdown', 'marked \\+ marked-katex-extension', 'markdown-it \\+ markdown-it-texmath', 'KaTeX auto-render', 'MathJax 3 tex-chtml']) {
    assert.match(stdout, new RegExp(`^\\| ${label} \\| [\\d.]+ \\|`, 'm'), label);
  }
  assert.match(stdout, /^\| mathdown \|.*\| 118 \/ 118 \|$/m, 'mathdown draws every formula of the post');
});
