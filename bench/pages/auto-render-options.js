// KaTeX auto-render's options for every page that runs it (auto-render.page.js, the
// first-screen pages of metrics/60-lazy-first-screen.mjs): the shared KaTeX options and
// every delimiter the corpus uses, `$$` before `$`. Bare environments: the top-level ones
// the 40 posts have (equation, align, gather), plus KaTeX's other defaults.
import { katexOptions } from './katex-options.js';

const env = (name) => ({ left: `\\begin{${name}}`, right: `\\end{${name}}`, display: true });
export const autoRenderOptions = {
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
