//! `Renderer`, the live-preview export: keeps a container in step with a Markdown source
//! that changes (`update`) or grows (`append`), re-rendering only the window of blocks an
//! edit touched ([`crate::incremental`]) and patching only the block elements whose key
//! changed ([`crate::dom::patch`]). Formulas come from the module's one KaTeX cache, so
//! retyping a paragraph redraws only the formulas that changed.
//!
//! No method panics: DOM and option failures come back as JS `Error`s, and every method
//! after `destroy()` throws one that says so.

use super::{figures, from_js, js_err, string_arg, with_cache};
use crate::document::Block;
use crate::dom::copy::CopyTex;
use crate::dom::fit::Fitter;
use crate::dom::guard::{classify, Guard};
use crate::dom::patch::Patcher;
use crate::dom::{self, element};
use crate::incremental::{Incremental, Splice};
use crate::stream;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::MutationRecord;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &str = r#"
/** What one `update` or `append` did. */
export interface RenderStats {
  /** Blocks in the document now (a pending formula counts as one). */
  blocks: number;
  /** Block elements drawn anew; every other block kept its DOM node. */
  patched: number;
  /** Formulas KaTeX drew. */
  rendered: number;
  /** Formulas taken from the formula cache. */
  cached: number;
  /** Milliseconds the call took, DOM patch included. */
  ms: number;
  /** The whole document was re-rendered (document-level constructs near the edit). */
  full: boolean;
}

/**
 * Live rendering into `container` (its previous content is replaced). Each block of the
 * document is one child element with a `data-mathdown-key` attribute; an update redraws
 * only the blocks whose output changed, so unchanged blocks keep their DOM nodes.
 * Wide formulas are fitted to the container as `fit()` does, unless `fit: false`. Copying
 * a selection puts each formula's TeX, with delimiters, in `text/plain`.
 * Throws like `render()` for bad options.
 */
export class Renderer {
  constructor(container: Element, options?: Options);
  /** Show `markdown`, a whole document. */
  update(markdown: string): RenderStats;
  /** Add `chunk` to the end (streaming). An unclosed `$$`, `\[` or `\begin{...}` at the
   *  end shows as a pending formula (`.mathdown-pending`) until its closer arrives; call
   *  `update(fullText)` at the end of a stream to render it as a finished document. */
  append(chunk: string): RenderStats;
  /** The block element holding the source position `offset` (UTF-16, as in a textarea). */
  blockAt(offset: number): Element | undefined;
  /** Disconnect the observers; the content stays. Every later call but `free()` throws. */
  destroy(): void;
  free(): void;
}
"#;

// Crossing into wasm, a string is re-encoded as UTF-8: 5 ms for the 800 KB corpus, more
// than the rest of a keystroke. So `update` compares the new string with the previous one
// in JS (js/helpers.js) and passes only what changed.
#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = mathdownDiff)]
    fn diff(prev: &JsValue, next: &JsValue) -> js_sys::Array;
}

/// Byte offset of UTF-16 offset `units` in `s` (clamped to its end).
fn utf16_to_byte(s: &str, units: usize) -> usize {
    let mut u = 0;
    for (i, c) in s.char_indices() {
        if u >= units {
            return i;
        }
        u += c.len_utf16();
    }
    s.len()
}

/// A repair budget between updates: a translator that keeps rewriting formulas despite
/// `translate="no"` must not make the guard and it loop forever.
const MAX_REPAIRS: usize = 1000;

struct Live {
    inc: Incremental,
    patcher: Patcher,
    /// Everything received; the DOM shows `inc.source()` (a prefix) plus `pending`.
    text: String,
    pending: Option<Block>,
    /// The JS string `text` was made from by the last `update` (`None` after `append`).
    prev_js: Option<JsValue>,
    /// The container's children were changed by someone else since the last patch.
    dirty: bool,
    repairs: usize,
}

#[wasm_bindgen(skip_typescript)]
pub struct Renderer {
    live: Option<(Rc<RefCell<Live>>, Guard)>,
    /// Option `fit` (default true): wide formulas fitted to the container, live.
    fitter: Option<Fitter>,
    /// Selections copy formulas as their TeX ([`crate::dom::copy`]).
    copy: Option<CopyTex>,
}

