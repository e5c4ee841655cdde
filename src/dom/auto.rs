//! Auto-render: TeX (and Markdown islands) already in a page's HTML, rendered where it
//! stands, kept intact under page translators, lazily drawn, and followed as content is
//! added later.
//!
//! The order of work is what makes it translation-safe. In the task that finds a formula,
//! its text is moved into a placeholder element with `translate="no"` and class
//! `notranslate` (the formula markup contract, plus `.mathdown-pending`) before anything
//! else happens, so no translator ever sees TeX as prose. The placeholder is drawn
//! (replaced by the formula's markup) at once if it is on screen, or when it comes within
//! the lazy margin. Numbers and references are computed for the whole page
//! ([`crate::page::Page`]) before anything is drawn, so drawing order does not matter.
//!
//! One `MutationObserver` on the root does two jobs: subtrees added by the page ("load
//! more", comments, a translator's `<font>` wrappers) are scanned, only they; a change inside
//! a formula (a translator or an extension that ignores `translate="no"`) is undone from the
//! page's record of that formula, in the same microtask. Our own changes are not foreign:
//! every piece of our own work first handles the foreign records queued before it, then
//! drops the records it caused.

use super::after_paint::AfterPaint;
use super::copy::CopyTex;
use super::fit::Fitter;
use super::guard::Guard;
use super::lazy::Lazy;
use super::listener::Listener;
use super::quiet::Quiet;
use super::text;
use crate::markup::{DISPLAY_CLASS, ERROR_CLASS, PENDING_CLASS};
use crate::mathml;
use crate::page::{self, Page, INDEX_ATTR, INDEX_SELECTOR};
use crate::scan::MathSpan;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget, HtmlTemplateElement, MutationRecord, Node};

/// Never scanned for TeX: code and other non-prose, editors, and what is already ours.
const SKIP: &str = "script, style, textarea, pre, code, noscript, option, svg, math, template, \
    [contenteditable]:not([contenteditable=\"false\"]), .mathdown-math, .mathdown-island, \
    [data-mathdown]";
/// Markdown islands: rendered as Markdown with math, in place.
const ISLANDS: &str = "[data-mathdown=\"markdown\"], script[type=\"text/markdown\"]";
/// Formulas come in document order, which is layout order on nearly every page: after
/// this many in a row below the viewport, the rest are left to the lazy observer without
/// reading where they are (1,000 reads cost more than the whole scan). On a page laid out
/// out of order, a formula on screen past that point is drawn one frame later.
const BELOW_THE_FOLD: usize = 32;
/// Repairs per formula: a translator that rewrites a formula however often it is restored
/// must not make it and the guard loop forever.
const MAX_REPAIRS: u8 = 8;
/// How long text being written into the page (a chat streaming tokens) must stay still
/// before a formula at its very end is taken as finished: `$$x^2$` may still become
/// `$$x^2$$`, and `$5-$` become `$5-$10`. Tokens come tens of milliseconds apart; a pause
/// this long means the writer is done or waiting, and the formula shows soon after.
const STREAM_QUIET_MS: u32 = 300;
/// The entries of formulas that left the page are dropped once they outnumber those on it by
/// this many. A chat that writes a message anew on every token leaves thousands, and every
/// page pass reads all of them; dropping them costs one pass, after at least this many
/// removals. A formula element that comes back after its entry was dropped is taken in as a
/// new formula ([`State::take_in`]).
const DROP_GONE_AFTER: usize = 256;

/// The next formula id ([`Formula::id`]), shared by every auto-render of the page: an
/// element moved from one root to another, or kept from an earlier instance, never carries
/// an id another formula has.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// `n` fresh formula ids: the first of them.
fn new_ids(n: usize) -> usize {
    NEXT_ID.fetch_add(n, Ordering::Relaxed)
}

/// The auto-render settings that are not about the Markdown or the math.
#[derive(Clone, Debug)]
pub struct AutoOptions {
    /// Elements (and their subtrees) left alone, a CSS selector.
    pub ignore: String,
    /// Draw formulas only as they come near the viewport.
    pub lazy: bool,
    /// How near, as an `IntersectionObserver` `rootMargin`.
    pub lazy_margin: String,
    /// Render `data-mathdown="markdown"` elements and `<script type="text/markdown">`.
    pub markdown: bool,
    /// Selections copy formulas as their TeX.
    pub copy_tex: bool,
}

