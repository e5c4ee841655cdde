// markdown-it + markdown-it-texmath + KaTeX, one bundle (bench/build/markdown-it.js).
import { render, freshMacros } from '/bench/build/markdown-it.js';
import { countKatex, install } from './common.js';

install({
  id: 'markdown-it',
  kind: 'markdown',
  reset: freshMacros,
  toHtml: (input) => render(input.markdown),
  count: countKatex,
});
