// The benchmark harness: mathdown beside its peers, same inputs, same headless Chromium,
// one run. `make bench` (or `node bench/run.mjs`) after `make build`.
//
//   node bench/run.mjs                 every metric in bench/metrics/, in file-name order
//   node bench/run.mjs --quick         single posts only, one round: a smoke run (~1 min)
//   node bench/run.mjs --only cold,bytes   metrics whose file name contains one of these
//   node bench/run.mjs --input 10902   only these inputs (ids from lib/harness.mjs)
//
// Prints one Markdown section per metric, writes bench/results/<date>.json (raw figures)
// and bench/results/latest.md (the tables). Exits 1 when a metric fails (the guard).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../scripts/serve.mjs';
import { buildPeers } from './lib/build.mjs';
import { inputs, machine, start, systems, floor } from './lib/harness.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
if (quick) for (const i of inputs) i.rounds = 1;
const list = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1].split(',') : null);
const only = list('--only');
const pick = list('--input');

const dir = join(root, 'bench', 'metrics');
const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()
  .filter((f) => !only || f.startsWith('00-') || only.some((o) => f.includes(o)));

const started = new Date();
await buildPeers();
const ctx = await start({ quick, inputs: pick });
const failures = [];
ctx.fail = (message) => failures.push(message);
const chromium = ctx.browser.context.browser()?.version() ?? (await (async () => {
  const p = await ctx.browser.context.newPage();
  const v = await p.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1]);
  await p.close();
  return v;
})());

const report = {
  date: started.toISOString(),
  command: `node bench/run.mjs ${args.join(' ')}`.trim(),
  machine: { ...machine(), chromium },
  systems: [...systems, floor].map(({ id, label, kind, versions }) => ({ id, label, kind, versions })),
  inputs: ctx.inputs.map(({ id, label, file, expected, rounds }) => ({ id, label, file, expected, rounds })),
  metrics: {},
};
const sections = [
  `# mathdown benchmarks, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  `Machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGiB} GiB, ` +
    `Linux ${report.machine.kernel}, Node ${report.machine.node}, Chromium ${chromium} (headless); ` +
    `load average at start ${report.machine.loadavg.map((l) => l.toFixed(2)).join(' ')}. ` +
    `Versions: ${[...new Set(report.systems.flatMap((s) => Object.entries(s.versions).map(([p, v]) => `${p} ${v}`)))].join(', ')}.`,
];
try {
  for (const file of files) {
    const metric = await import(pathToFileURL(join(dir, file)));
    ctx.log(`[bench] ${file}: ${metric.name}`);
    const t0 = performance.now();
    const { markdown, data } = await metric.run(ctx);
    report.metrics[file.replace(/\.mjs$/, '')] = { name: metric.name, description: metric.description, data,
      seconds: (performance.now() - t0) / 1000 };
    const section = `## ${metric.name}\n\n${metric.description}\n\n${markdown}`;
    sections.push(section);
    console.log(`${section}\n`);
    if (failures.length) break;
  }
} finally {
  await ctx.close();
}
report.machine.loadavgAtEnd = machine().loadavg;
report.seconds = (Date.now() - started) / 1000;
report.failures = failures;
sections.push(`Command: \`make bench\` (${report.command}); ${report.seconds.toFixed(0)} s in all; load average at end ${report.machine.loadavgAtEnd.map((l) => l.toFixed(2)).join(' ')}.`);

const results = join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
const stamp = started.toISOString().replace(/[:.]/g, '-');
writeFileSync(join(results, `${stamp}.json`), JSON.stringify(report, null, 1) + '\n');
if (!quick && !only && !pick) writeFileSync(join(results, 'latest.md'), sections.join('\n\n') + '\n');
console.error(`[bench] wrote bench/results/${stamp}.json${quick || only || pick ? '' : ' and bench/results/latest.md'} (${report.seconds.toFixed(0)} s)`);
if (failures.length) {
  console.error(`[bench] FAILED:\n${failures.join('\n')}`);
  process.exit(1);
}
