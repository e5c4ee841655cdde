// KaTeX auto-render over the page's HTML, with the TeX left in the text.
import { katexOptions, freshMacros } from './katex-options.js';
import { countKatex, install } from './common.js';

// Every delimiter the corpus uses; `$$` before `$`. Bare environments: the top-level
// ones the 40 posts have (equation, align, gather), plus KaTeX's other defaults.
const env = (name) => ({ left: `\\begin{${name}}`, right: `\\end{${name}}`, display: true });
const options = {
  ...katexOptions,
  delimiters: [
    { left: '$$', right: '$$', display: true },
    { left: '$', right: '$', display: false },
    { left: '\\(', right: '\\)', display: false },
    { left: '\\[', right: '\\]', display: true },
    ...['equation', 'equation*', 'align', 'align*', 'alignat', 'gather', 'gather*', 'multline', 'CD'].map(env),
  ],
  errorCallback() {},
};

install({
  id: 'auto-render',
  kind: 'html',
  reset: freshMacros,
  render(input, out) {
    window.renderMathInElement(out, options);
  },
  count: countKatex,
});
