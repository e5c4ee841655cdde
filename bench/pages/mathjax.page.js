// MathJax 3 (tex-chtml component) typesetting the page's HTML, TeX left in the text.
import { install } from './common.js';

await window.MathJax.startup.promise;
install({
  id: 'mathjax',
  kind: 'html',
  reset() {
    // Forget the previous typeset: its math items, equation numbers and labels.
    window.MathJax.typesetClear();
    window.MathJax.texReset();
  },
  render(input, out) {
    return window.MathJax.typesetPromise([out]);
  },
  count(root) {
    return {
      formulas: root.querySelectorAll('mjx-container').length,
      // A real error is an merror; an unknown macro (noundefined) is red text in the formula.
      errors: [...root.querySelectorAll('mjx-container')].filter((m) =>
        m.querySelector('mjx-merror, [style*="color: red"], [style*="color:red"]')).length,
    };
  },
});
