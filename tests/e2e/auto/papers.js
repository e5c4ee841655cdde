// A paper-listing page: the first 25 items are in the page, each "load more" click appends
// 25 more after a short network-like delay, as HTML with the TeX left in the text.
(function () {
  const list = document.getElementById('list');
  let next = 0;
  function item(i) {
    const div = document.createElement('div');
    div.className = 'paper';
    div.innerHTML =
      `<h3>Paper ${i}: bounds for $\\alpha_{${i}}$</h3>` +
      `<p>We show that $x_${i}^2 + y_${i}^2 \\le ${i}$ for all \\(n > ${i}\\), and that</p>` +
      `<p>$$\\sum_{k=1}^{${i}} \\frac{1}{k^2} < \\frac{\\pi^2}{6}$$</p>` +
      `<p>holds. The price is $${i} per copy.</p>`;
    return div;
  }
  function add(n) {
    const frag = document.createDocumentFragment();
    for (let k = 0; k < n; k++) frag.appendChild(item(next++));
    list.appendChild(frag);
  }
  add(25);
  window.loadMore = () =>
    new Promise((resolve) =>
      setTimeout(() => {
        add(25);
        resolve(next);
      }, 30),
    );
  document.getElementById('more').addEventListener('click', () => window.loadMore());
})();
