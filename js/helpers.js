// The few functions the wasm module calls in JS, where doing the work in JS beats crossing
// into wasm for every node or character. One module, so a page fetches one file for them
// (wasm-bindgen copies it into pkg/snippets/ beside KaTeX's).

// Auto-render's tree walk (src/dom/text.rs): a crossing into wasm per node cost more than
// the whole scan (17 ms of a 1,000-formula page's 120). The walk is iterative, so no page is
// deep enough to overflow the stack. Comments and other non-text nodes end a run: text on
// either side of them was not written as one piece.
export function mathdownRuns(root, skip) {
  const out = [];
  let nodes = [];
  let math = false;
  const flush = () => {
    if (math) out.push(nodes);
    nodes = [];
    math = false;
  };
  const text = (n) => {
    nodes.push(n);
    if (!math && (n.data.includes('$') || n.data.includes('\\'))) math = true;
  };
  if (root.nodeType === 3) {
    text(root);
    flush();
    return out;
  }
  if (root.nodeType !== 1 || root.matches(skip)) return out;
  let n = root.firstChild;
  while (n) {
    let into = null;
    if (n.nodeType === 3) text(n);
    else if (n.nodeType === 1 && n.localName === 'br') nodes.push(n);
    else {
      flush();
      if (n.nodeType === 1 && n.firstChild && !n.matches(skip)) into = n.firstChild;
    }
    if (into) {
      n = into;
      continue;
    }
    while (n !== root && !n.nextSibling) {
      n = n.parentNode;
      flush();
    }
    if (n === root) break;
    n = n.nextSibling;
  }
  flush();
  return out;
}

// A run of several nodes placed with ranges (src/dom/text.rs `Run::place`): its last text
// node moves after `el`, the run's last new element, holding the text after it, as
// mathdownPlace does for a run of one node (a range that splits a text node leaves the node
// with the text before the cut). `original` is the text `last` had before the cut.
export function mathdownKeepLast(last, el, original) {
  if (last.isConnected && el.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_FOLLOWING) return;
  const next = el.nextSibling;
  const tail = next && next.nodeType === 3 ? next : null;
  const text = tail ? tail.data : '';
  if (last.isConnected) last.replaceWith(document.createTextNode(last.data));
  if (tail) tail.replaceWith(last);
  else el.after(last);
  keep(last, original, text);
}

// Lazy rendering's observer (src/dom/lazy.rs). A root margin only grows the viewport: a
// page's own scroller (a chat pane, an app shell) still cuts its content off at its edges.
// `scrollMargin` grows every scrollport on the way, the viewport's too, so where the browser
// has it, it is the whole margin (both at once would count the viewport's twice). A margin
// the browser cannot read throws its own `SyntaxError`. `near` gets the elements that came
// within the margin, once per batch of reports that holds any.
export function mathdownObserver(near, margin) {
  const scrolls = 'scrollMargin' in IntersectionObserver.prototype;
  const report = (entries) => {
    const came = entries.filter((e) => e.isIntersecting).map((e) => e.target);
    if (came.length) near(came);
  };
  return new IntersectionObserver(report, scrolls ? { scrollMargin: margin } : { rootMargin: margin });
}

export function mathdownShown(range) {
  const n = range.commonAncestorContainer;
  const el = n.nodeType === 1 ? n : n.parentElement;
  return !el || typeof el.checkVisibility !== 'function' || el.checkVisibility();
}

// The text a kept node had before its formulas went in front of it, as its writer knows it:
// a writer that sets the node's whole text each time (`node.data = all`, as framework text
// bindings do) gives it again, and mathdownStrip takes it off.
const placedBefore = new WeakMap();

function keep(node, original, tail) {
  placedBefore.set(node, (placedBefore.get(node) ?? '') + original.slice(0, original.length - tail.length));
  node.data = tail;
}

// A kept node's text changed: if it starts with what was placed before it, the writer wrote
// its whole text again, and only the rest is new.
export function mathdownStrip(node) {
  const before = placedBefore.get(node);
  if (before && node.data.startsWith(before)) node.data = node.data.slice(before.length);
}

// Auto-render's batch (src/dom/text.rs `Batch`): every single-text-node run of a scan placed
// in one crossing. `plan` holds per node its stretch count, then per stretch six numbers:
// start, TeX start, TeX end, end (UTF-16 offsets into the node's text), id and flags (1: a
// display formula, 2: the next element of `html`, a drawn formula). A placeholder is a clone
// of a prototype with the node's own text: its TeX in data-tex, its source as its text (the
// formula markup contract, src/page.rs `push_placeholder`). Each text node stays in the page,
// after the new nodes, holding the text after its last formula: a chat that keeps appending
// to it (`node.data += token`) then writes on after the formulas, not into a node that left
// the page or sits before them.
export function mathdownPlace(nodes, view, html) {
  // A copy: `view` is over wasm memory, which a synchronous callback could grow.
  const plan = view.slice();
  const template = document.createElement('template');
  template.innerHTML = html;
  let parsed = template.content.firstElementChild;
  let drawn = 0;
  for (let p = 0; p < plan.length; p += 1 + 6 * plan[p]) {
    for (let k = 0; k < plan[p]; k++) drawn += (plan[p + 1 + 6 * k + 5] & 2) >> 1;
  }
  if (template.content.childElementCount !== drawn) throw new Error('mathdown: drawn formulas did not parse one element each');
  const protos = ['inline', 'display'].map((kind) => {
    const el = document.createElement('span');
    el.className = `mathdown-math mathdown-${kind} notranslate mathdown-pending`;
    el.setAttribute('translate', 'no');
    return el;
  });
  const out = [];
  let p = 0;
  for (const node of nodes) {
    if (!node.parentNode) throw new Error('mathdown: a text node left the page while it was read');
    const text = node.data;
    const parts = [];
    let at = 0;
    for (let k = plan[p++]; k > 0; k--, p += 6) {
      const start = plan[p], end = plan[p + 3], flags = plan[p + 5];
      if (start > at) parts.push(text.slice(at, start));
      let el;
      if (flags & 2) {
        el = parsed;
        parsed = parsed.nextElementSibling;
      } else {
        el = protos[flags & 1].cloneNode(false);
        el.setAttribute('data-tex', text.slice(plan[p + 1], plan[p + 2]));
        el.setAttribute('data-mathdown-n', plan[p + 4]);
        el.textContent = text.slice(start, end);
      }
      parts.push(el);
      out.push(el);
      at = end;
    }
    node.before(...parts);
    keep(node, text, text.slice(at));
  }
  return out;
}

