//! Copy as TeX: a selection that holds formulas copies to `text/plain` with each formula as
//! its TeX source and delimiters (`$...$`, `$$...$$`, a bare environment as written);
//! `text/html` keeps the drawn formulas. A selection that starts or ends inside a formula
//! takes the whole formula: half a formula's glyphs are no use to anyone.
//!
//! The listener sits on the document (a selection that starts before `root` fires `copy`
//! outside it) and acts only when the selection touches `root`. Several handles on one page
//! cooperate: the first that writes the clipboard marks the event handled.
//!
//! The copy itself (`mathdownCopy` in `js/helpers.js`) is DOM work from start to end, a
//! dozen kinds of DOM object with nothing for Rust to compute: in JS it costs the module
//! none of their bindings.

use super::listener::Listener;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event};

#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    /// Writes the clipboard for `event` if the selection touches `root` and holds a formula.
    #[wasm_bindgen(js_name = mathdownCopy)]
    fn js_copy(root: &Element, event: &Event);
}

pub struct CopyTex {
    _listener: Listener,
}

impl CopyTex {
    pub fn new(root: &Element) -> Result<CopyTex, JsValue> {
        let document = super::document()?;
        let root = root.clone();
        let listener = Listener::new(&document, "copy", move |e: Event| js_copy(&root, &e))?;
        Ok(CopyTex {
            _listener: listener,
        })
    }
}
