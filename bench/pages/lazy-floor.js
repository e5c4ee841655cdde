// The floor of the first-screen metric (metrics/60-lazy-first-screen.mjs): the least any
// translation-safe auto-render does in the task that finds the formulas, with nothing of
// mathdown's. On DOMContentLoaded it finds every formula of the 1,000-formula page with one
// regular expression (the page's three delimiters, each formula in one text node), reads
// where the first ones are from the layout the browser has (stopping after 32 below the
// fold, as mathdown does), draws those on screen with KaTeX (HTML only, as mathdown's first
// screen), and puts every other formula in a `translate="no"` placeholder with its TeX, one
// text node at a time. No Markdown scanner, no numbering, no observers, no MathML.
//
// mathdown's page is laid out before DOMContentLoaded (its module graph holds the event back
// long enough for the browser's first layout and paint), so every later layout is a
// re-layout. This page would reach DOMContentLoaded first, so it lays itself out when
// parsing ends (readyState "interactive", before the event, out of the clock): both clocks
// then hold the same re-layout of a page whose every paragraph changed.
(() => {
  document.addEventListener('readystatechange', () => {
    if (document.readyState === 'interactive') void document.body.offsetHeight;
  });
  const FORMULA = /\$\$([^]*?)\$\$|\$([^$]+?)\$|\\\(([^]*?)\\\)/g;
  const BELOW_THE_FOLD = 32;
  const options = (displayMode) => ({ displayMode, output: 'html', throwOnError: false, strict: 'ignore' });

  function placeholder(proto, display, tex, source) {
    const el = proto.cloneNode(false);
    if (display) el.className = 'mathdown-math mathdown-display notranslate mathdown-pending';
    el.setAttribute('data-tex', tex);
    el.textContent = source;
    return el;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const found = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest('script, style') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n; (n = walk.nextNode()); ) {
      if (!n.data.includes('$') && !n.data.includes('\\')) continue;
      for (const m of n.data.matchAll(FORMULA)) {
        const display = m[1] !== undefined;
        found.push({ node: n, start: m.index, end: m.index + m[0].length, tex: m[1] ?? m[2] ?? m[3], display });
      }
    }
    const range = document.createRange();
    let below = 0;
    for (const f of found) {
      if (below >= BELOW_THE_FOLD) break;
      range.setStart(f.node, f.start);
      range.setEnd(f.node, f.end);
      const r = range.getBoundingClientRect();
      f.onScreen = r.bottom >= 0 && r.top <= innerHeight;
      below = r.top > innerHeight ? below + 1 : 0;
    }
    const proto = document.createElement('span');
    proto.className = 'mathdown-math mathdown-inline notranslate mathdown-pending';
    proto.setAttribute('translate', 'no');
    let i = 0;
    while (i < found.length) {
      const node = found[i].node;
      const parts = [];
      let last = 0;
      for (; i < found.length && found[i].node === node; i++) {
        const f = found[i];
        if (f.start > last) parts.push(node.data.slice(last, f.start));
        const source = node.data.slice(f.start, f.end);
        const el = placeholder(proto, f.display, f.tex, source);
        if (f.onScreen) {
          el.classList.remove('mathdown-pending');
          el.innerHTML = katex.renderToString(f.tex, options(f.display));
        }
        parts.push(el);
        last = f.end;
      }
      if (last < node.data.length) parts.push(node.data.slice(last));
      node.replaceWith(...parts);
    }
    window.lazyBench.settle('floor');
  }, { once: true });
})();