#[wasm_bindgen]
impl Renderer {
    #[wasm_bindgen(constructor)]
    pub fn new(container: &JsValue, options: &JsValue) -> Result<Renderer, JsError> {
        let container = element(container, "new Renderer(container)").map_err(js_err)?;
        let options = from_js(options, "options")?;
        let fit = options.fit.then_some(options.min_scale);
        container.replace_children_with_node_0();
        let live = Rc::new(RefCell::new(Live {
            inc: Incremental::new(options),
            patcher: Patcher::new(container.clone()).map_err(js_err)?,
            text: String::new(),
            pending: None,
            prev_js: None,
            dirty: false,
            repairs: 0,
        }));
        let weak: Weak<RefCell<Live>> = Rc::downgrade(&live);
        let guard = Guard::new(&container, move |records, observer| {
            if let Some(live) = weak.upgrade() {
                if let Ok(mut live) = live.try_borrow_mut() {
                    live.foreign(&records);
                    // Our repairs are not foreign changes.
                    observer.take_records();
                }
            }
        })
        .map_err(js_err)?;
        let fitter = fit
            .map(|min_scale| Fitter::new(&container, Some(min_scale)))
            .transpose()
            .map_err(js_err)?;
        Ok(Renderer {
            live: Some((live, guard)),
            fitter,
            copy: Some(CopyTex::new(&container).map_err(js_err)?),
        })
    }

    /// Show `markdown` as a whole, finished document.
    pub fn update(&mut self, markdown: &JsValue) -> Result<JsValue, JsError> {
        if !markdown.is_string() {
            string_arg(markdown, "update(markdown)")?;
        }
        let markdown = markdown.clone();
        self.run(move |live| {
            match live.prev_js.take() {
                Some(prev) => {
                    let d = diff(&prev, &markdown);
                    let num = |i: u32| d.get(i).as_f64().unwrap_or(0.0) as usize;
                    let middle = d.get(3).as_string().unwrap_or_default();
                    let start = utf16_to_byte(&live.text, num(0));
                    let end =
                        start + utf16_to_byte(&live.text[start..], num(1) - num(0).min(num(1)));
                    live.text.replace_range(start..end, &middle);
                }
                None => live.text = markdown.as_string().unwrap_or_default(),
            }
            live.prev_js = Some(markdown);
            (live.text.len(), None)
        })
    }

    /// Add `chunk` to the end of the document.
    pub fn append(&mut self, chunk: &JsValue) -> Result<JsValue, JsError> {
        let chunk = string_arg(chunk, "append(chunk)")?;
        self.run(|live| {
            live.prev_js = None;
            live.text.push_str(&chunk);
            let from = live.inc.clean_start(live.inc.source().len());
            let tail = stream::tail(&live.text, from, live.inc.options());
            (tail.head, tail.pending)
        })
    }

    /// The block element holding UTF-16 offset `offset` of the source.
    #[wasm_bindgen(js_name = blockAt)]
    pub fn block_at(&self, offset: &JsValue) -> Result<JsValue, JsError> {
        let offset = match offset.as_f64() {
            Some(n) if !n.is_nan() => n,
            _ => {
                return Err(JsError::new(&format!(
                    "mathdown: blockAt(offset) must be a number, got {}",
                    crate::dom::type_name(offset)
                )))
            }
        };
        let live = self.live()?.try_borrow().map_err(|_| busy())?;
        let mut units = 0.0;
        let mut byte = live.text.len();
        for (i, c) in live.text.char_indices() {
            if units >= offset {
                byte = i;
                break;
            }
            units += c.len_utf16() as f64;
        }
        let blocks = &live.inc.document().blocks;
        let i = if byte >= live.inc.source().len() && live.pending.is_some() {
            blocks.len()
        } else {
            blocks
                .partition_point(|b| b.range.start <= byte)
                .saturating_sub(1)
        };
        Ok(live
            .patcher
            .element(i)
            .map_or(JsValue::UNDEFINED, |e| e.clone().into()))
    }

    /// Disconnect every observer; the rendered content stays. Idempotent.
    pub fn destroy(&mut self) {
        self.live = None;
        self.fitter = None;
        self.copy = None;
    }
}

fn busy() -> JsError {
    JsError::new("mathdown: Renderer called from inside its own update")
}

impl Renderer {
    fn live(&self) -> Result<&Rc<RefCell<Live>>, JsError> {
        self.live.as_ref().map(|(l, _)| l).ok_or_else(|| {
            JsError::new("mathdown: this Renderer was destroyed (destroy() was called)")
        })
    }

