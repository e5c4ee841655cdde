// Renders ?md=<url> (several, comma-separated) with the package and fits the result:
// window.fitPage = { handle, errors } for the test. ?fit=0 renders without fitting.
import init, { render, fit } from '/pkg/mathdown.js';

const errors = [];
addEventListener('error', (e) => errors.push(String(e.message)));
await init();
const params = new URLSearchParams(location.search);
const sources = await Promise.all(
  (params.get('md') ?? './fit-wide.md').split(',').map(async (u) => (await fetch(u)).text()),
);
const out = document.getElementById('out');
out.innerHTML = render(sources.join('\n\n'));
const handle = params.get('fit') === '0' ? null : fit(out);
window.fitPage = { handle, errors };
await document.fonts.ready;
document.documentElement.dataset.ready = 'true';
