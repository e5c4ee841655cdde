// Placeholder: filled by issue 8 (auto-render with lazy rendering). See bench/README.md.
export const name = 'time to first screen, lazy rendering';
export const description =
  'DOMContentLoaded until every formula in the first screen is rendered, on a 1,000-formula page, beside KaTeX auto-render and MathJax 3.';
export const run = () => ({ markdown: 'n/a (issue 8)', data: null });
