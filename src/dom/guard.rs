//! The guard: one `MutationObserver` on the container that tells foreign changes apart.
//! Changes to the container's own children (an extension inserting or removing nodes) make
//! the next update reconcile; changes inside a formula (a translator that ignores
//! `translate="no"`) are repaired at once from the block's HTML. Changes to prose are left
//! alone: fighting a translator would loop, and a block whose source changes is redrawn
//! fresh anyway.
//!
//! The observer is owned by [`Guard`], which disconnects it on drop; the callback closure
//! is owned by the same handle (no `Closure::forget`).

use crate::markup::{ROOT_CLASS, ROOT_SELECTOR};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, MutationRecord, Node};

pub struct Guard {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
}

impl Guard {
    /// Observe `target`'s subtree; `on_records` gets every batch the browser delivers.
    pub fn new(
        target: &Element,
        mut on_records: impl FnMut(Vec<MutationRecord>, &MutationObserver) + 'static,
    ) -> Result<Guard, JsValue> {
        let callback = Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(
            move |records: js_sys::Array, observer: MutationObserver| {
                on_records(records_of(&records), &observer);
            },
        );
        let observer = MutationObserver::new(callback.as_ref().unchecked_ref())?;
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_character_data(true);
        observer.observe_with_options(target, &init)?;
        Ok(Guard {
            observer,
            _callback: callback,
        })
    }

    /// Records not yet delivered (and now never delivered to the callback).
    pub fn take_records(&self) -> Vec<MutationRecord> {
        records_of(&self.observer.take_records())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

fn records_of(records: &js_sys::Array) -> Vec<MutationRecord> {
    records
        .iter()
        .filter_map(|r| r.dyn_into::<MutationRecord>().ok())
        .collect()
}

/// What a batch of records means for the renderer.
#[derive(Default)]
pub struct Damage {
    /// The container's own children changed.
    pub children: bool,
    /// Formula roots whose insides changed.
    pub formulas: Vec<Element>,
    /// Block elements that lost a formula altogether.
    pub blocks: Vec<Element>,
}

pub fn classify(container: &Element, records: &[MutationRecord]) -> Damage {
    let mut d = Damage::default();
    for r in records {
        let Some(target) = r.target() else { continue };
        let child_list = r.type_() == "childList";
        if child_list && target.is_same_node(Some(container)) {
            d.children = true;
            continue;
        }
        let el = match target.dyn_ref::<Element>() {
            Some(el) => Some(el.clone()),
            None => target.parent_element(),
        };
        let Some(el) = el else { continue };
        if let Ok(Some(root)) = el.closest(ROOT_SELECTOR) {
            if !d.formulas.iter().any(|f| f.is_same_node(Some(&root))) {
                d.formulas.push(root);
            }
            continue;
        }
        if child_list && removed_a_formula(r) {
            if let Ok(Some(block)) = el.closest("[data-mathdown-key]") {
                d.blocks.push(block);
            }
        }
    }
    d
}

fn removed_a_formula(r: &MutationRecord) -> bool {
    let removed = r.removed_nodes();
    (0..removed.length()).any(|i| {
        removed
            .item(i)
            .and_then(|n: Node| n.dyn_into::<Element>().ok())
            .is_some_and(|e| {
                e.class_list().contains(ROOT_CLASS)
                    || e.query_selector(ROOT_SELECTOR).ok().flatten().is_some()
            })
    })
}
