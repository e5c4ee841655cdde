// KaTeX auto-render over the page's HTML, with the TeX left in the text.
import { freshMacros } from './katex-options.js';
import { autoRenderOptions as options } from './auto-render-options.js';
import { countKatex, install } from './common.js';

install({
  id: 'auto-render',
  kind: 'html',
  reset: freshMacros,
  render(input, out) {
    window.renderMathInElement(out, options);
  },
  count: countKatex,
});
