//! Lazy rendering: one `IntersectionObserver` that reports elements coming within a margin
//! of the viewport, and of any scroller of the page's own on the way. [`Lazy`] owns the
//! observer and its callback and disconnects on drop.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver};

pub struct Lazy {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Lazy {
    /// `margin` is a CSS margin (`"100% 0px"`: one screen above and below), read by the
    /// browser as the observer's `scrollMargin` or `rootMargin`; an invalid one is the
    /// browser's JS `Error`, passed on. `on_near` gets the elements that came within it, once
    /// per batch of reports that holds any.
    pub fn new(
        margin: &str,
        mut on_near: impl FnMut(Vec<Element>) + 'static,
    ) -> Result<Lazy, JsValue> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |near: js_sys::Array| {
            on_near(near.iter().map(JsCast::unchecked_into).collect());
        });
        let observer = js_observer(callback.as_ref().unchecked_ref(), margin)?;
        Ok(Lazy {
            observer,
            _callback: callback,
        })
    }

    pub fn observe(&self, el: &Element) {
        self.observer.observe(el);
    }

    /// Stop watching `el` (drawn, or gone from the page: the observer would keep it alive).
    pub fn unobserve(&self, el: &Element) {
        self.observer.unobserve(el);
    }
}

// Built in JS, which picks the margin the browser has and keeps only the elements that
// came near (one crossing per batch instead of one per report; js/helpers.js says why).
#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = mathdownObserver, catch)]
    fn js_observer(
        callback: &js_sys::Function,
        margin: &str,
    ) -> Result<IntersectionObserver, JsValue>;
}

impl Drop for Lazy {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