    /// The common path of `update` and `append`: `next` sets the text and says how much of
    /// it to render as Markdown and which pending formula follows.
    fn run(
        &mut self,
        next: impl FnOnce(&mut Live) -> (usize, Option<String>),
    ) -> Result<JsValue, JsError> {
        let (live, guard) = self.live.as_ref().ok_or_else(|| {
            JsError::new("mathdown: this Renderer was destroyed (destroy() was called)")
        })?;
        let mut live = live.try_borrow_mut().map_err(|_| busy())?;
        let started = dom::now();
        // Foreign changes not yet delivered to the guard's callback.
        live.foreign(&guard.take_records());
        live.repairs = 0;
        let (head, pending) = next(&mut live);
        let head = head.min(live.text.len());
        let options = live.inc.options().clone();
        let live = &mut *live;
        let (splice, hits, misses) = with_cache(&options, |cache| {
            cache.take_stats();
            let splice = live.inc.update(&live.text[..head], cache);
            let (hits, misses) = cache.take_stats();
            (splice, hits, misses)
        })?;
        let splice = splice.map_err(|e| JsError::new(&format!("mathdown: {e}")))?;
        live.pending = pending.map(|tex| stream::pending_block(&tex, head..live.text.len()));
        let drawn = live.patch(&splice).map_err(js_err)?;
        // Our own mutations are not foreign changes.
        guard.take_records();
        let blocks = live.inc.document().blocks.len() + usize::from(live.pending.is_some());
        let stats = figures(&[
            ("blocks", (blocks as f64).into()),
            ("patched", (drawn as f64).into()),
            ("rendered", (misses as f64).into()),
            ("cached", (hits as f64).into()),
            ("ms", (dom::now() - started).into()),
            ("full", splice.full.is_some().into()),
        ])?;
        if let Some(fitter) = &self.fitter {
            // New formulas are measured and everything re-fitted in the next frame.
            fitter.changed();
        }
        Ok(stats)
    }
}

impl Live {
    /// Bring the DOM to the document; if foreign changes broke our view of the
    /// container, reconcile and try once more.
    fn patch(&mut self, splice: &Splice) -> Result<usize, JsValue> {
        if self.dirty {
            self.patcher.reconcile()?;
            self.dirty = false;
        }
        let blocks = &self.inc.document().blocks;
        let drawn = match self.patcher.apply(blocks, splice) {
            Ok(n) => n,
            Err(_) => {
                self.patcher.reconcile()?;
                let all = Splice {
                    start: 0,
                    removed: self.patcher.len(),
                    inserted: blocks.len(),
                    full: splice.full,
                };
                self.patcher.apply(blocks, &all)?
            }
        };
        Ok(drawn + self.patcher.set_pending(self.pending.as_ref())?)
    }

    /// Foreign mutations: note changes to the container's children, repair formulas.
    fn foreign(&mut self, records: &[MutationRecord]) {
        if records.is_empty() {
            return;
        }
        let damage = classify(self.patcher.container(), records);
        self.dirty |= damage.children;
        for root in damage.formulas {
            if self.repairs >= MAX_REPAIRS {
                return;
            }
            self.repairs += 1;
            let _ = self.repair(&root);
        }
        for block in damage.blocks {
            if let Some(i) = self.patcher.index_of(&block) {
                if let Some(b) = self.block(i).cloned() {
                    let _ = self.patcher.redraw(i, &b);
                }
            }
        }
    }

    fn block(&self, i: usize) -> Option<&Block> {
        let blocks = &self.inc.document().blocks;
        blocks
            .get(i)
            .or(self.pending.as_ref().filter(|_| i == blocks.len()))
    }

    /// Put back one damaged formula from its block's HTML (the whole block if its
    /// formulas no longer line up).
    fn repair(&mut self, root: &web_sys::Element) -> Result<(), JsValue> {
        let Some(block_el) = root.closest("[data-mathdown-key]")? else {
            return Ok(()); // already replaced
        };
        let Some(i) = self.patcher.index_of(&block_el) else {
            return Ok(());
        };
        let Some(block) = self.block(i).cloned() else {
            return Ok(());
        };
        let fresh = self.patcher.parse(&block.html)?;
        let live = block_el.query_selector_all(".mathdown-math")?;
        let want = fresh.query_selector_all(".mathdown-math")?;
        let n =
            (0..live.length()).find(|&k| live.item(k).is_some_and(|x| x.is_same_node(Some(root))));
        match (n, live.length() == want.length()) {
            (Some(n), true) => {
                if let Some(new) = want.item(n) {
                    let _ = root
                        .clone()
                        .dyn_into::<web_sys::Element>()
                        .map(|r| r.replace_with_with_node_1(&new));
                }
                Ok(())
            }
            _ => self.patcher.redraw(i, &block),
        }
    }
}
