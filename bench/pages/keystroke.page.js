// The live-preview keystroke: a mathdown Renderer on #out holds the whole document; one
// character is typed inside a paragraph with a formula; the clock runs from the call to
// update() until it returns with the DOM patched (`times`) and until that DOM is laid out
// (`laidOut`: the browser's layout of the whole page, which mathdown does not control).
import init, { Renderer } from '/pkg/mathdown.js';
import { layout, out } from './common.js';

await init();

/**
 * A paragraph in the middle of the document that holds inline math and nothing that makes
 * an update document-level (numbering, labels, references, macros): where a writer types.
 * Returns the offset just before its first `$`.
 */
function typingSpot(markdown) {
  const paras = [];
  const re = /(^|\n\n)([^\n][\s\S]*?)(?=\n\n|$)/g;
  for (let m; (m = re.exec(markdown)); ) {
    const text = m[2];
    const at = m.index + m[1].length;
    if (/^[#>|\-*\d`\\$<]/.test(text) || text.includes('\\begin') || text.includes('$$')) continue;
    if (/\\(label|ref|eqref|tag|newcommand|def|renewcommand)/.test(text)) continue;
    const dollar = text.indexOf('$');
    if (dollar > 0) paras.push(at + dollar);
  }
  return paras[Math.floor(paras.length / 2)];
}

window.keystroke = {
  /** Time `n` keystrokes; returns { times, first, stats } (ms). */
  run(markdown, n) {
    out.textContent = '';
    const renderer = new Renderer(out);
    const t0 = performance.now();
    renderer.update(markdown);
    layout();
    const first = performance.now() - t0;
    let text = markdown;
    let at = typingSpot(markdown);
    const times = [];
    const laidOut = [];
    const stats = [];
    for (let i = 0; i < n; i++) {
      // Type a letter, and every fourth keystroke a backspace, so the paragraph stays put.
      text = i % 4 === 3 ? text.slice(0, at - 1) + text.slice(at--) : text.slice(0, at) + 'x' + text.slice(at++);
      const s = performance.now();
      const st = renderer.update(text);
      const patched = performance.now();
      layout();
      times.push(patched - s);
      laidOut.push(performance.now() - s);
      stats.push(st);
    }
    const full = stats.filter((s) => s.full).length;
    const patched = Math.max(...stats.map((s) => s.patched));
    renderer.destroy();
    out.textContent = '';
    return { times, laidOut, first, full, patched, blocks: stats[0]?.blocks };
  },
};
document.documentElement.dataset.ready = 'true';
