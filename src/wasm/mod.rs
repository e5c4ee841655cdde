//! The `#[wasm_bindgen]` API: JS options in, HTML out, KaTeX as the engine.