impl Default for AutoOptions {
    fn default() -> Self {
        AutoOptions {
            ignore: ".mathdown-ignore, [data-mathdown-ignore]".to_string(),
            lazy: true,
            // One screen above and below: scrolling at reading speed never reaches a
            // formula before it is drawn.
            lazy_margin: "100% 0px".to_string(),
            markdown: true,
            copy_tex: true,
        }
    }
}

/// Draws formulas of the page (the markup of [`Page::html`]), each given as its index and
/// whether it stands inside one of the page's links.
pub type Draw = Box<dyn Fn(&Page, &[(usize, bool)]) -> Result<Vec<String>, JsValue>>;
/// Renders a Markdown island's source to HTML.
pub type Island = Box<dyn Fn(&str) -> Result<String, JsValue>>;

/// How far auto-render got, for tests and for pages that want to know.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub formulas: usize,
    pub drawn: usize,
    pub pending: usize,
    pub islands: usize,
    pub repairs: usize,
}

struct Formula {
    /// What its elements carry as [`INDEX_ATTR`]: given once, never reused, so an element
    /// that outlived its entry is never taken for another formula. Ids grow with the
    /// entries' order, so an entry is found by binary search.
    id: usize,
    /// Placeholder or drawn root; `None` once it left the page.
    el: Option<Element>,
    /// The text it was found as, delimiters included: a damaged placeholder gets it back.
    source: String,
    /// Found inside one of the page's links: drawn without a link of its own.
    in_link: bool,
    drawn: bool,
    repairs: u8,
}

struct State {
    doc: Document,
    root: Element,
    skip: String,
    options: AutoOptions,
    page: Page,
    /// Formula `i` of the page is `formulas[i]`.
    formulas: Vec<Formula>,
    draw: Draw,
    island: Island,
    islands: usize,
    repairs: usize,
    lazy: Option<Lazy>,
    guard: Option<Guard>,
    /// Formulas drawn in the task that found them (by id), and the MathML they get after the
    /// paint.
    mathml: Vec<(usize, String)>,
    after_paint: Option<AfterPaint>,
    /// Where text being written ends in a formula that may not be finished: read again once
    /// the writing stops ([`STREAM_QUIET_MS`]).
    held: Vec<Node>,
    settle: Option<Quiet>,
}

/// Auto-rendering `root` until dropped: dropping disconnects every observer and listener.
/// What was drawn stays; formulas not drawn yet stay placeholders with their TeX.
pub struct Auto {
    state: Rc<RefCell<State>>,
    _fitter: Option<Fitter>,
    _copy: Option<CopyTex>,
    _print: Vec<Listener>,
}

fn log(e: &JsValue) {
    web_sys::console::error_2(&"mathdown: auto-render:".into(), e);
}

/// Run `f` on the state if it is alive and not busy (a callback that finds it busy would be
/// re-entrant: impossible from the browser's own event loop).
fn with_state(weak: &Weak<RefCell<State>>, f: impl FnOnce(&mut State) -> Result<(), JsValue>) {
    if let Some(state) = weak.upgrade() {
        if let Ok(mut state) = state.try_borrow_mut() {
            if let Err(e) = f(&mut state) {
                log(&e);
            }
        }
    }
}

