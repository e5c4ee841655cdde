//! A callback run in the task after the next paint, each time it is scheduled: for work
//! that must not hold back what the reader sees first.
//!
//! An animation frame callback runs just before the frame is drawn; a task posted from it
//! runs once the frame is out. [`AfterPaint`] owns both closures and cancels what is
//! pending when dropped.

use std::cell::Cell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Window;

pub struct AfterPaint {
    inner: Rc<Inner>,
}

struct Inner {
    window: Window,
    frame: Closure<dyn FnMut(f64)>,
    task: Closure<dyn FnMut()>,
    frame_id: Cell<Option<i32>>,
    task_id: Cell<Option<i32>>,
}

impl AfterPaint {
    pub fn new(mut on: impl FnMut() + 'static) -> Result<AfterPaint, JsValue> {
        let window = web_sys::window().ok_or("mathdown: no window")?;
        let inner = Rc::new_cyclic(|weak: &Weak<Inner>| {
            let w = weak.clone();
            let frame = Closure::<dyn FnMut(f64)>::new(move |_at: f64| {
                if let Some(inner) = w.upgrade() {
                    inner.frame_id.set(None);
                    let task: &js_sys::Function = inner.task.as_ref().unchecked_ref();
                    inner
                        .task_id
                        .set(inner.window.set_timeout_with_callback(task).ok());
                }
            });
            let w = weak.clone();
            let task = Closure::<dyn FnMut()>::new(move || {
                if let Some(inner) = w.upgrade() {
                    inner.task_id.set(None);
                }
                on();
            });
            Inner {
                window,
                frame,
                task,
                frame_id: Cell::new(None),
                task_id: Cell::new(None),
            }
        });
        Ok(AfterPaint { inner })
    }

    /// Run the callback after the next paint, unless that is already arranged.
    pub fn schedule(&self) -> Result<(), JsValue> {
        let inner = &self.inner;
        if inner.frame_id.get().is_some() || inner.task_id.get().is_some() {
            return Ok(());
        }
        let frame: &js_sys::Function = inner.frame.as_ref().unchecked_ref();
        inner
            .frame_id
            .set(Some(inner.window.request_animation_frame(frame)?));
        Ok(())
    }
}

impl Drop for AfterPaint {
    fn drop(&mut self) {
        if let Some(id) = self.inner.frame_id.take() {
            let _ = self.inner.window.cancel_animation_frame(id);
        }
        if let Some(id) = self.inner.task_id.take() {
            self.inner.window.clear_timeout_with_handle(id);
        }
    }
}
