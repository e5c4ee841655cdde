//! The DOM layer, and the only place that touches web-sys: thin wrappers over raw DOM
//! calls, the keyed block patcher ([`patch`]), the formula guard ([`guard`]), fitting
//! ([`fit`]), auto-render of a page's own text ([`auto`], with [`text`] and [`lazy`]) and
//! copy as TeX ([`copy`]).
//!
//! Rules every part follows (DESIGN.md): blocks are patched by key, never through text-node
//! references (translators replace text nodes behind our back); formulas carry
//! `translate="no"` from the moment they are in the DOM (HTML is parsed into a detached
//! element first); observers are owned by handles that disconnect them on drop.

pub mod after_paint;
pub mod auto;
pub mod copy;
pub mod fit;
pub mod guard;
pub mod lazy;
pub mod listener;
pub mod patch;
pub mod quiet;
pub mod text;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node};

/// The attribute each block element carries: its key in the rendered document.
pub const KEY_ATTR: &str = "data-mathdown-key";

pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("mathdown: no document (Renderer needs a browser page)"))
}

/// Milliseconds from `performance.now()` (0 where there is no `performance`).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A detached block element: `<div class="mathdown-block" data-mathdown-key=KEY>HTML</div>`.
/// A wrapper, because one block may be several elements (display math splits a paragraph),
/// and margins collapse through a plain `div`, so the layout is the same as without it.
pub fn block_element(doc: &Document, key: &str, html: &str) -> Result<Element, JsValue> {
    let el = doc.create_element("div")?;
    el.set_class_name("mathdown-block");
    el.set_attribute(KEY_ATTR, key)?;
    el.set_inner_html(html);
    Ok(el)
}

/// `node`'s parent is `parent`.
pub fn is_child(node: &Node, parent: &Node) -> bool {
    node.parent_node()
        .is_some_and(|p| p.is_same_node(Some(parent)))
}

/// Insert `el` right after `prev` (a child of `container`), or first in `container`.
pub fn insert_after(
    container: &Element,
    prev: Option<&Element>,
    el: &Element,
) -> Result<(), JsValue> {
    match prev {
        Some(prev) if is_child(prev, container) => prev.after_with_node_1(el),
        Some(_) => Err(JsValue::from_str(
            "mathdown: block moved out of its container",
        )),
        None => container.prepend_with_node_1(el),
    }
}

/// What a thrown JS value says: an `Error`'s `message`, a thrown string, or its debug form.
pub fn message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// `s` in double quotes, with `"` and `\\` escaped: how error messages show a value the
/// caller gave. (`{:?}` would do it too, but its escaping machinery costs the wasm module
/// half a kilobyte gzipped.)
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// What an argument of the wrong type was, for its error: `typeof`, with `NaN` and `null`
/// named (typeof calls them `number` and `object`).
pub fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_string();
    }
    if value.as_f64().is_some_and(f64::is_nan) {
        return "NaN".to_string();
    }
    value.js_typeof().as_string().unwrap_or_default()
}

/// `value` as an `Element`, with a clear error otherwise.
pub fn element(value: &JsValue, what: &str) -> Result<Element, JsValue> {
    value.dyn_ref::<Element>().cloned().ok_or_else(|| {
        JsValue::from_str(&format!(
            "mathdown: {what} must be a DOM Element, got {}",
            type_name(value)
        ))
    })
}
