//! Fitting wide formulas to their container, live: the DOM half of [`crate::fit`].
//!
//! A [`Fitter`] watches one container. It owns one `ResizeObserver` (on the container, not
//! on each formula), one `MutationObserver` (formulas added later: lazy rendering, a
//! `Renderer` update, the page's own `innerHTML`), a `document.fonts` `loadingdone`
//! listener, `beforeprint`/`afterprint` listeners and a `matchMedia('print')` listener, and
//! removes every one of them on drop (the closures are owned here: no `Closure::forget`).
//!
//! Each of those only *schedules* a pass in the next animation frame; a pass reads every
//! width first (one layout, if any was pending), then writes every `font-size`, so any
//! number of formulas costs one layout. Writing in a frame callback rather than in the
//! `ResizeObserver` callback is what keeps "ResizeObserver loop" errors away: the
//! container's height changes when its formulas shrink, and that change is only seen in
//! the next frame, where the width has not changed and nothing is written.
//!
//! A formula's natural width is measured once and cached in em of its own font size (so
//! it can be measured at any scale, and stays right when the page's font size changes at a
//! breakpoint); a re-fit never resets a formula to measure it again, so nothing flickers
//! and nothing oscillates. Fonts finishing loading re-measure (the widths really changed).
//!
//! Printing cannot run script at the page's print width, so on `beforeprint` (or when the
//! print media query starts matching) each formula gets a `font-size` that CSS computes at
//! print layout from the container's width (`100cqi`, the container becomes an
//! inline-size query container while printing), restored on `afterprint`.

use crate::fit::{self, Fit};
use crate::markup::{DISPLAY_CLASS, FITTED_SELECTOR};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventTarget, HtmlElement, MediaQueryList, MutationObserver, ResizeObserver,
    Window,
};

// The container's observers are made in JS, which hands over only what the fitter reads:
// the width reported last, and that children changed (a number, or nothing, instead of
// entry and record objects to read through bindings: a smaller module).
#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    // No `catch`: both constructors exist wherever the rest of auto-render runs, and an
    // error path for them cost the module 973 bytes gzipped (`make size`).
    #[wasm_bindgen(js_name = mathdownResizes)]
    fn js_resizes(el: &Element, width: &js_sys::Function) -> ResizeObserver;
    #[wasm_bindgen(js_name = mathdownChildren)]
    fn js_children(el: &Element, changed: &js_sys::Function) -> MutationObserver;
}

/// A formula is left alone when it or an ancestor matches this.
pub const OPT_OUT: &str = ".mathdown-nofit, [data-mathdown-fit=\"false\"]";
/// A formula at the floor that scrolls inside its own box.
pub const SCROLL_CLASS: &str = "mathdown-scroll";
/// On the container while printing: makes it the query container of `100cqi`.
pub const PRINT_CLASS: &str = "mathdown-fit-print";

/// What one pass did, for tests and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Formulas fitted (opted-out and error formulas not counted).
    pub formulas: u32,
    /// Formulas below scale 1 now.
    pub scaled: u32,
    /// Formulas at the floor, scrolling.
    pub scrolling: u32,
    /// Formulas whose size or class was written in this pass.
    pub written: u32,
    /// Formulas measured in this pass (new ones, or all after fonts loaded).
    pub measured: u32,
}

struct Formula {
    el: HtmlElement,
    display: bool,
    /// The root's first element child when measured: another one means new content.
    content: Option<Element>,
    /// The root's parent (its font size is the formula's at scale 1): index in `groups`.
    parent: usize,
    /// The nearest block around the formula (its content box is the width available):
    /// index in `groups`.
    block: usize,
    /// Natural width in em of the root's own font size; NaN until measured.
    natural_em: f64,
    /// The part of the natural width that does not scale (KaTeX's 2px struts), px.
    fixed: f64,
    /// Display: how much narrower the root's box is than its block's content box (its own
    /// margins and borders), measured with the natural width.
    inset: f64,
    /// What is written on the element now.
    written: Fit,
}

/// An element whose font size or content width formulas depend on; read once per pass
/// however many formulas share it (in a column of 1,000 display formulas, one read).
struct Group {
    el: Element,
    font: f64,
    width: f64,
}

