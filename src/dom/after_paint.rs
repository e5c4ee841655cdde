//! A callback run in the task after the next paint, each time it is scheduled: for work
//! that must not hold back what the reader sees first.
//!
//! An animation frame callback runs just before the frame is drawn; a task posted from it
//! runs once the frame is out. The two steps are a few lines of JS in `js/helpers.js`
//! (fewer bindings, so a smaller module, than four web-sys calls); [`AfterPaint`] owns the callback and cancels
//! what is pending when dropped.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    /// Calls `callback` in the task after the next frame; returns what cancels that.
    #[wasm_bindgen(js_name = mathdownAfterPaint)]
    fn js_after_paint(callback: &js_sys::Function) -> js_sys::Function;
}

pub struct AfterPaint {
    callback: Closure<dyn FnMut(f64)>,
    pending: Rc<Cell<bool>>,
    cancel: RefCell<Option<js_sys::Function>>,
}

impl AfterPaint {
    pub fn new(mut on: impl FnMut() + 'static) -> AfterPaint {
        let pending = Rc::new(Cell::new(false));
        let p = pending.clone();
        let callback = Closure::<dyn FnMut(f64)>::new(move |_at: f64| {
            p.set(false);
            on();
        });
        AfterPaint {
            callback,
            pending,
            cancel: RefCell::new(None),
        }
    }

    /// Run the callback after the next paint, unless that is already arranged.
    pub fn schedule(&self) {
        if self.pending.replace(true) {
            return;
        }
        let cancel = js_after_paint(self.callback.as_ref().unchecked_ref());
        *self.cancel.borrow_mut() = Some(cancel);
    }
}

impl Drop for AfterPaint {
    fn drop(&mut self) {
        if let (true, Some(cancel)) = (self.pending.get(), self.cancel.borrow_mut().take()) {
            let _ = cancel.call0(&JsValue::NULL);
        }
    }
}
