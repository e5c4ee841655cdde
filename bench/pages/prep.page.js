// Derives every system's input from one Markdown text, with mathdown (untimed):
//   finalHtml  mathdown's output (the floor puts it in the DOM)
//   formulas   distinct [tex, display] pairs in document order (the floor draws each once)
//   html       the same posts as an HTML page with the TeX left in the text, each formula
//              under the delimiter it was written with, for the auto-render peers
//   guard      mathdown's error boxes whose TeX KaTeX itself draws without error
import init, { render } from '/pkg/mathdown.js';

await init();
const { renderToString } = await import(new URLSearchParams(location.search).get('katex'));

// The delimiters a formula was written with, read back from the source at its position.
function delimiters(markdown, at, tex, display) {
  const before = (s) => markdown.startsWith(s, at - s.length);
  const after = (s) => markdown.startsWith(s, at + tex.length);
  if (before('$$') && after('$$')) return ['$$', '$$'];
  if (before('$') && after('$')) return ['$', '$'];
  if (before('\\[') && after('\\]')) return ['\\[', '\\]'];
  if (before('\\(') && after('\\)')) return ['\\(', '\\)'];
  if (/^\\begin\{/.test(tex)) return ['', ''];
  return display ? ['\\[', '\\]'] : ['\\(', '\\)'];
}

window.prep = (markdown) => {
  const finalHtml = render(markdown);
  const template = document.createElement('template');
  template.innerHTML = finalHtml;
  const seen = new Set();
  const formulas = [];
  const guard = [];
  let errors = 0;
  let occurrences = 0;
  let cursor = 0;
  for (const el of template.content.querySelectorAll('.mathdown-math')) {
    const tex = el.dataset.tex;
    const display = el.classList.contains('mathdown-display');
    occurrences++;
    const key = `${display ? 'D' : 'I'}${tex}`;
    if (!seen.has(key)) {
      seen.add(key);
      formulas.push([tex, display]);
    }
    if (el.classList.contains('mathdown-error')) {
      errors++;
      try {
        renderToString(tex, { displayMode: display, throwOnError: true, strict: 'ignore', trust: false });
        guard.push({ tex, display, mathdown: el.title });
      } catch {
        // KaTeX raises it too: the error box is honest.
      }
    }
    const at = markdown.indexOf(tex, cursor);
    const [left, right] = at < 0 ? delimiters('', 0, tex, display) : delimiters(markdown, at, tex, display);
    if (at >= 0) cursor = at + tex.length;
    el.replaceWith(document.createTextNode(left + tex + right));
  }
  return {
    finalHtml,
    formulas,
    html: template.innerHTML,
    occurrences,
    errors,
    guard,
  };
};
document.documentElement.dataset.ready = '';
