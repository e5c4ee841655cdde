// Renders sample.md with the package as a plain page would: import, init, render.
import init, { render } from '/pkg/mathdown.js';

await init();
const markdown = await (await fetch('./sample.md')).text();
document.getElementById('out').innerHTML = render(markdown);
document.documentElement.dataset.ready = 'true';
