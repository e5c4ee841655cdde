// The resize re-fit: a page of display formulas fitted by mathdown's fit(#out); the
// container's width changes once and the formulas are fitted again. Beside it, in the same
// page, the naive approach a page script takes: per formula, reset its size, measure it,
// set its size (every measurement after a write forces a layout).
import init, { render, fit } from '/pkg/mathdown.js';
import { out } from './common.js';

await init();
const frame = () => new Promise(requestAnimationFrame);
let handle = null;

/** Forces style and layout for the whole document. */
const layout = () => out.offsetHeight + document.body.scrollWidth;

window.refit = {
  /** Render `markdown` into #out at `width` px and let fit() settle. */
  async setup(markdown, width) {
    out.style.width = `${width}px`;
    out.innerHTML = render(markdown);
    layout(); // so the fonts the formulas use start loading; then wait for them
    await document.fonts.ready;
    handle = fit(out);
    for (let i = 0; i < 6; i++) await frame();
    const roots = out.querySelectorAll('.mathdown-display');
    return { formulas: roots.length, stats: handle.refit() };
  },
  /**
   * One resize to `width`, then mathdown's re-fit, synchronously: { ms, stats }. With
   * `split`, layout is forced before and after and timed apart, so `script` is the re-fit's
   * own script time (its reads then find layout clean). Without, the re-fit's first read
   * forces the one layout the resize needs (the caller counts layouts around this call;
   * the final read here adds one more, the layout the writes need).
   */
  mathdown(width, split) {
    out.style.width = `${width}px`;
    const t0 = performance.now();
    if (split) layout();
    const t1 = performance.now();
    const stats = handle.refit();
    const t2 = performance.now();
    layout();
    const t3 = performance.now();
    return { before: t1 - t0, script: t2 - t1, after: t3 - t2, ms: t3 - t0, stats };
  },
  /** A re-fit with nothing to change (reads only): ms. */
  idle() {
    layout();
    const t0 = performance.now();
    handle.refit();
    return performance.now() - t0;
  },
  /** The live path: resize, then wait for the ResizeObserver and the frame it schedules. */
  async live(width) {
    out.style.width = `${width}px`;
    for (let i = 0; i < 4; i++) await frame();
    return handle.refit().written;
  },
  /** Stop fitting, back to natural sizes (for the naive runs). */
  stop() {
    handle?.disconnect();
    handle = null;
    for (const r of out.querySelectorAll('.mathdown-math')) {
      r.style.removeProperty('font-size');
      r.classList.remove('mathdown-scroll');
    }
    layout();
  },
  /** The naive re-fit after a resize: reset, measure, set, formula by formula. */
  naive(width) {
    out.style.width = `${width}px`;
    const t0 = performance.now();
    let scaled = 0;
    for (const r of out.querySelectorAll('.mathdown-display')) {
      r.style.fontSize = '';
      const natural = r.scrollWidth;
      const available = r.clientWidth;
      if (natural > available) {
        r.style.fontSize = `${Math.max(0.5, Math.floor((available / natural) * 1000) / 1000)}em`;
        scaled++;
      }
    }
    const t1 = performance.now();
    layout();
    const t2 = performance.now();
    return { ms: t2 - t0, script: t1 - t0, scaled };
  },
};
document.documentElement.dataset.ready = '';
