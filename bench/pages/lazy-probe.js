// The clock of the first-screen metric (metrics/60-lazy-first-screen.mjs), inlined as the
// first script of each generated page's head (a classic script, so its DOMContentLoaded
// listener is registered before anything else runs). Every time is performance.now(): ms
// since navigation start.
//
// The system's page calls `lazyBench.settle(system)` where it believes rendering is done
// (mathdown: the `mathdown:ready` event; KaTeX: right after renderMathInElement returns;
// MathJax: its startup typeset resolved; the floor, pages/lazy-floor.js: when it is done).
// settle() forces one layout, reads the clock, then (untimed) checks the first screen: no
// raw TeX (`$`, `\(`, `\[`) left in the page text inside the viewport, no mathdown
// placeholder still pending inside it, and at least one drawn formula in it. If the check
// fails it polls once per animation frame (layout forced, clock read, check) until it holds.
// The clock starts at the DOMContentLoaded listener registered first on window in the
// capture phase, the very start of the event's dispatch: MathJax typesets from its own
// capturing listener on window, mathdown and KaTeX auto-render from later listeners. `lazyBench.result` resolves to the figures.
(() => {
  const FORMULA = '.mathdown-math, .katex, .katex-display, mjx-container';
  const SKIP = `${FORMULA}, script, style, head`;
  const drawnSelector = {
    mathdown: '.mathdown-math:not(.mathdown-pending)',
    floor: '.mathdown-math:not(.mathdown-pending)',
    'auto-render': '.katex',
    mathjax: 'mjx-container',
  };
  const r = { dcl: null, ready: null, done: null, painted: null, polls: 0 };
  let resolve;
  const result = new Promise((res) => { resolve = res; });
  // On window, capturing: the first listener of the whole dispatch (MathJax listens there too).
  window.addEventListener('DOMContentLoaded', () => { r.dcl = performance.now(); }, { once: true, capture: true });

  const inView = (b) => (b.width > 0 || b.height > 0) && b.bottom > 0 && b.top < innerHeight && b.right > 0 && b.left < innerWidth;
  const layout = () => document.body.offsetHeight;

  /** The first screen, now: formulas drawn in it, placeholders pending in it, raw TeX text in it. */
  function firstScreen(system) {
    const drawn = [...document.querySelectorAll(drawnSelector[system])]
      .filter((e) => (drawnSelector[system] !== drawnSelector.mathdown || e.querySelector('.katex')) && inView(e.getBoundingClientRect()));
    const pending = [...document.querySelectorAll('.mathdown-pending')]
      .filter((e) => inView(e.getBoundingClientRect())).length;
    let raw = 0;
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.nodeType === 1 ? (n.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP)
        : /\$|\\\(|\\\[/.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
    const range = document.createRange();
    for (let n; (n = walk.nextNode()); ) {
      range.selectNodeContents(n);
      if ([...range.getClientRects()].some(inView)) raw++;
    }
    return { drawn: drawn.length, pending, raw, ok: drawn.length > 0 && pending === 0 && raw === 0 };
  }

  let settling = false;
  function settle(system) {
    if (settling) return;
    settling = true;
    r.system = system;
    r.ready = performance.now();
    const attempt = () => {
      layout();
      const t = performance.now();
      const screen = firstScreen(system);
      if (!screen.ok) {
        r.polls++;
        if (t - r.ready > 60_000) return resolve({ ...r, error: `first screen not rendered after 60 s: ${JSON.stringify(screen)}` });
        requestAnimationFrame(attempt);
        return;
      }
      r.done = t;
      r.screen = screen;
      r.fonts = document.fonts.status;
      r.stats = window.mathdownAuto?.stats();
      const nav = performance.getEntriesByType('navigation')[0];
      r.nav = { domInteractive: nav?.domInteractive, domContentLoadedEventStart: nav?.domContentLoadedEventStart };
      r.wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd ?? null;
      r.total = document.querySelectorAll(drawnSelector[system]).length;
      // The frame that paints it: the next animation frame, then the task after it.
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          r.painted = performance.now();
          r.after = firstScreen(system);
          resolve(r);
        };
        ch.port2.postMessage(0);
      });
    };
    attempt();
  }

  window.lazyBench = { settle, result, firstScreen, figures: r };
  document.addEventListener('mathdown:ready', () => settle('mathdown'), { once: true });
})();
