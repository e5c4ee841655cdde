// The demo page: a textarea and its preview, re-rendered on every input.
import init, { render } from './pkg/mathdown.js';

const sample = String.raw`# Markdown with math

Euler's identity $e^{i\pi} + 1 = 0$ sits inline; the Gaussian integral gets a line of its own:

$$
\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}
$$

| Name      | Formula                         |
|-----------|---------------------------------|
| Pythagoras | $a^2 + b^2 = c^2$              |
| Quadratic | $x = \frac{-b \pm \sqrt{b^2-4ac}}{2a}$ |

Markdown cannot eat the TeX: $a_1 * b_2 * c_3$ keeps its underscores and stars, and
\( \{x \mid x > 0\} \) keeps its braces.

A broken formula shows its source and KaTeX's message on hover: $\frac{1}$.
`;

const source = document.getElementById('source');
const preview = document.getElementById('preview');
const status = document.getElementById('status');

function update() {
  const started = performance.now();
  try {
    preview.innerHTML = render(source.value);
    status.textContent = `rendered in ${(performance.now() - started).toFixed(1)} ms`;
  } catch (e) {
    status.textContent = e.message;
  }
}

await init();
source.value = sample;
source.addEventListener('input', update);
update();
document.documentElement.dataset.ready = 'true';