impl Auto {
    pub fn new(
        root: &Element,
        page: Page,
        options: AutoOptions,
        draw: Draw,
        island: Island,
    ) -> Result<Auto, JsValue> {
        let doc = super::document()?;
        let skip = format!("{SKIP}, {}", options.ignore);
        if let Err(e) = root.matches(&skip) {
            let why = super::message(&e);
            return Err(JsValue::from_str(&format!(
                "mathdown: invalid option `ignore`: {} is not a CSS selector ({why})",
                super::quoted(&options.ignore)
            )));
        }
        let fit = page.options().fit.then_some(page.options().min_scale);
        let state = Rc::new(RefCell::new(State {
            doc,
            root: root.clone(),
            skip,
            options,
            page,
            formulas: Vec::new(),
            draw,
            island,
            islands: 0,
            repairs: 0,
            lazy: None,
            guard: None,
            mathml: Vec::new(),
            after_paint: None,
            held: Vec::new(),
            settle: None,
        }));
        let weak = Rc::downgrade(&state);
        {
            let mut st = state.borrow_mut();
            if st.options.lazy {
                let w = weak.clone();
                let margin = st.options.lazy_margin.clone();
                st.lazy = Some(Lazy::new(&margin, move |near| {
                    with_state(&w, |s| s.own(|s| s.near(&near)))
                })?);
            }
            let w = weak.clone();
            st.after_paint = Some(AfterPaint::new(move || {
                with_state(&w, |s| s.own(State::fill_mathml))
            }));
            let w = weak.clone();
            st.settle = Some(Quiet::new(STREAM_QUIET_MS, move || {
                with_state(&w, |s| s.own(State::settle))
            }));
            let node: Node = root.clone().into();
            st.discover(&node, false)?;
            // Observing starts after the first scan, which is synchronous: nothing else can
            // change the page meanwhile, and its thousands of our own records are never made.
            let w = weak.clone();
            st.guard = Some(Guard::new(root, move |records, observer| {
                with_state(&w, |s| {
                    let out = s.foreign(&records);
                    observer.take_records();
                    out
                })
            })?);
        }
        let window: EventTarget = web_sys::window().ok_or("mathdown: no window")?.into();
        let mut print = Vec::new();
        // Printing cannot wait for formulas to scroll into view.
        let w = weak.clone();
        print.push(Listener::new(&window, "beforeprint", move |_| {
            with_state(&w, |s| s.own(State::draw_all))
        })?);
        if let Some(query) = web_sys::window().and_then(|w| w.match_media("print").ok().flatten()) {
            let w = weak.clone();
            let q = query.clone();
            print.push(Listener::new(&query.into(), "change", move |_| {
                if q.matches() {
                    with_state(&w, |s| s.own(State::draw_all))
                }
            })?);
        }
        let fitter = fit.map(|min| Fitter::new(root, Some(min))).transpose()?;
        let copy = if state.borrow().options.copy_tex {
            Some(CopyTex::new(root)?)
        } else {
            None
        };
        Ok(Auto {
            state,
            _fitter: fitter,
            _copy: copy,
            _print: print,
        })
    }

    /// Draw every formula not drawn yet, now.
    pub fn draw_all(&self) -> Result<(), JsValue> {
        self.state.borrow_mut().own(State::draw_all)
    }

    pub fn stats(&self) -> Stats {
        let st = self.state.borrow();
        let live = st.formulas.iter().filter(|f| f.el.is_some());
        let drawn = live.clone().filter(|f| f.drawn).count();
        Stats {
            formulas: st.formulas.len(),
            drawn,
            pending: live.count() - drawn,
            islands: st.islands,
            repairs: st.repairs,
        }
    }
}

/// What was drawn stays whole: MathML still held back goes in now.
impl Drop for Auto {
    fn drop(&mut self) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            if let Err(e) = state.own(State::fill_mathml) {
                log(&e);
            }
        }
    }
}

impl State {
    /// Our own work: foreign changes queued before it are handled first, and the records of
    /// what `f` changes are dropped.
    fn own(&mut self, f: impl FnOnce(&mut State) -> Result<(), JsValue>) -> Result<(), JsValue> {
        let queued = self.guard.as_ref().map(Guard::take_records);
        let before = match queued {
            Some(records) if !records.is_empty() => self.foreign(&records),
            _ => Ok(()),
        };
        let out = f(self);
        if let Some(guard) = &self.guard {
            guard.take_records();
        }
        before.and(out)
    }

