// mathdown: pkg/ exactly as a plain page loads it (pkg/mathdown.js + pkg/mathdown.css).
import init, { render } from '/pkg/mathdown.js';
import { install } from './common.js';

await init();
install({
  id: 'mathdown',
  kind: 'markdown',
  toHtml: (input) => render(input.markdown),
  count(root) {
    return {
      formulas: root.querySelectorAll('.mathdown-math').length,
      errors: root.querySelectorAll('.mathdown-math.mathdown-error').length,
    };
  },
});
