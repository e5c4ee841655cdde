// A page translator that behaves like Chrome's: once on, it wraps every text node that is
// not inside translate="no" / .notranslate in two <font style="vertical-align: inherit;">
// with "translated" text, and keeps translating content that appears later, asynchronously
// (a MutationObserver plus a short delay). Turned on by `translator.start()`.
window.translator = (function () {
  const SKIP = 'script, style, textarea, code, pre, [translate="no"], .notranslate';
  let observer = null;
  let translated = 0;
  function skip(node) {
    const el = node.parentElement;
    return !el || el.closest(SKIP) || el.closest('font[data-translated]');
  }
  function translateTree(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.data.trim() && !skip(n)) nodes.push(n);
    }
    for (const n of nodes) {
      const outer = document.createElement('font');
      outer.style.verticalAlign = 'inherit';
      outer.dataset.translated = '';
      const inner = document.createElement('font');
      inner.style.verticalAlign = 'inherit';
      inner.textContent = `[fr] ${n.data.toUpperCase()}`;
      outer.appendChild(inner);
      n.replaceWith(outer);
      translated++;
    }
  }
  return {
    start() {
      if (observer) return;
      translateTree(document.body);
      observer = new MutationObserver((records) => {
        const added = records.flatMap((r) => [...r.addedNodes]);
        setTimeout(() => {
          for (const n of added) {
            if (!n.isConnected) continue;
            if (n.nodeType === Node.TEXT_NODE) {
              if (!skip(n) && n.data.trim()) translateTree(n.parentNode);
            } else if (n.nodeType === Node.ELEMENT_NODE && !n.closest(SKIP)) {
              translateTree(n);
            }
          }
        }, 20);
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    },
    get translated() {
      return translated;
    },
  };
})();
