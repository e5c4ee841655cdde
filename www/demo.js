// The demo: an editor beside a live preview. The preview is a mathdown Renderer, so a
// keystroke redraws only the blocks it touched; the stats line says how many.
import init, { Renderer } from './pkg/mathdown.js';

const STORE = 'mathdown-demo-source';
const WIDTH = 'mathdown-demo-width';

const source = document.getElementById('source');
const preview = document.getElementById('preview');
const status = document.getElementById('status');
const width = document.getElementById('width');
const file = document.getElementById('file');

await init();
let renderer = new Renderer(preview);
// After a renderer error the next edit starts a fresh Renderer: one that failed half way
// (a trap inside WebAssembly, say) may refuse every later call.
let failed = false;

function showStats(s) {
  status.textContent =
    `updated in ${s.ms.toFixed(1)} ms · ${s.patched} of ${s.blocks} blocks redrawn` +
    ` · formulas: ${s.rendered} rendered, ${s.cached} cached${s.full ? ' · full render' : ''}`;
}

// The editor's text is never touched here: a renderer that throws costs the preview, not
// the writing. The error is shown in the status line and the next edit tries again with a
// fresh Renderer; until one draws, the preview keeps what it showed.
function update() {
  let shown = null;
  try {
    if (failed) {
      shown = [...preview.childNodes];
      try {
        renderer.free();
      } catch {
        // Already unusable; nothing more to release.
      }
      renderer = window.mathdownDemo.renderer = new Renderer(preview);
    }
    const stats = renderer.update(source.value);
    failed = false;
    showStats(stats);
    status.classList.remove('error');
    window.mathdownDemo.last = stats;
  } catch (e) {
    failed = true;
    if (shown && !preview.hasChildNodes()) preview.replaceChildren(...shown);
    status.textContent = `The preview failed: ${e?.message ?? e}. Your text is kept and saved; the next edit tries again.`;
    status.classList.add('error');
  }
}

// Nothing is lost: the text is saved as it changes (after a short pause, since a long
// document is expensive to serialise on every keystroke) and whenever the page is hidden.
let saveTimer = 0;
function save() {
  clearTimeout(saveTimer);
  try {
    localStorage.setItem(STORE, source.value);
  } catch {
    status.textContent += ' · (not saved: storage is full or disabled)';
  }
}
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, 250);
}
addEventListener('pagehide', save);
document.addEventListener('visibilitychange', () => document.hidden && save());

// Scroll sync: the preview follows the block under the editor's cursor.
let syncQueued = false;
function syncScroll() {
  if (syncQueued) return;
  syncQueued = true;
  requestAnimationFrame(() => {
    syncQueued = false;
    let block;
    try {
      block = renderer.blockAt(source.selectionStart);
    } catch {
      return; // the renderer failed; update() shows why
    }
    if (!block) return;
    const top = block.offsetTop - preview.offsetTop;
    const bottom = top + block.offsetHeight;
    if (top < preview.scrollTop || bottom > preview.scrollTop + preview.clientHeight) {
      preview.scrollTop = Math.max(0, top - preview.clientHeight / 3);
    }
    preview.querySelector('.current')?.classList.remove('current');
    block.classList.add('current');
  });
}

function load(text) {
  source.value = text;
  update();
  save();
  source.setSelectionRange(0, 0);
  preview.scrollTop = 0;
}

async function openFile(f) {
  if (f) load(await f.text());
}

source.addEventListener('input', () => {
  saveSoon();
  update();
  syncScroll();
});
for (const ev of ['click', 'keyup', 'select']) source.addEventListener(ev, syncScroll);
file.addEventListener('change', () => openFile(file.files[0]));
document.getElementById('reset').addEventListener('click', async () => load(await sample()));
addEventListener('dragover', (e) => e.preventDefault());
addEventListener('drop', (e) => {
  e.preventDefault();
  openFile(e.dataTransfer?.files?.[0]);
});

// Preview width: the slider sets the preview's width, to see how wide formulas behave.
function setWidth(px) {
  width.value = px;
  document.documentElement.style.setProperty('--preview-width', `${px}px`);
  document.getElementById('width-value').textContent = `${px} px`;
}
width.addEventListener('input', () => {
  setWidth(width.value);
  localStorage.setItem(WIDTH, width.value);
});
setWidth(localStorage.getItem(WIDTH) ?? width.value);

async function sample() {
  const r = await fetch('./sample.md');
  return r.ok ? r.text() : '# mathdown\n\nThe sample document is missing: $x$.';
}

window.mathdownDemo = { renderer, update, save, last: null };
source.value = localStorage.getItem(STORE) ?? (await sample());
update();
document.documentElement.dataset.ready = 'true';