struct State {
    formulas: Vec<Formula>,
    groups: Vec<Group>,
    /// Formulas were added or removed: list them again before the next pass.
    list_dirty: bool,
    /// Fonts loaded: every natural width is measured again.
    remeasure: bool,
    /// The pending animation frame.
    frame: Option<i32>,
    /// The container's inline size the `ResizeObserver` last reported.
    width: f64,
    printing: bool,
}

struct Inner {
    window: Window,
    container: Element,
    min_scale: f64,
    state: RefCell<State>,
    frame_callback: RefCell<Option<FrameCallback>>,
}

type Listener = Closure<dyn FnMut(Event)>;
type FrameCallback = Closure<dyn FnMut(f64)>;

/// Keeps the formulas inside one container fitted to it until dropped.
pub struct Fitter {
    inner: Rc<Inner>,
    resize: ResizeObserver,
    _on_resize: FrameCallback,
    mutations: MutationObserver,
    _on_mutation: FrameCallback,
    /// `(target, event type, listener)`, removed on drop.
    listeners: Vec<(EventTarget, &'static str, Listener)>,
}

impl Fitter {
    /// Start fitting the formulas in `container` (and `container` itself, if it is a
    /// formula root). `min_scale` is sanitised by [`fit::min_scale`]. The first pass runs
    /// in the next animation frame.
    pub fn new(container: &Element, min_scale: Option<f64>) -> Result<Fitter, JsValue> {
        let window = web_sys::window().ok_or("mathdown: fit() needs a browser window")?;
        let document = window
            .document()
            .ok_or("mathdown: fit() needs a document")?;
        let inner = Rc::new(Inner {
            window: window.clone(),
            container: container.clone(),
            min_scale: fit::min_scale(min_scale),
            state: RefCell::new(State {
                formulas: Vec::new(),
                groups: Vec::new(),
                list_dirty: true,
                remeasure: false,
                frame: None,
                width: f64::NAN,
                printing: false,
            }),
            frame_callback: RefCell::new(None),
        });
        let weak = Rc::downgrade(&inner);
        *inner.frame_callback.borrow_mut() = Some(Closure::new({
            let weak = weak.clone();
            move |_time: f64| {
                if let Some(inner) = weak.upgrade() {
                    inner.state.borrow_mut().frame = None;
                    // A pass that fails (an element gone mid-way) is retried on the next event.
                    let _ = inner.refit();
                }
            }
        }));

        let on_resize = FrameCallback::new({
            let weak = weak.clone();
            move |width: f64| {
                let Some(inner) = weak.upgrade() else { return };
                let changed = {
                    let mut st = inner.state.borrow_mut();
                    // Height changes (our own shrinking among them) need no re-fit.
                    let changed = width != st.width;
                    st.width = width;
                    changed
                };
                if changed {
                    inner.schedule();
                }
            }
        });
        let resize = js_resizes(container, on_resize.as_ref().unchecked_ref());

        let on_mutation = FrameCallback::new({
            let weak = weak.clone();
            move |_: f64| {
                if let Some(inner) = weak.upgrade() {
                    inner.state.borrow_mut().list_dirty = true;
                    inner.schedule();
                }
            }
        });
        let mutations = js_children(container, on_mutation.as_ref().unchecked_ref());

        let mut fitter = Fitter {
            inner: inner.clone(),
            resize,
            _on_resize: on_resize,
            mutations,
            _on_mutation: on_mutation,
            listeners: Vec::new(),
        };

        let fonts: EventTarget = document.fonts().into();
        fitter.listen(&fonts, "loadingdone", &weak, |inner| {
            inner.state.borrow_mut().remeasure = true;
            inner.schedule();
        })?;
        let win: EventTarget = window.clone().into();
        fitter.listen(&win, "beforeprint", &weak, |inner| {
            let _ = inner.enter_print();
        })?;
        fitter.listen(&win, "afterprint", &weak, |inner| {
            let _ = inner.exit_print();
        })?;
        if let Ok(Some(query)) = window.match_media("print") {
            let target: EventTarget = query.clone().into();
            let on_change = Closure::<dyn FnMut(Event)>::new({
                let weak = weak.clone();
                move |_e: Event| {
                    let Some(inner) = weak.upgrade() else { return };
                    let _ = if query_matches(&query) {
                        inner.enter_print()
                    } else {
                        inner.exit_print()
                    };
                }
            });
            target
                .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
            fitter.listeners.push((target, "change", on_change));
        }
        inner.schedule();
        Ok(fitter)
    }

