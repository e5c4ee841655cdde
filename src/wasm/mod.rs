//! The `#[wasm_bindgen]` API: JS options in, HTML out, KaTeX as the engine.
//!
//! Every export returns `Result`, so a bad call throws a JS `Error` and the module stays
//! usable. The release profile aborts on panic (a trap, which JS also sees as an `Error`);
//! the formula cache is taken out of its slot for the length of a call, so a call that
//! trapped half way leaves no half-updated state behind: the next call starts a fresh cache.

mod auto;
pub use auto::AUTO_KEYS;
mod fit;
mod katex;
pub mod options;
mod renderer;

use crate::engine::Cache;
use crate::options::Options;
use katex::{Katex, Settings};
use std::cell::Cell;
use wasm_bindgen::prelude::*;

/// The TypeScript declarations of the exports below, written by hand because wasm-bindgen
/// can neither spell `options?: Options` nor describe a serde struct. `tests/wasm_katex.rs`
/// checks that these interfaces list exactly the fields `Options` has.
pub const TYPESCRIPT: &str = r#"
/** Which math delimiters are recognised; each family can be switched off on its own. */
export interface Delimiters {
  /** Inline `$...$` (default true). Turn off for currency-heavy text. */
  dollar?: boolean;
  /** pulldown-cmark's `$...$` rule without exception: no whitespace just inside the dollars
   *  (default false, which allows it when the formula plainly is TeX, as MathJax-era posts write). */
  strictDollar?: boolean;
  /** Display `$$...$$` (default true). */
  doubleDollar?: boolean;
  /** Inline `\(...\)` (default true). */
  paren?: boolean;
  /** Display `\[...\]` (default true). */
  bracket?: boolean;
  /** GitHub's inline `` $`...`$ `` (default true). */
  backtickDollar?: boolean;
  /** Display ```` ```math ```` fenced blocks (default true). */
  mathFence?: boolean;
  /** Bare `\begin{equation}...\end{equation}` and the other display environments (default true). */
  environments?: boolean;
  /** `\eqref{key}` and `\ref{key}` in the prose, outside math (MathJax's `processRefs`): a link
   *  when a formula defines `key`, text otherwise (default true; Markdown only, not auto-render). */
  refs?: boolean;
}

/** Everything that changes the output. Omitted fields take their defaults. */
export interface Options {
  delimiters?: Delimiters;
  /** Raw HTML in the Markdown: keep an allowlist (default), show it as text, or pass it through. */
  html?: "sanitize" | "escape" | "allow";
  /** Give headings ids derived from their text, unique in the document and never a footnote's id (default true). */
  headingIds?: boolean;
  /** Larger inputs throw instead of rendering (default 16 MiB). */
  maxInputBytes?: number;
  /** Longer formulas get an error box instead of reaching KaTeX (default 64 KiB). */
  maxTexLength?: number;
  /** Rewrite the MathJax-isms KaTeX rejects before drawing (default "mathjax"); `data-tex` keeps the original. */
  compat?: "mathjax" | "none";
  /** Automatic equation numbers: AMS environments (default "ams"), every display formula, or none. */
  numbering?: "ams" | "all" | "none";
  /** Equation numbers on the left (default false). */
  leqno?: boolean;
  /** Macros for every formula, e.g. `{ "\\R": "\\mathbb{R}" }` (default none). */
  macros?: Record<string, string>;
  /** KaTeX `output` (default "htmlAndMathml"). */
  output?: "htmlAndMathml" | "html" | "mathml";
  /** KaTeX `maxExpand` (default 1000). */
  maxExpand?: number;
  /** KaTeX `maxSize` in em (default 100): from 0, `Infinity` for no limit. */
  maxSize?: number;
  /** KaTeX `strict` (default "ignore"). */
  strict?: "ignore" | "warn" | "error";
  /** `Renderer` and `autoRender` only: fit wide formulas to their container, live (default true). */
  fit?: boolean;
  /** With `fit`: the smallest scale before a formula scrolls instead (default 0.5), in (0, 1]. */
  minScale?: number;
}