    /// Find islands and formulas under `node`, and put each formula in: drawn if it is on
    /// screen, a placeholder otherwise.
    ///
    /// Where formulas are is read before anything is written, from the layout the browser
    /// already has (it laid the page out to paint it, so the reads are free), and the
    /// on-screen formulas go in drawn with the same write as the placeholders: the page is
    /// laid out once for both, not once to find the first screen and again to draw it.
    /// Those formulas go in without their MathML ([`mathml`]), which follows after the
    /// paint: the first screen is seen sooner, and a screen reader gets it a frame later.
    ///
    /// `writing`: the text under `node` is being written (it grew in place, or text nodes
    /// were appended): a formula with nothing but whitespace after it in its run may not be
    /// finished, so it is left as text and `node` read again once the writing pauses.
    fn discover(&mut self, node: &Node, writing: bool) -> Result<(), JsValue> {
        if self.options.markdown {
            self.islands(node)?;
        }
        let start = self.formulas.len();
        let runs = text::runs(node, &self.skip)?;
        let mut found: Vec<Vec<MathSpan>> = runs
            .iter()
            .map(|run| page::find(&run.text, &self.page.options().delimiters))
            .collect();
        if writing {
            let mut held = false;
            for (run, spans) in runs.iter().zip(&mut found) {
                let open_end = spans
                    .last()
                    .is_some_and(|s| run.text[s.range.end..].trim().is_empty());
                if open_end {
                    spans.pop();
                    held = true;
                }
            }
            if held {
                if !self.held.iter().any(|n| n.is_same_node(Some(node))) {
                    self.held.push(node.clone());
                }
                if let Some(settle) = &self.settle {
                    settle.restart();
                }
            }
        }
        let on_screen = match &self.lazy {
            Some(_) => self.on_screen(&runs, &found)?,
            None => vec![true; found.iter().map(Vec::len).sum()],
        };
        let changed = self.page.add(found.iter().flatten().cloned().collect());
        // Formula `start + k` gets id `first_id + k`.
        let first_id = new_ids(on_screen.len());
        // The formulas to draw now, with their run's link flag. A plain loop: the same with
        // iterator adapters made the wasm 813 bytes larger after gzip (`make size`).
        let mut now: Vec<(usize, bool)> = Vec::new();
        let mut k = 0;
        for (run, spans) in runs.iter().zip(&found) {
            for _ in spans {
                if on_screen[k] {
                    now.push((start + k, run.in_link));
                }
                k += 1;
            }
        }
        // Per new formula, its drawn markup if it is drawn now. A failed draw must not
        // leave TeX in the page's text: everything goes in as a placeholder then, and the
        // error is reported after.
        let mut drawn: Vec<Option<String>> = vec![None; on_screen.len()];
        let mut later: Vec<Option<String>> = vec![None; on_screen.len()];
        let failed = match (self.draw)(&self.page, &now) {
            Ok(html) if html.len() == now.len() => {
                for (&(i, _), html) in now.iter().zip(html) {
                    let split = mathml::split(&html).map(|(seen, m)| (seen, m.to_string()));
                    drawn[i - start] = Some(match split {
                        Some((seen, m)) => {
                            later[i - start] = Some(m);
                            seen
                        }
                        None => html,
                    });
                }
                None
            }
            Ok(_) => Some("mathdown: draw gave the wrong count".into()),
            Err(e) => Some(e),
        };
        let is_drawn: Vec<bool> = drawn.iter().map(Option::is_some).collect();
        let mut drawn = drawn.into_iter();
        let mut n = start;
        let mut batch = text::Batch::default();
        for (run, spans) in runs.iter().zip(&found) {
            let one_text = run.is_one_text();
            let stretches: Vec<_> = spans
                .iter()
                .zip(drawn.by_ref())
                .map(|(span, html)| {
                    let id = first_id + (n - start);
                    let anchors = self.page.anchors(n);
                    n += 1;
                    let place = match (html, tex_in(&run.text, span)) {
                        (Some(html), _) => text::Place::Html(html),
                        (None, Some(tex)) if one_text && anchors.is_empty() => {
                            text::Place::Placeholder {
                                id,
                                display: span.display(),
                                tex,
                            }
                        }
                        (None, _) => {
                            let mut html = String::new();
                            let source = &run.text[span.range.clone()];
                            page::push_placeholder(&mut html, id, span, source, anchors);
                            text::Place::Html(html)
                        }
                    };
                    (span.range.clone(), place)
                })
                .collect();
            batch.add(&self.doc, run, &stretches)?;
        }
        let placed = batch.finish()?;
        for ((run, spans), placed) in runs.iter().zip(&found).zip(placed) {
            for (span, el) in spans.iter().zip(placed) {
                let k = self.formulas.len() - start;
                let id = first_id + k;
                let drawn = is_drawn[k];
                if drawn {
                    el.set_attribute(INDEX_ATTR, &id.to_string())?;
                    if let Some(m) = later[k].take() {
                        self.mathml.push((id, m));
                    }
                } else if let Some(lazy) = &self.lazy {
                    lazy.observe(&el);
                }
                self.formulas.push(Formula {
                    id,
                    el: Some(el),
                    source: run.text[span.range.clone()].to_string(),
                    in_link: run.in_link,
                    drawn,
                    repairs: 0,
                });
            }
        }
        self.redraw(changed)?;
        if !self.mathml.is_empty() {
            if let Some(after) = &self.after_paint {
                after.schedule();
            }
        }
        failed.map_or(Ok(()), Err)
    }

