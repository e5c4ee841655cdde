//! A callback run once things have been quiet for a while: each [`Quiet::restart`] starts
//! the wait again, so a burst of calls runs it once, after the last. [`Quiet`] owns the
//! callback and cancels what is pending when dropped.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    /// Calls `callback` once `ms` have passed; returns what cancels that.
    #[wasm_bindgen(js_name = mathdownLater)]
    fn js_later(callback: &js_sys::Function, ms: u32) -> js_sys::Function;
}

pub struct Quiet {
    // The signature of the other callbacks of ours (`after_paint`): each new one adds its
    // own glue to the module.
    callback: Closure<dyn FnMut(f64)>,
    ms: u32,
    cancel: RefCell<Option<js_sys::Function>>,
}

impl Quiet {
    pub fn new(ms: u32, mut on: impl FnMut() + 'static) -> Quiet {
        Quiet {
            callback: Closure::<dyn FnMut(f64)>::new(move |_: f64| on()),
            ms,
            cancel: RefCell::new(None),
        }
    }

    /// Run the callback `ms` from now, and not at any time arranged before.
    pub fn restart(&self) {
        self.stop();
        let cancel = js_later(self.callback.as_ref().unchecked_ref(), self.ms);
        *self.cancel.borrow_mut() = Some(cancel);
    }

    fn stop(&self) {
        // Cancelling a wait that already ran does nothing.
        if let Some(cancel) = self.cancel.borrow_mut().take() {
            let _ = cancel.call0(&JsValue::NULL);
        }
    }
}

impl Drop for Quiet {
    fn drop(&mut self) {
        self.stop();
    }
}
