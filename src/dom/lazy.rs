//! Lazy rendering: one `IntersectionObserver` that reports elements coming within a margin
//! of the viewport (and of any scroller between). [`Lazy`] owns the observer and its callback and disconnects on drop.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

pub struct Lazy {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Lazy {
    /// `margin` is a CSS `rootMargin` (`"100% 0px"`: one screen above and below); an
    /// invalid one is a JS `Error` from the browser, passed on. `on_near` gets the elements
    /// that came within it, once per batch.
    pub fn new(
        margin: &str,
        mut on_near: impl FnMut(Vec<Element>) + 'static,
    ) -> Result<Lazy, JsValue> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let near: Vec<Element> = entries
                .iter()
                .filter_map(|e| e.dyn_into::<IntersectionObserverEntry>().ok())
                .filter(IntersectionObserverEntry::is_intersecting)
                .map(|e| e.target())
                .collect();
            if !near.is_empty() {
                on_near(near);
            }
        });
        // A root margin only grows the viewport: a page's own scroller (a chat pane, an app
        // shell) still cuts its content off at its edges. `scrollMargin` grows every
        // scrollport on the way, the viewport's too, so where the browser has it, it is the
        // whole margin (both at once would count the viewport's twice); elsewhere the root
        // margin is.
        let init = IntersectionObserverInit::new();
        init.set_root_margin("0px");
        let _ = js_sys::Reflect::set(&init, &"scrollMargin".into(), &margin.into());
        let f = callback.as_ref().unchecked_ref();
        let mut observer = IntersectionObserver::new_with_options(f, &init)?;
        if js_sys::Reflect::get(&observer, &"scrollMargin".into())?.is_undefined() {
            init.set_root_margin(margin);
            observer = IntersectionObserver::new_with_options(f, &init)?;
        }
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

impl Drop for Lazy {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
