// The Renderer test page: the package and a few helpers the tests call in the page.
import init, * as mathdown from '/pkg/mathdown.js';

await init();

/** A page translator, as Chrome's does it: every text node outside translate="no" is
 *  wrapped in <font style="vertical-align: inherit;"> and its text is replaced (marked). */
function translate(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      !n.data.trim() || n.parentElement.closest('[translate="no"], font')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const t of nodes) {
    const outer = document.createElement('font');
    outer.setAttribute('style', 'vertical-align: inherit;');
    const inner = document.createElement('font');
    inner.setAttribute('style', 'vertical-align: inherit;');
    inner.textContent = `⟦${t.data}⟧`;
    outer.append(inner);
    t.replaceWith(outer);
  }
  return nodes.length;
}

/** The container's HTML with the translator's wrappers and marks taken out. */
function untranslated(root) {
  const copy = root.cloneNode(true);
  for (const f of [...copy.querySelectorAll('font')].reverse()) {
    if (!f.isConnected && !copy.contains(f)) continue;
    f.replaceWith(document.createTextNode(f.textContent.replace(/⟦([^⟧]*)⟧/g, '$1')));
  }
  copy.normalize();
  return copy.innerHTML;
}

/** What a fresh Renderer shows for `text` (normalised the same way). */
function fresh(text, options) {
  const div = document.createElement('div');
  document.body.append(div);
  const r = new mathdown.Renderer(div, options);
  r.update(text);
  r.destroy();
  div.normalize();
  const html = div.innerHTML;
  div.remove();
  return html;
}

window.t = { mathdown, translate, untranslated, fresh };
document.documentElement.dataset.ready = 'true';