    fn listen(
        &mut self,
        target: &EventTarget,
        kind: &'static str,
        weak: &Weak<Inner>,
        on: impl Fn(&Inner) + 'static,
    ) -> Result<(), JsValue> {
        let weak = weak.clone();
        let listener = Closure::<dyn FnMut(Event)>::new(move |_e: Event| {
            if let Some(inner) = weak.upgrade() {
                on(&inner);
            }
        });
        target.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())?;
        self.listeners.push((target.clone(), kind, listener));
        Ok(())
    }

    /// Fit now, synchronously (reads, then writes), instead of in the next frame.
    pub fn refit(&self) -> Result<Stats, JsValue> {
        self.inner.refit()
    }

    /// Fit in the next animation frame (several calls in one frame make one pass).
    pub fn schedule(&self) {
        self.inner.schedule();
    }

    /// Formulas were added, removed or redrawn: list and measure new ones in the next pass.
    /// (The `MutationObserver` notices this too; this is for callers that know already.)
    pub fn changed(&self) {
        self.inner.state.borrow_mut().list_dirty = true;
        self.inner.schedule();
    }
}

impl Drop for Fitter {
    fn drop(&mut self) {
        self.resize.disconnect();
        self.mutations.disconnect();
        for (target, kind, listener) in &self.listeners {
            let _ =
                target.remove_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
        }
        if let Some(frame) = self.inner.state.borrow_mut().frame.take() {
            let _ = self.inner.window.cancel_animation_frame(frame);
        }
        if self.inner.state.borrow().printing {
            let _ = self.inner.exit_print();
        }
        // The frame closure holds only a weak reference; dropping it here breaks nothing.
        self.inner.frame_callback.borrow_mut().take();
    }
}

fn query_matches(query: &MediaQueryList) -> bool {
    query.matches()
}

impl Inner {
    fn schedule(&self) {
        let mut st = self.state.borrow_mut();
        if st.frame.is_some() || st.printing {
            return;
        }
        if let Some(cb) = self.frame_callback.borrow().as_ref() {
            st.frame = self
                .window
                .request_animation_frame(cb.as_ref().unchecked_ref())
                .ok();
        }
    }

    fn style(&self, el: &Element) -> Option<web_sys::CssStyleDeclaration> {
        self.window.get_computed_style(el).ok().flatten()
    }

    /// The content-box width of `el` (no layout is forced if it is clean).
    fn content_width(&self, el: &Element, style: Option<&web_sys::CssStyleDeclaration>) -> f64 {
        f64::from(el.client_width()) - px(style, "padding-left") - px(style, "padding-right")
    }