/**
 * Render a Markdown document with math to HTML.
 * Throws an `Error` for an unknown option, an option of the wrong type, or an input larger
 * than `maxInputBytes`. A formula KaTeX rejects does not throw: it becomes a
 * `.mathdown-error` box in the HTML.
 */
export function render(markdown: string, options?: Options): string;

/** Render one formula with the same markup as formulas in a document (inline unless `display`). */
export function renderMath(tex: string, options?: { display?: boolean }): string;
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_SECTION: &str = TYPESCRIPT;

thread_local! {
    /// The module's one formula cache. `None` until first use, and while a call holds it.
    static CACHE: Cell<Option<Box<Cache<Katex>>>> = const { Cell::new(None) };
}

/// Run `f` with the module's cache, keyed by KaTeX settings: a cache built for other
/// settings is dropped, so `output: "html"` never returns a formula drawn as MathML.
fn with_cache<T>(options: &Options, f: impl FnOnce(&mut Cache<Katex>) -> T) -> Result<T, JsError> {
    let settings = Settings::new(options);
    let mut cache = match CACHE.take() {
        Some(cache) if *cache.engine().settings() == settings => cache,
        _ => Box::new(Cache::new(
            Katex::new(settings).map_err(|e| JsError::new(&e))?,
        )),
    };
    let out = f(&mut cache);
    CACHE.set(Some(cache));
    Ok(out)
}

/// Read the JS options object (`undefined` and `null` mean all defaults). Errors name the
/// offending key (`delimiters.dollar`) and what was expected.
pub(crate) fn from_js(value: &JsValue, what: &str) -> Result<Options, JsError> {
    options::read(value).map_err(|e| invalid(e, what))
}

/// The JS `Error` for an option that could not be read.
pub(crate) fn invalid(e: options::Invalid, what: &str) -> JsError {
    if e.path.is_empty() {
        JsError::new(&format!("mathdown: invalid {what}: {}", e.detail))
    } else {
        JsError::new(&format!(
            "mathdown: invalid option `{}`: {}",
            e.path, e.detail
        ))
    }
}

/// A DOM failure as the JS `Error` an export throws.
pub(crate) fn js_err(e: JsValue) -> JsError {
    JsError::new(&crate::dom::message(&e))
}

/// A plain JS object of figures (`{ formulas: 3, ... }`), what `stats()`-like methods return.
pub(crate) fn figures(fields: &[(&str, JsValue)]) -> Result<JsValue, JsError> {
    let out = js_sys::Object::new();
    for (key, value) in fields {
        js_sys::Reflect::set(&out, &(*key).into(), value).map_err(js_err)?;
    }
    Ok(out.into())
}

fn string_arg(value: &JsValue, what: &str) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| {
        JsError::new(&format!(
            "mathdown: {what} must be a string, got {}",
            crate::dom::type_name(value)
        ))
    })
}

/// `render(markdown, options?)`: the whole document as one HTML string.
#[wasm_bindgen(skip_typescript)]
pub fn render(markdown: &JsValue, options: &JsValue) -> Result<String, JsError> {
    let src = string_arg(markdown, "render(markdown)")?;
    let options = from_js(options, "options")?;
    with_cache(&options, |engine| crate::render(&src, &options, engine))?
        .map(|doc| doc.html())
        .map_err(|e| JsError::new(&format!("mathdown: {e}")))
}

/// `renderMath(tex, { display? })`: one formula with the document's formula markup.
#[wasm_bindgen(js_name = renderMath, skip_typescript)]
pub fn render_math(tex: &JsValue, options: &JsValue) -> Result<String, JsError> {
    let tex = string_arg(tex, "renderMath(tex)")?;
    let mut display = false;
    options::read_small(options, &["display"], |o| o.bool("display", &mut display))
        .map_err(|e| invalid(e, "renderMath options"))?;
    let options = Options::default();
    with_cache(&options, |engine| {
        crate::render_math(&tex, display, &options, engine)
    })
}
