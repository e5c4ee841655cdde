//! Copy as TeX: a selection that holds formulas copies to `text/plain` with each formula as
//! its TeX source and delimiters (`$...$`, `$$...$$`, a bare environment as written);
//! `text/html` keeps the drawn formulas. A selection that starts or ends inside a formula
//! takes the whole formula: half a formula's glyphs are no use to anyone.
//!
//! The listener sits on the document (a selection that starts before `root` fires `copy`
//! outside it) and acts only when the selection touches `root`. Several handles on one page
//! cooperate: the first that writes the clipboard marks the event handled.

use super::listener::Listener;
use crate::markup::{DISPLAY_CLASS, ROOT_SELECTOR};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, Element, Event, Node};

/// Elements after which plain text gets a blank line, as between Markdown blocks (their
/// text would run together otherwise), and those after which it gets a line break.
const BLOCKS: &str = "p, div, li, h1, h2, h3, h4, h5, h6, blockquote, pre, table, ul, ol";
const LINES: &str = "br, tr";

pub struct CopyTex {
    _listener: Listener,
}

impl CopyTex {
    pub fn new(root: &Element) -> Result<CopyTex, JsValue> {
        let document = super::document()?;
        let root = root.clone();
        let listener = Listener::new(&document, "copy", move |e: Event| {
            if e.default_prevented() {
                return;
            }
            if let Ok(e) = e.dyn_into::<ClipboardEvent>() {
                // A failure (an odd selection) leaves the browser's own copy in place.
                let _ = copy(&root, &e);
            }
        })?;
        Ok(CopyTex {
            _listener: listener,
        })
    }
}

fn copy(root: &Element, e: &ClipboardEvent) -> Result<(), JsValue> {
    let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) else {
        return Ok(());
    };
    if selection.range_count() == 0 || selection.is_collapsed() {
        return Ok(());
    }
    let range = selection.get_range_at(0)?.clone_range();
    if !range.intersects_node(root)? {
        return Ok(());
    }
    if let Some(f) = formula_around(&range.start_container()?) {
        range.set_start_before(&f)?;
    }
    if let Some(f) = formula_around(&range.end_container()?) {
        range.set_end_after(&f)?;
    }
    let fragment = range.clone_contents()?;
    let formulas = fragment.query_selector_all(ROOT_SELECTOR)?;
    if formulas.length() == 0 {
        return Ok(());
    }
    let Some(data) = e.clipboard_data() else {
        return Ok(());
    };
    let doc = super::document()?;
    let holder = doc.create_element("div")?;
    holder.append_child(&fragment.clone_node_with_deep(true)?)?;
    let html = holder.inner_html();
    for i in 0..formulas.length() {
        let Some(f) = formulas.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let tex = f.get_attribute("data-tex").unwrap_or_default();
        let display = f.class_list().contains(DISPLAY_CLASS);
        f.replace_with_with_str_1(&delimited(&tex, display))?;
    }
    for (selector, gap) in [(BLOCKS, "\n\n"), (LINES, "\n")] {
        let found = fragment.query_selector_all(selector)?;
        for i in 0..found.length() {
            if let Some(b) = found.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                b.after_with_str_1(gap)?;
            }
        }
    }
    let text = fragment.text_content().unwrap_or_default();
    data.set_data("text/plain", &collapse_blank_lines(&text))?;
    data.set_data("text/html", &html)?;
    e.prevent_default();
    Ok(())
}

/// Nested blocks (a paragraph in a wrapper `div`) give several blank lines: one is enough.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut newlines = 0;
    for c in text.trim_matches('\n').chars() {
        newlines = if c == '\n' { newlines + 1 } else { 0 };
        if newlines <= 2 {
            out.push(c);
        }
    }
    out
}

fn formula_around(node: &Node) -> Option<Element> {
    let el = match node.dyn_ref::<Element>() {
        Some(el) => el.clone(),
        None => node.parent_element()?,
    };
    el.closest(ROOT_SELECTOR).ok().flatten()
}

/// A formula as its author would type it again.
pub fn delimited(tex: &str, display: bool) -> String {
    if display && tex.trim_start().starts_with("\\begin{") {
        tex.to_string()
    } else if display {
        format!("$${tex}$$")
    } else {
        format!("${tex}$")
    }
}
