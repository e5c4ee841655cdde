// mathdown on any page, with one tag:
//
//   <link rel="stylesheet" href="/mathdown/mathdown.css">
//   <script type="module" src="/mathdown/mathdown-auto.js"></script>
//
// Once the DOM is ready (and the wasm module loaded), `autoRender(document.body, config)`
// runs. `config` is `window.mathdownConfig` (set before this script), overridden by the
// script tag's data- attributes: data-lazy-margin="50%" is `lazyMargin: "50%"`; "true",
// "false" and numbers are read as such; data-dollar, data-double-dollar, data-paren,
// data-bracket, data-environments and data-strict-dollar set `delimiters`. A config with
// `root` (an Element or a selector) renders only that element.
//
// The handle is `window.mathdownAuto` (call `disconnect()` on it to stop), and a
// `mathdown:ready` event with the handle as `detail` is dispatched on `document`. A bad
// option is reported on the console as the `Error` autoRender threw.
import init, { autoRender } from './mathdown.js';

const DELIMITERS = ['dollar', 'doubleDollar', 'paren', 'bracket', 'environments', 'strictDollar'];
// The other options a data- attribute sets: autoRender's own, `root`, and the renderer's
// that take a string, number or boolean (tests/wasm_katex.rs checks this list against the
// wasm's). Any other data- attribute on the tag belongs to someone else (`data-turbo-track`,
// Cloudflare's `data-cfasync`) and is left alone: read as an option, it stopped the page.
const OPTIONS = ['ignore', 'lazy', 'lazyMargin', 'markdown', 'copyTex', 'root', 'html', 'headingIds',
  'maxInputBytes', 'maxTexLength', 'compat', 'numbering', 'leqno', 'output', 'maxExpand', 'maxSize',
  'strict', 'fit', 'minScale'];
// Options whose value is text even when it looks like a number (`data-lazy-margin="0"`).
const TEXT = ['ignore', 'lazyMargin', 'root', 'html', 'compat', 'numbering', 'output', 'strict'];

function value(key, text) {
  if (TEXT.includes(key)) return text;
  if (text === 'true' || text === '') return true;
  if (text === 'false') return false;
  if (text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

// The script element that loaded this module (`document.currentScript` is null in modules).
// After a redirect (a CDN's unversioned URL) `import.meta.url` is where it ended, not the
// tag's `src`: then the one module tag whose path ends in this file's name is it.
function ownTag() {
  const self = import.meta.url;
  const tags = [...document.querySelectorAll('script[type="module"][src]')];
  const exact = tags.find((s) => s.src === self);
  if (exact) return exact;
  // The path's last part, by hand: `new URL` throws on a page's odd `src`.
  const name = (url) => url.split(/[?#]/)[0].split('/').pop();
  const file = name(self);
  const named = tags.filter((s) => name(s.src) === file);
  return named.length === 1 ? named[0] : undefined;
}

// `window.mathdownConfig` as the page set it. An element with that id (or two: a comment's
// footnote `[^mathdownConfig]` written twice) is `window.mathdownConfig` too, by the
// browser's named access on `window`; read as options, it made every formula wait. Such a
// value is no configuration: it is reported and left out, and the page renders with the
// defaults.
function pageConfig() {
  const base = globalThis.mathdownConfig;
  if (base === undefined || base === null) return {};
  const clobbered = (typeof Node === 'function' && base instanceof Node) ||
    (typeof HTMLCollection === 'function' && base instanceof HTMLCollection);
  if (clobbered) {
    console.warn('mathdown: window.mathdownConfig is an element of the page (id="mathdownConfig"), not options: ignored');
    return {};
  }
  if (typeof base !== 'object') {
    throw new Error(`mathdown: window.mathdownConfig must be an object of options, not ${typeof base}`);
  }
  return base;
}

function config() {
  const base = pageConfig();
  const out = { ...base, delimiters: { ...(base.delimiters ?? {}) } };
  const tag = ownTag();
  for (const [key, text] of Object.entries(tag ? tag.dataset : {})) {
    if (DELIMITERS.includes(key)) out.delimiters[key] = value(key, text);
    else if (OPTIONS.includes(key)) out[key] = value(key, text);
  }
  if (Object.keys(out.delimiters).length === 0) delete out.delimiters;
  return out;
}

function domReady() {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}

async function start() {
  await Promise.all([init(), domReady()]);
  const { root = document.body, ...options } = config();
  const el = typeof root === 'string' ? document.querySelector(root) : root;
  if (!el) throw new Error(`mathdown: root ${JSON.stringify(root)} matches no element`);
  const handle = autoRender(el, options);
  globalThis.mathdownAuto = handle;
  document.dispatchEvent(new CustomEvent('mathdown:ready', { detail: handle }));
}

// Loaded twice (two tags, or one URL with `?v=2`), each copy would auto-render the page on
// its own, and the second take over `window.mathdownAuto`. The first copy does the work.
const RUNNING = Symbol.for('mathdown.autoRender');
if (globalThis[RUNNING]) {
  console.warn('mathdown: mathdown-auto.js is loaded twice on this page; the second copy does nothing');
} else {
  globalThis[RUNNING] = true;
  start().catch((e) => console.error(e));
}