    /// The MathML held back by [`State::discover`], into the formulas' empty `katex-mathml`
    /// spans. A formula drawn again since (numbers changed, a repair) has its own already.
    fn fill_mathml(&mut self) -> Result<(), JsValue> {
        for (id, mathml) in std::mem::take(&mut self.mathml) {
            let Some(el) = self.slot(id).and_then(|n| self.formulas[n].el.as_ref()) else {
                continue;
            };
            if let Some(span) = el.query_selector(".katex-mathml")? {
                if span.child_element_count() == 0 {
                    span.set_inner_html(&mathml);
                }
            }
        }
        Ok(())
    }

    /// Which of the formulas `found` in `runs` are on screen now, read from where their
    /// text is (before any of it is replaced).
    fn on_screen(&self, runs: &[text::Run], found: &[Vec<MathSpan>]) -> Result<Vec<bool>, JsValue> {
        let height = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let range = self.doc.create_range()?;
        let mut out = Vec::new();
        let mut below = 0;
        for (run, spans) in runs.iter().zip(found) {
            for span in spans {
                if below >= BELOW_THE_FOLD {
                    out.push(false);
                    continue;
                }
                let r = run.rect(&range, span.range.clone())?;
                // A formula in hidden content waits for the lazy observer, which draws it
                // when it is shown.
                let boxed = r.width() > 0.0 || r.height() > 0.0;
                let on = boxed && r.bottom() >= 0.0 && r.top() <= height && text::shown(&range);
                if !on && r.top() > height {
                    below += 1;
                } else if on {
                    below = 0;
                }
                out.push(on);
            }
        }
        Ok(out)
    }

    /// Placeholders that came near the viewport.
    fn near(&mut self, els: &[Element]) -> Result<(), JsValue> {
        let indices: Vec<usize> = els.iter().filter_map(|el| self.index_of(el)).collect();
        self.draw(&indices)
    }

    fn draw_all(&mut self) -> Result<(), JsValue> {
        // Everything now: text still being written is taken as it stands.
        self.settle()?;
        self.fill_mathml()?;
        let pending: Vec<usize> = (0..self.formulas.len())
            .filter(|&i| !self.formulas[i].drawn && self.formulas[i].el.is_some())
            .collect();
        self.draw(&pending)
    }

    /// The writing paused: formulas held back at the end of written text are finished.
    fn settle(&mut self) -> Result<(), JsValue> {
        for node in std::mem::take(&mut self.held) {
            if node.is_connected() && self.root.contains(Some(&node)) {
                self.discover(&node, false)?;
            }
        }
        Ok(())
    }

    /// Formula `n` if `el` is its current element.
    fn index_of(&self, el: &Element) -> Option<usize> {
        let n = self.slot(el.get_attribute(INDEX_ATTR)?.parse().ok()?)?;
        let f = &self.formulas[n];
        f.el.as_ref()?.is_same_node(Some(el)).then_some(n)
    }

    /// The formula whose elements carry `id`, if its entry is kept.
    fn slot(&self, id: usize) -> Option<usize> {
        self.formulas.binary_search_by_key(&id, |f| f.id).ok()
    }

    /// The drawn markup of formulas `placed` (index, inside a link), parsed: one root
    /// element each, in order.
    fn drawn(&self, placed: &[(usize, bool)]) -> Result<web_sys::DocumentFragment, JsValue> {
        let html = (self.draw)(&self.page, placed)?;
        let template: HtmlTemplateElement = self.doc.create_element("template")?.unchecked_into();
        template.set_inner_html(&html.concat());
        Ok(template.content())
    }

