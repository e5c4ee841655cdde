// The floor: what no KaTeX-based renderer can avoid. katex.renderToString once per distinct
// formula (the very KaTeX module mathdown loads, mathdown's KaTeX settings), then the final
// HTML (mathdown's output) into the DOM and one forced layout.
import { install } from './common.js';

const { renderToString } = await import(new URLSearchParams(location.search).get('katex'));
const base = { throwOnError: false, strict: 'ignore', output: 'htmlAndMathml', trust: false, globalGroup: true };
const inline = { ...base, displayMode: false };
const display = { ...base, displayMode: true };

install({
  id: 'floor',
  kind: 'markdown',
  toHtml(input) {
    inline.macros = display.macros = {};
    for (const [tex, isDisplay] of input.formulas) renderToString(tex, isDisplay ? display : inline);
    return input.finalHtml;
  },
  count(root) {
    return {
      formulas: root.querySelectorAll('.mathdown-math').length,
      errors: root.querySelectorAll('.mathdown-math.mathdown-error').length,
    };
  },
});