    /// List the formulas again, keeping what is known about the ones still there, and
    /// group them by parent and by block. A formula that left the list (opted out since, or
    /// now an error) but is still in the page gets its natural size back.
    fn relist(&self, st: &mut State) -> Result<(), JsValue> {
        let old = std::mem::take(&mut st.formulas);
        let old_groups = std::mem::take(&mut st.groups);
        let index = js_sys::Map::new();
        for (i, f) in old.iter().enumerate() {
            index.set(&f.el, &JsValue::from(i as u32));
        }
        let mut old: Vec<Option<Formula>> = old.into_iter().map(Some).collect();
        let mut found: Vec<Element> = Vec::new();
        if self.container.matches(FITTED_SELECTOR)? {
            found.push(self.container.clone());
        }
        // Placeholders and error boxes are neither fitted nor measured, and not even listed:
        // a thousand placeholders measured in the frame after a page's first screen was
        // drawn once held its paint back by 70 ms.
        let list = self.container.query_selector_all(FITTED_SELECTOR)?;
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                found.push(el);
            }
        }
        // element -> group index; parent group index -> its block's group index.
        let groups = js_sys::Map::new();
        let blocks = js_sys::Map::new();
        let group = |st: &mut State, el: Element| -> usize {
            if let Some(i) = groups.get(&el).as_f64() {
                return i as usize;
            }
            let i = st.groups.len();
            groups.set(&el, &JsValue::from(i as u32));
            st.groups.push(Group {
                el,
                font: f64::NAN,
                width: f64::NAN,
            });
            i
        };
        for el in found {
            if el.closest(OPT_OUT)?.is_some() {
                continue;
            }
            let Ok(el) = el.dyn_into::<HtmlElement>() else {
                continue;
            };
            let Some(parent_el) = el.parent_element() else {
                continue;
            };
            let parent = group(st, parent_el.clone());
            let block = match blocks.get(&JsValue::from(parent as u32)).as_f64() {
                Some(b) => b as usize,
                None => {
                    let mut b = parent_el;
                    while let Some(up) = b.parent_element() {
                        let display = self
                            .style(&b)
                            .and_then(|s| s.get_property_value("display").ok())
                            .unwrap_or_default();
                        if display != "inline" && display != "contents" {
                            break;
                        }
                        b = up;
                    }
                    let b = group(st, b);
                    blocks.set(&JsValue::from(parent as u32), &JsValue::from(b as u32));
                    b
                }
            };
            let kept = index
                .get(&el)
                .as_f64()
                .and_then(|i| old.get_mut(i as usize).and_then(Option::take));
            let content = el.first_element_child();
            let formula = match kept {
                Some(mut f) => {
                    let moved = !old_groups[f.block]
                        .el
                        .is_same_node(Some(&st.groups[block].el));
                    if f.content != content || moved {
                        f.content = content;
                        f.natural_em = f64::NAN;
                    }
                    f.parent = parent;
                    f.block = block;
                    f
                }
                None => Formula {
                    display: el.class_list().contains(DISPLAY_CLASS),
                    el,
                    content,
                    parent,
                    block,
                    natural_em: f64::NAN,
                    fixed: 0.0,
                    inset: 0.0,
                    written: Fit::NATURAL,
                },
            };
            st.formulas.push(formula);
        }
        for f in old.into_iter().flatten() {
            if f.el.is_connected() && f.written != Fit::NATURAL {
                write(&f.el, Fit::NATURAL, f.written)?;
            }
        }
        Ok(())
    }

    /// A formula's natural width in em of its own font size, measured at whatever scale it
    /// has now (its width is proportional to its font size). Display: the extent of its
    /// `.katex-base` boxes, plus the equation number on both sides ([`fit::display_width`]).
    /// Inline: its widest `.katex-base` box, the part that cannot break across lines.
    /// Returns `(em, fixed px)`: what scales with the font and what does not, so a formula
    /// measured at a small scale gives the same natural width as at scale 1.
    fn measure(&self, f: &Formula) -> Result<(f64, f64), JsValue> {
        let font = px(self.style(&f.el).as_ref(), "font-size");
        let Some(html) = f.el.query_selector(".katex-html")? else {
            // MathML-only output or no KaTeX at all: the root's own extent.
            let w = if f.display {
                f64::from(f.el.scroll_width())
            } else {
                f.el.get_bounding_client_rect().width()
            };
            return Ok((w / font, 0.0));
        };
        let kids = html.children();
        let (mut left, mut right, mut widest, mut tag) =
            (f64::INFINITY, f64::NEG_INFINITY, 0.0f64, 0.0);
        let (mut fixed, mut widest_fixed) = (0.0f64, 0.0);
        for i in 0..kids.length() {
            let Some(kid) = kids.item(i) else { continue };
            let class = kid.class_list();
            if class.contains("katex-base") {
                let r = kid.get_bounding_client_rect();
                let hang = overhang(&kid, r.right()) - r.right();
                left = left.min(r.left());
                right = right.max(r.right());
                fixed = fixed.max(hang);
                if r.width() > widest {
                    widest = r.width();
                    widest_fixed = hang;
                }
            } else if class.contains("katex-tag") {
                tag = kid.get_bounding_client_rect().width();
            }
        }
        Ok(if !f.display {
            (widest / font, widest_fixed)
        } else if right > left {
            let em = fit::display_width(right - left, tag, fit::TAG_GAP_EM * font) / font;
            (em, fixed)
        } else {
            (0.0, 0.0)
        })
    }

    /// Bring the formula list, the groups' widths and fonts, and natural widths up to date
    /// (reads only). Returns how many formulas were measured.
    fn prepare(&self, st: &mut State) -> Result<u32, JsValue> {
        if st.list_dirty {
            st.list_dirty = false;
            self.relist(st)?;
        }
        for g in &mut st.groups {
            let style = self.style(&g.el);
            g.font = px(style.as_ref(), "font-size");
            g.width = self.content_width(&g.el, style.as_ref());
        }
        let all = std::mem::take(&mut st.remeasure);
        let mut measured = 0;
        let State {
            formulas, groups, ..
        } = st;
        for f in formulas.iter_mut() {
            if all || f.natural_em.is_nan() {
                (f.natural_em, f.fixed) = self.measure(f)?;
                f.inset = if f.display {
                    (groups[f.block].width - f64::from(f.el.client_width())).max(0.0)
                } else {
                    0.0
                };
                measured += 1;
            }
        }
        Ok(measured)
    }

    /// The width available to a formula now (after `prepare`).
    fn available(st: &State, f: &Formula) -> f64 {
        st.groups[f.block].width - f.inset
    }

    /// One pass: every read, then every write.
    fn refit(&self) -> Result<Stats, JsValue> {
        let mut st = self.state.borrow_mut();
        if st.printing {
            return Ok(Stats::default());
        }
        let measured = self.prepare(&mut st)?;
        let fits: Vec<Fit> = st
            .formulas
            .iter()
            .map(|f| {
                let natural = f.natural_em * st.groups[f.parent].font + f.fixed;
                fit::fit(natural, Self::available(&st, f), self.min_scale)
            })
            .collect();
        let mut stats = Stats {
            formulas: fits.len() as u32,
            measured,
            ..Stats::default()
        };
        for (f, new) in st.formulas.iter_mut().zip(fits) {
            if new != f.written {
                write(&f.el, new, f.written)?;
                f.written = new;
                stats.written += 1;
            }
            stats.scaled += u32::from(new.scale < 1.0);
            stats.scrolling += u32::from(new.scrolls);
        }
        Ok(stats)
    }

    /// Printing starts: sizes CSS computes from the printed container width.
    fn enter_print(&self) -> Result<(), JsValue> {
        let mut st = self.state.borrow_mut();
        if st.printing {
            return Ok(());
        }
        if let Some(frame) = st.frame.take() {
            let _ = self.window.cancel_animation_frame(frame);
        }
        self.prepare(&mut st)?;
        let own = self.content_width(&self.container, self.style(&self.container).as_ref());
        let sizes: Vec<Option<String>> = st
            .formulas
            .iter()
            .map(|f| fit::print_font_size(f.natural_em, own - Self::available(&st, f)))
            .collect();
        for (f, size) in st.formulas.iter().zip(sizes) {
            if let Some(size) = size {
                f.el.style().set_property("font-size", &size)?;
            }
        }
        self.container.class_list().add_1(PRINT_CLASS)?;
        st.printing = true;
        Ok(())
    }

    /// Printing is over: the screen sizes come back, then a pass for the current width.
    fn exit_print(&self) -> Result<(), JsValue> {
        {
            let mut st = self.state.borrow_mut();
            if !st.printing {
                return Ok(());
            }
            st.printing = false;
            self.container.class_list().remove_1(PRINT_CLASS)?;
            for f in &st.formulas {
                match f.written.font_size() {
                    Some(size) => f.el.style().set_property("font-size", &size)?,
                    None => {
                        f.el.style().remove_property("font-size")?;
                    }
                }
            }
        }
        self.schedule();
        Ok(())
    }
}