    /// Replace the elements of formulas `indices` with their drawn markup.
    fn draw(&mut self, indices: &[usize]) -> Result<(), JsValue> {
        let indices: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| self.formulas.get(i).is_some_and(|f| f.el.is_some()))
            .collect();
        if indices.is_empty() {
            return Ok(());
        }
        let placed: Vec<(usize, bool)> = indices
            .iter()
            .map(|&i| (i, self.formulas[i].in_link))
            .collect();
        let content = self.drawn(&placed)?;
        for &i in &indices {
            let Some(new) = content.first_element_child() else {
                break;
            };
            let f = &mut self.formulas[i];
            new.set_attribute(INDEX_ATTR, &f.id.to_string())?;
            if let Some(old) = f.el.take() {
                if let Some(lazy) = &self.lazy {
                    lazy.unobserve(&old);
                }
                old.replace_with_with_node_1(&new)?;
            }
            f.el = Some(new);
            f.drawn = true;
        }
        Ok(())
    }

    /// Changes someone else made under the root.
    fn foreign(&mut self, records: &[MutationRecord]) -> Result<(), JsValue> {
        let mut gone: Vec<usize> = Vec::new();
        let out = self.foreign_changes(records, &mut gone);
        // Even after a failure, what left the page stops counting: the page's record and
        // `formulas` must agree on which formulas are gone.
        let dropped = self.drop_gone(gone);
        out.and(dropped)
    }

    /// [`State::foreign`] but for the formulas that left the page, which go into `gone`.
    fn foreign_changes(
        &mut self,
        records: &[MutationRecord],
        gone: &mut Vec<usize>,
    ) -> Result<(), JsValue> {
        let mut damaged: Vec<usize> = Vec::new();
        // Subtrees to read, each with whether its text is being written (see `discover`).
        let mut added: Vec<(Node, bool)> = Vec::new();
        for r in records {
            let Some(target) = r.target() else { continue };
            let el = match target.dyn_ref::<Element>() {
                Some(el) => Some(el.clone()),
                None => target.parent_element(),
            };
            let formula = el
                .as_ref()
                .and_then(|el| el.closest(INDEX_SELECTOR).ok().flatten())
                .and_then(|f| self.index_of(&f));
            if let Some(n) = formula {
                if !damaged.contains(&n) {
                    damaged.push(n);
                }
                continue;
            }
            if r.type_() == "characterData" {
                // Text changed in place (a chat streaming into a node): read its run again.
                text::strip_placed(&target);
                if let Some(parent) = target.parent_node() {
                    add(&mut added, parent, true);
                }
                continue;
            }
            let removed = r.removed_nodes();
            for i in 0..removed.length() {
                if let Some(node) = removed.item(i) {
                    self.forget(&node, gone)?;
                }
            }
            let nodes = r.added_nodes();
            for i in 0..nodes.length() {
                let Some(node) = nodes.item(i) else { continue };
                // Added text (a chat appending tokens) may finish a formula that started in
                // the text beside it: read its whole run, from the parent.
                if node.node_type() == Node::TEXT_NODE {
                    add(&mut added, target.clone(), true);
                } else {
                    add(&mut added, node, false);
                }
            }
        }
        for n in damaged {
            self.repair(n)?;
        }
        for (node, writing) in added {
            if !node.is_connected() || !self.root.contains(Some(&node)) {
                continue;
            }
            let inside_skip = node
                .parent_element()
                .map(|p| p.closest(&self.skip))
                .transpose()?
                .flatten()
                .is_some();
            if inside_skip {
                continue;
            }
            self.adopt(&node)?;
            self.discover(&node, writing)?;
        }
        Ok(())
    }

    /// Formulas in a subtree that left the page: stop watching them, and add them to
    /// `gone`.
    fn forget(&mut self, node: &Node, gone: &mut Vec<usize>) -> Result<(), JsValue> {
        for el in formula_elements(node)? {
            if let Some(n) = self.index_of(&el) {
                if !el.is_connected() {
                    if let Some(lazy) = &self.lazy {
                        lazy.unobserve(&el);
                    }
                    self.formulas[n].el = None;
                    gone.push(n);
                }
            }
        }
        Ok(())
    }

    /// Formulas that left the page and did not come back in the same batch (a move) stop
    /// counting: a message written again (`innerHTML` set anew) numbers its equations from
    /// where they were, not after its own old copy. Each keeps its entry (its source, to
    /// count it again if it comes back) until [`DROP_GONE_AFTER`] says the entries go.
    fn drop_gone(&mut self, gone: Vec<usize>) -> Result<(), JsValue> {
        let gone: Vec<usize> = gone
            .into_iter()
            .filter(|&n| self.formulas[n].el.is_none())
            .collect();
        if gone.is_empty() {
            return Ok(());
        }
        let changed = self.page.remove(&gone);
        self.redraw(changed)?;
        let keep: Vec<bool> = self.formulas.iter().map(|f| f.el.is_some()).collect();
        let live = keep.iter().filter(|&&k| k).count();
        if keep.len() - live >= live + DROP_GONE_AFTER {
            // Every entry without an element was removed from the page above or in an
            // earlier batch, unless a failure came between: those are removed now, so the
            // formulas kept count as before.
            let stale: Vec<usize> = (0..keep.len())
                .filter(|&i| !keep[i] && !self.page.is_removed(i))
                .collect();
            let changed = self.page.remove(&stale);
            self.redraw(changed)?;
            self.page.retain(&keep);
            self.formulas.retain(|f| f.el.is_some());
        }
        Ok(())
    }

    /// Draw again those of `changed` that are drawn (numbers or references moved).
    fn redraw(&mut self, changed: Vec<usize>) -> Result<(), JsValue> {
        let drawn: Vec<usize> = changed
            .into_iter()
            .filter(|&i| self.formulas[i].drawn)
            .collect();
        self.draw(&drawn)
    }

    /// Formulas of ours in a subtree put (back) into the page: a moved paragraph. A copy of
    /// a placeholder (a carousel's cloned slide, a quoted comment) is drawn at once, as
    /// its original would be, and left to itself: the page's record is of the original.
    /// One whose entry was dropped ([`DROP_GONE_AFTER`]) is taken in as a new formula.
    fn adopt(&mut self, node: &Node) -> Result<(), JsValue> {
        let mut copies: Vec<(usize, Element)> = Vec::new();
        // Formulas that had stopped counting (gone in an earlier batch) and came back.
        let mut back: Vec<usize> = Vec::new();
        let mut strays: Vec<Element> = Vec::new();
        for el in formula_elements(node)? {
            let Some(id) = el
                .get_attribute(INDEX_ATTR)
                .and_then(|n| n.parse::<usize>().ok())
            else {
                continue;
            };
            let Some(n) = self.slot(id) else {
                strays.push(el);
                continue;
            };
            let f = &mut self.formulas[n];
            match &f.el {
                None => {
                    if !f.drawn {
                        if let Some(lazy) = &self.lazy {
                            lazy.observe(&el);
                        }
                    }
                    f.el = Some(el);
                    if self.page.is_removed(n) {
                        back.push(n);
                    }
                }
                Some(own)
                    if !own.is_same_node(Some(&el)) && el.class_list().contains(PENDING_CLASS) =>
                {
                    copies.push((n, el));
                }
                Some(_) => {}
            }
        }
        // Found again in their own source, delimiters and all: the same formulas as before,
        // put back in one pass over the page.
        let back: Vec<(usize, MathSpan)> = back
            .into_iter()
            .filter_map(|n| {
                let spans = page::find(&self.formulas[n].source, &self.page.options().delimiters);
                spans.into_iter().next().map(|span| (n, span))
            })
            .collect();
        if !back.is_empty() {
            let changed = self.page.restore(back);
            self.redraw(changed)?;
        }
        self.take_in(strays)?;
        if copies.is_empty() {
            return Ok(());
        }
        let placed: Vec<(usize, bool)> = copies
            .iter()
            .map(|(n, _)| (*n, self.formulas[*n].in_link))
            .collect();
        let content = self.drawn(&placed)?;
        for (_, copy) in copies {
            if let Some(new) = content.first_element_child() {
                copy.replace_with_with_node_1(&new)?;
            }
        }
        Ok(())
    }

    /// Formula elements of ours whose entries were dropped, back in the page (a tab kept
    /// aside while a chat wrote on): found again from their TeX and taken in as new
    /// formulas, numbered after those found so far as any content added later is, each
    /// keeping its element. A drawn one is drawn again (its number may have changed).
    fn take_in(&mut self, strays: Vec<Element>) -> Result<(), JsValue> {
        let delimiters = &self.page.options().delimiters;
        let mut spans = Vec::new();
        let mut found = Vec::new();
        for el in strays {
            let ignored = match el.parent_element() {
                Some(p) => p.closest(&self.skip)?.is_some(),
                None => true,
            };
            let tex = el.get_attribute("data-tex").unwrap_or_default();
            let display = el.class_list().contains(DISPLAY_CLASS);
            let pending = el.class_list().contains(PENDING_CLASS);
            // A placeholder shows its source; a drawn formula keeps only its TeX.
            let again = match el.text_content().filter(|_| pending) {
                Some(shown) => page::find(&shown, delimiters).pop().map(|s| (shown, s)),
                None => page::source_for(&tex, display, delimiters),
            };
            match again {
                Some((source, span)) if !ignored && span.tex == tex => {
                    spans.push(span);
                    found.push((el, source, pending));
                }
                _ => {}
            }
        }
        if found.is_empty() {
            return Ok(());
        }
        let start = self.formulas.len();
        let changed = self.page.add(spans);
        let first_id = new_ids(found.len());
        for (k, (el, source, pending)) in found.into_iter().enumerate() {
            let id = first_id + k;
            el.set_attribute(INDEX_ATTR, &id.to_string())?;
            if pending {
                if let Some(lazy) = &self.lazy {
                    lazy.observe(&el);
                }
            }
            let in_link = match el.parent_element() {
                Some(p) => p.closest("a")?.is_some(),
                None => false,
            };
            self.formulas.push(Formula {
                id,
                el: Some(el),
                source,
                in_link,
                drawn: !pending,
                repairs: 0,
            });
        }
        self.redraw(changed)?;
        let drawn: Vec<usize> = (start..self.formulas.len())
            .filter(|&i| self.formulas[i].drawn)
            .collect();
        self.draw(&drawn)
    }

    /// Undo a change inside formula `n`.
    fn repair(&mut self, n: usize) -> Result<(), JsValue> {
        let f = &mut self.formulas[n];
        if f.repairs >= MAX_REPAIRS {
            return Ok(());
        }
        f.repairs += 1;
        self.repairs += 1;
        if f.drawn {
            return self.draw(&[n]);
        }
        if let Some(el) = &f.el {
            let mut content = String::new();
            page::push_placeholder_content(&mut content, &f.source, self.page.anchors(n));
            el.set_inner_html(&content);
        }
        Ok(())
    }

    /// Render the Markdown islands under `node`.
    fn islands(&mut self, node: &Node) -> Result<(), JsValue> {
        let Some(el) = node.dyn_ref::<Element>() else {
            return Ok(());
        };
        let mut found = Vec::new();
        if el.matches(ISLANDS)? {
            found.push(el.clone());
        }
        let list = el.query_selector_all(ISLANDS)?;
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                found.push(e);
            }
        }
        for island in found {
            let ignored = match island.parent_element() {
                Some(p) => p.closest(&self.skip)?.is_some(),
                None => false,
            };
            if ignored {
                continue;
            }
            let src = page::dedent(&island.text_content().unwrap_or_default());
            if src.trim().is_empty() {
                // Not written yet (a page fills it later): rendered once it has content,
                // when the guard sees it arrive.
                continue;
            }
            let target = if island.tag_name().eq_ignore_ascii_case("script") {
                let div = self.doc.create_element("div")?;
                island.replace_with_with_node_1(&div)?;
                div
            } else {
                island
            };
            target.class_list().add_1("mathdown-island")?;
            target.set_attribute("data-mathdown", "rendered")?;
            match (self.island)(&src) {
                Ok(html) => target.set_inner_html(&html),
                Err(e) => {
                    // Too large to render: the source stays readable, the reason in the title.
                    target.class_list().add_1(ERROR_CLASS)?;
                    if let Some(msg) = e.as_string() {
                        target.set_attribute("title", &msg)?;
                    }
                    target.set_text_content(Some(&src));
                }
            }
            self.islands += 1;
        }
        Ok(())
    }
}

