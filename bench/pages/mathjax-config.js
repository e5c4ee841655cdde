// MathJax 3 configured like the blog's MathJax 2 (tex2jax delimiters, processEnvironments,
// AMS numbering), fonts from node_modules, no typeset at load: the harness starts it.
window.MathJax = {
  tex: {
    inlineMath: [['$', '$'], ['\\(', '\\)']],
    displayMath: [['$$', '$$'], ['\\[', '\\]']],
    processEscapes: true,
    processEnvironments: true,
    tags: 'ams',
  },
  chtml: { fontURL: '/node_modules/mathjax/es5/output/chtml/fonts/woff-v2' },
  options: { enableMenu: false },
  startup: { typeset: false },
};
