// What every system page gives the harness: `window.bench`, driven through page.evaluate.
//
//   bench.setInput(input)   once per page, untimed. input = { markdown, html, formulas, finalHtml }
//   bench.run()             one timed render into #out; resolves to { ms, split }
//   bench.count()           { formulas, errors } drawn in #out by this system
//
// The timed region of run() starts at the library entry (render() for a Markdown system,
// the auto-render call for an HTML system) and ends after the HTML is in the DOM and one
// forced layout. For an HTML system the page's own HTML (TeX left in the text) is put in
// place and laid out before the clock starts, as on a page that has loaded.
export const out = document.getElementById('out');

export function layout() {
  // Reading a layout property flushes style and layout for the whole document.
  return document.body.offsetHeight + out.getBoundingClientRect().height;
}

/**
 * system: { id, kind, count(out), reset?() } and, by kind,
 *   'markdown': toHtml(input) -> string; the page sets #out's innerHTML to it
 *   'html':     render(input, out), may return a promise (MathJax typesets asynchronously)
 * split: where the time went: html (toHtml), dom (innerHTML / the typeset), layout.
 */
export function install(system) {
  let input = null;
  let dirty = false;
  window.bench = {
    id: system.id,
    kind: system.kind,
    setInput(value) {
      input = value;
      dirty = true;
      return true;
    },
    async run() {
      if (!input) throw new Error('bench.setInput first');
      // Untimed: the previous output goes, and an HTML system gets its source page back.
      system.reset?.();
      if (system.kind === 'html') {
        out.innerHTML = input.html;
        layout();
      } else if (dirty || out.firstChild) {
        out.textContent = '';
        layout();
      }
      dirty = false;
      const t0 = performance.now();
      let t1 = t0;
      if (system.kind === 'markdown') {
        const html = system.toHtml(input);
        t1 = performance.now();
        out.innerHTML = html;
      } else {
        await system.render(input, out);
      }
      const t2 = performance.now();
      layout();
      const t3 = performance.now();
      return { ms: t3 - t0, split: { html: t1 - t0, dom: t2 - t1, layout: t3 - t2 } };
    },
    count() {
      return system.count(out);
    },
  };
  document.documentElement.dataset.ready = '';
}

/**
 * Formulas drawn by a KaTeX-based peer: every `.katex` root and KaTeX's error spans. With
 * throwOnError false KaTeX also draws an unknown command (`\label`) as red text inside
 * an otherwise rendered formula: such a formula counts as an error too.
 */
export function countKatex(root) {
  const failed = root.querySelectorAll('.katex-error').length;
  const katex = root.querySelectorAll('.katex');
  let red = 0;
  for (const k of katex) if (k.querySelector('[style*="#cc0000"], [style*="rgb(204, 0, 0)"]')) red++;
  return { formulas: katex.length + failed, errors: failed + red };
}