/// Where `span`'s TeX is in `text`: between its delimiters, which are as long on both
/// sides (`$`, `$$`, `\(`, `\[`, `` $` ``; none for a bare environment), if that is its
/// TeX as found.
fn tex_in(text: &str, span: &MathSpan) -> Option<std::ops::Range<usize>> {
    let r = &span.range;
    let side = (r.len().checked_sub(span.tex.len())?) / 2;
    let tex = r.start + side..r.end - side;
    (text.get(tex.clone())? == span.tex).then_some(tex)
}

/// `node` into `added` once; text being written into it (`writing`) wins over a plain add.
fn add(added: &mut Vec<(Node, bool)>, node: Node, writing: bool) {
    match added.iter_mut().find(|(n, _)| n.is_same_node(Some(&node))) {
        Some((_, w)) => *w |= writing,
        None => added.push((node, writing)),
    }
}

/// Our formula elements in `node`'s subtree, `node` included.
fn formula_elements(node: &Node) -> Result<Vec<Element>, JsValue> {
    let mut out = Vec::new();
    let Some(el) = node.dyn_ref::<Element>() else {
        return Ok(out);
    };
    if el.matches(INDEX_SELECTOR)? {
        out.push(el.clone());
    }
    let list = el.query_selector_all(INDEX_SELECTOR)?;
    for i in 0..list.length() {
        if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            out.push(e);
        }
    }
    Ok(out)
}
