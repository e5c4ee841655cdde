//! `fit(element, options?)`: the JS face of [`crate::dom::fit::Fitter`], for a page's own
//! `render()` output (the `Renderer` fits its container itself).

use super::options::{MIN_SCALE_EXPECTED, MIN_SCALE_RANGE};
use super::{figures, js_err};
use crate::dom::{element, fit::Fitter};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &str = r#"
/** Options of `fit()`. */
export interface FitOptions {
  /** The smallest scale a formula shrinks to, in (0, 1] (default 0.5); a formula that would need less
   *  keeps it and scrolls horizontally inside its own box. */
  minScale?: number;
}

/** What one fitting pass did. */
export interface FitStats {
  /** Formulas fitted (error boxes and opted-out formulas not counted). */
  formulas: number;
  /** Formulas drawn smaller than their natural size now. */
  scaled: number;
  /** Formulas at `minScale` that scroll. */
  scrolling: number;
  /** Formulas whose size was written in this pass. */
  written: number;
  /** Formulas measured in this pass (the new ones; all of them after fonts load). */
  measured: number;
}

/** Keeps the formulas in an element fitted to it; see `fit()`. */
export class FitHandle {
  private constructor();
  /** Fit now, synchronously, instead of in the next animation frame. */
  refit(): FitStats;
  /** Stop: the observers and listeners are removed; formulas keep their current size. */
  disconnect(): void;
  free(): void;
}

/**
 * Fit every formula inside `element` to the width available to it, live: a formula wider
 * than its line gets a smaller `font-size` (never larger than its natural size, never below
 * `minScale`, below which it scrolls in its own box), again whenever the element's width
 * changes, fonts finish loading, formulas are added, or the page is printed. Opt a formula
 * out with class `mathdown-nofit` or `data-mathdown-fit="false"` on it or an ancestor.
 */
export function fit(element: Element, options?: FitOptions): FitHandle;
"#;

/// The handle `fit()` returns; dropping (or `disconnect()`) removes every observer.
#[wasm_bindgen(skip_typescript)]
pub struct FitHandle {
    fitter: Option<Fitter>,
}

#[wasm_bindgen]
impl FitHandle {
    /// Fit now; `{ formulas, scaled, scrolling, written, measured }`.
    pub fn refit(&self) -> Result<JsValue, JsError> {
        let fitter = self
            .fitter
            .as_ref()
            .ok_or_else(|| JsError::new("mathdown: refit() after disconnect()"))?;
        let s = fitter.refit().map_err(js_err)?;
        figures(&[
            ("formulas", s.formulas.into()),
            ("scaled", s.scaled.into()),
            ("scrolling", s.scrolling.into()),
            ("written", s.written.into()),
            ("measured", s.measured.into()),
        ])
    }

    /// Remove the observers and listeners; idempotent.
    pub fn disconnect(&mut self) {
        self.fitter = None;
    }
}

/// `fit(element, { minScale? })`.
#[wasm_bindgen(skip_typescript)]
pub fn fit(target: &JsValue, options: &JsValue) -> Result<FitHandle, JsError> {
    let target = element(target, "fit(element)").map_err(js_err)?;
    let mut min_scale = None;
    super::options::read_small(options, &["minScale"], |o| {
        min_scale = o.number_in("minScale", MIN_SCALE_RANGE, MIN_SCALE_EXPECTED)?;
        Ok(())
    })
    .map_err(|e| super::invalid(e, "fit options"))?;
    let fitter = Fitter::new(&target, min_scale).map_err(js_err)?;
    Ok(FitHandle {
        fitter: Some(fitter),
    })
}