// src/dom/after_paint.rs: `callback` in the task after the next frame; returns what cancels it.
export function mathdownAfterPaint(callback) {
  let timer = 0;
  const frame = requestAnimationFrame((t) => { timer = setTimeout(callback, 0, t); });
  return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
}

// src/dom/fit.rs: a ResizeObserver on `el` that calls `width` with the content width
// reported last in each batch.
export function mathdownResizes(el, width) {
  const observer = new ResizeObserver((entries) => {
    if (entries.length) width(entries[entries.length - 1].contentRect.width);
  });
  observer.observe(el);
  return observer;
}

// Copy as TeX (src/dom/copy.rs says what it does). Elements after which plain text gets a
// blank line, as between Markdown blocks (their text would run together otherwise), and
// those after which it gets a line break.
const COPY_BLOCKS = 'p, div, li, h1, h2, h3, h4, h5, h6, blockquote, pre, table, ul, ol';
const COPY_LINES = 'br, tr';
// The formula root and display class of the markup contract (src/markup.rs).
const FORMULA = '.mathdown-math';
const DISPLAY = 'mathdown-display';

export function mathdownCopy(root, event) {
  try {
    copyTex(root, event);
  } catch {
    // An odd selection: the browser's own copy stays.
  }
}

function copyTex(root, event) {
  if (event.defaultPrevented || !event.clipboardData) return;
  const selection = getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
  const range = selection.getRangeAt(0).cloneRange();
  if (!range.intersectsNode(root)) return;
  const around = (n) => (n.nodeType === 1 ? n : n.parentElement)?.closest(FORMULA);
  const first = around(range.startContainer);
  if (first) range.setStartBefore(first);
  const last = around(range.endContainer);
  if (last) range.setEndAfter(last);
  const fragment = range.cloneContents();
  const formulas = fragment.querySelectorAll(FORMULA);
  if (formulas.length === 0) return;
  const holder = document.createElement('div');
  holder.append(fragment.cloneNode(true));
  for (const f of formulas) f.replaceWith(delimited(f.dataset.tex ?? '', f.classList.contains(DISPLAY)));
  for (const [selector, gap] of [[COPY_BLOCKS, '\n\n'], [COPY_LINES, '\n']]) {
    for (const b of fragment.querySelectorAll(selector)) b.after(gap);
  }
  // Nested blocks (a paragraph in a wrapper `div`) give several blank lines: one is enough.
  const text = fragment.textContent.replace(/^\n+|\n+$/g, '').replace(/\n{3,}/g, '\n\n');
  event.clipboardData.setData('text/plain', text);
  event.clipboardData.setData('text/html', holder.innerHTML);
  event.preventDefault();
}

// A formula as its author would type it again.
function delimited(tex, display) {
  if (display && tex.trimStart().startsWith('\\begin{')) return tex;
  return display ? `$$${tex}$$` : `$${tex}$`;
}

// src/dom/fit.rs: a MutationObserver that calls `changed` when nodes under `el` are added
// or removed (formulas drawn later, content loaded later).
export function mathdownChildren(el, changed) {
  const observer = new MutationObserver(() => changed(0));
  observer.observe(el, { childList: true, subtree: true });
  return observer;
}

// src/dom/quiet.rs: `callback` once `ms` have passed; returns what cancels it.
export function mathdownLater(callback, ms) {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
}

// Renderer.update (src/wasm/renderer.rs): crossing into wasm, a string is re-encoded as
// UTF-8 (5 ms for the 800 KB corpus), so only what changed is passed: the common prefix and
// suffix are found here, in UTF-16 code units, never splitting a surrogate pair.
export function mathdownDiff(a, b) {
  const n = Math.min(a.length, b.length);
  let s = 0;
  while (s < n && a.charCodeAt(s) === b.charCodeAt(s)) s++;
  if (s > 0 && (a.charCodeAt(s - 1) & 0xfc00) === 0xd800) s--;
  let e = 0;
  const max = n - s;
  while (e < max && a.charCodeAt(a.length - 1 - e) === b.charCodeAt(b.length - 1 - e)) e++;
  if (e > 0 && (a.charCodeAt(a.length - e) & 0xfc00) === 0xdc00) e--;
  return [s, a.length - e, b.length - e, b.slice(s, b.length - e)];
}
