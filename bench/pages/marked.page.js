// marked + marked-katex-extension + KaTeX, one bundle (bench/build/marked.js).
import { render, freshMacros } from '/bench/build/marked.js';
import { countKatex, install } from './common.js';

install({
  id: 'marked',
  kind: 'markdown',
  reset: freshMacros,
  toHtml: (input) => render(input.markdown),
  count: countKatex,
});
