// The 1,000-formula page of the lazy-rendering test and of the first-screen benchmark
// (bench/metrics/60-lazy-first-screen.mjs): 200 sections, each a paragraph with four inline
// formulas and one display formula, TeX left in the HTML text as a blog serves it. `head`
// is what loads the renderer under test; with `labels`, every tenth display formula is a
// numbered equation referenced (forward) from the paragraph before it.

const SECTIONS = 200;

function section(i, labels) {
  const numbered = labels && i % 10 === 0;
  const ref = numbered ? ` (see $\\eqref{eq:s${i}}$)` : '';
  const display = numbered
    ? `\\begin{equation}\\int_0^{${i + 1}} x^{${i % 7}}\\,dx = \\frac{${i + 1}^{${(i % 7) + 1}}}{${(i % 7) + 1}} \\label{eq:s${i}}\\end{equation}`
    : `$$\\sum_{k=1}^{${i + 1}} \\frac{1}{k^2} \\le \\frac{\\pi^2}{6}, \\quad \\mathbf{v}_{${i}} = \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}$$`;
  return `<section>
<h2>Section ${i + 1}</h2>
<p>Let $x_{${i}} \\in \\mathbb{R}$ and $f(x) = e^{-x^2/${i + 2}}$; then $\\|f\\|_{${i % 4 + 1}} < \\infty$ and \\(\\alpha_{${i}} + \\beta\\) is bounded${ref}:</p>
<p>${display}</p>
<p>Prose between the formulas, long enough to wrap on a phone and take some room on a desktop screen, as real posts do.</p>
</section>`;
}

/** The page's HTML. */
export function lazyPage({ head, labels = false, title = '1,000 formulas' }) {
  const body = Array.from({ length: SECTIONS }, (_, i) => section(i, labels)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>body { font: 16px/1.5 serif; max-width: 42rem; margin: 0 auto; padding: 1rem; }</style>
${head}
</head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;
}

/** Formulas on the page: four inline and one display per section, and the references. */
export function lazyPageCounts({ labels = false } = {}) {
  const refs = labels ? SECTIONS / 10 : 0;
  return { inline: SECTIONS * 4 + refs, display: SECTIONS, total: SECTIONS * 5 + refs };
}
