//! The KaTeX engine: KaTeX's own ES module called through wasm-bindgen, never `eval`.
//!
//! `js/katex.js` is KaTeX's `dist/katex.mjs` from the npm lock, minified into one
//! self-contained file by `scripts/package.mjs` before compiling: wasm-bindgen copies a
//! snippet into `pkg/snippets/` but nothing it imports, so the snippet must import nothing.
//! It is named `.js`, not `.mjs`: wasm-bindgen-test's server sends `.mjs` as
//! `application/octet-stream`, which browsers refuse as a module (pkg/ is `"type": "module"`,
//! so Node reads the `.js` as ESM all the same).

use crate::options::{Options, Output, Strict};
use crate::MathEngine;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/katex.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = renderToString)]
    fn render_to_string(tex: &str, options: &JsValue) -> Result<String, JsValue>;
}

/// Everything handed to KaTeX besides the formula. Two engines with equal settings draw the
/// same HTML for the same formula, so this is what a formula cache must be keyed by.
///
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    output: Output,
    max_expand: u32,
    max_size: f64,
    strict: Strict,
    /// Equation numbers (our `\tag`s) on the left.
    leqno: bool,
    display_mode: bool,
    /// Always true: the error must come back to Rust, which draws the error box with the
    /// formula markup contract; KaTeX's own red text would not carry it.
    throw_on_error: bool,
    /// Always false: `\href`, `\includegraphics`, `\htmlClass` in a blog comment must not
    /// become live links or attributes.
    trust: bool,
}

impl Settings {
    pub fn new(options: &Options) -> Settings {
        Settings {
            output: options.output,
            max_expand: options.max_expand,
            max_size: options.max_size,
            strict: options.strict,
            leqno: options.leqno,
            display_mode: false,
            throw_on_error: true,
            trust: false,
        }
    }
}

/// KaTeX with fixed settings. The JS option objects are built once here, not per formula.
pub struct Katex {
    settings: Settings,
    inline: JsValue,
    display: JsValue,
}

impl Katex {
    pub fn new(settings: Settings) -> Result<Katex, String> {
        // Built once per settings change, not per formula.
        let to_js = |display_mode: bool| -> Result<JsValue, String> {
            let o = js_sys::Object::new();
            let s = &settings;
            let output = match s.output {
                Output::HtmlAndMathml => "htmlAndMathml",
                Output::Html => "html",
                Output::Mathml => "mathml",
            };
            let strict = match s.strict {
                Strict::Ignore => "ignore",
                Strict::Warn => "warn",
                Strict::Error => "error",
            };
            let fields: [(&str, JsValue); 8] = [
                ("output", output.into()),
                ("maxExpand", s.max_expand.into()),
                ("maxSize", s.max_size.into()),
                ("strict", strict.into()),
                ("leqno", s.leqno.into()),
                ("displayMode", display_mode.into()),
                ("throwOnError", s.throw_on_error.into()),
                ("trust", s.trust.into()),
            ];
            for (k, v) in fields {
                js_sys::Reflect::set(&o, &k.into(), &v).map_err(|_| format!("cannot set {k}"))?;
            }
            Ok(o.into())
        };
        Ok(Katex {
            inline: to_js(false)?,
            display: to_js(true)?,
            settings,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}

impl MathEngine for Katex {
    fn render(&mut self, tex: &str, display: bool) -> Result<String, String> {
        let options = if display { &self.display } else { &self.inline };
        render_to_string(tex, options).map_err(|e| message(&e))
    }
}

/// The text of whatever KaTeX threw. A `ParseError` is an object, not a string, so its
/// `message` is read; anything else thrown is shown as JS would print it.
fn message(thrown: &JsValue) -> String {
    js_sys::Reflect::get(thrown, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| format!("KaTeX threw {thrown:?}"))
}