/// A computed length in px (`"16px"` -> 16); NaN when there is none.
fn px(style: Option<&web_sys::CssStyleDeclaration>, property: &str) -> f64 {
    style
        .and_then(|s| s.get_property_value(property).ok())
        // JS's parseFloat, not Rust's: the float parser would add kilobytes to the wasm.
        .map(|v| js_sys::Number::parse_float(v.trim_end_matches("px")))
        .unwrap_or(f64::NAN)
}

/// The right edge of `base`'s drawing: KaTeX's vlist strut (`.vlist-s`, 2px wide, offset
/// by a -2px margin) pokes out of the last box of a base, so follow the last children down.
fn overhang(base: &Element, right: f64) -> f64 {
    let mut right = right;
    let mut el = base.last_element_child();
    for _ in 0..8 {
        let Some(e) = el else { break };
        right = right.max(e.get_bounding_client_rect().right());
        el = e.last_element_child();
    }
    right
}

/// Write `new` on a formula root that has `old` now.
fn write(el: &HtmlElement, new: Fit, old: Fit) -> Result<(), JsValue> {
    if new.scale != old.scale {
        match new.font_size() {
            Some(size) => el.style().set_property("font-size", &size)?,
            None => {
                el.style().remove_property("font-size")?;
            }
        }
    }
    if new.scrolls != old.scrolls {
        el.class_list()
            .toggle_with_force(SCROLL_CLASS, new.scrolls)?;
    }
    Ok(())
}
