//! Options and their defaults: the one place that says what mathdown does when nobody asks.
//!
//! Field names are camelCase on the JS side (serde). Unknown keys are rejected so a typo
//! (`dolar: false`) is an error that names the key, not a silently ignored wish.

use serde::{Deserialize, Serialize};

/// Largest input accepted by default. A 1 MB post renders in well under a second; ten times
/// that is far beyond any real document and keeps a hostile paste from freezing the tab.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Longest single formula (bytes of TeX) sent to the engine by default. The longest formula in
/// the 40-post corpus is under 4 KB; KaTeX's cost grows with the formula, so a cap bounds the
/// work one formula can cause.
pub const DEFAULT_MAX_TEX_LENGTH: usize = 64 * 1024;

/// What to do with raw HTML written in the Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum HtmlPolicy {
    /// Keep tags and attributes from an allowlist, drop everything else (default).
    #[default]
    Sanitize,
    /// Show raw HTML as text.
    Escape,
    /// Pass raw HTML through unchanged: only for trusted authors.
    Allow,
}

/// Which math delimiters are recognised. Each family can be switched off on its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Delimiters {
    /// Inline `$...$`. Turn off for currency-heavy text.
    pub dollar: bool,
    /// pulldown-cmark's `$...$` rule without exception: no whitespace just inside the
    /// dollars. Off by default, which allows that whitespace when the formula plainly is TeX
    /// (it holds a command, `^` or `_`), because posts written for MathJax have
    /// `$ \boldsymbol{I}$` and a closing `$` at the start of a line.
    pub strict_dollar: bool,
    /// Display `$$...$$`.
    pub double_dollar: bool,
    /// Inline `\(...\)`.
    pub paren: bool,
    /// Display `\[...\]`.
    pub bracket: bool,
    /// GitHub's inline `` $`...`$ ``.
    pub backtick_dollar: bool,
    /// Display ```` ```math ```` fenced blocks.
    pub math_fence: bool,
    /// Bare `\begin{equation}...\end{equation}` and the other display environments.
    pub environments: bool,
    /// `\eqref{key}` and `\ref{key}` written in the prose, outside math, as MathJax's
    /// `processRefs` reads them: a link to the equation when a formula defines `key`, the
    /// text as written when none does (a `\ref` to a figure, a LaTeX tutorial). Markdown only:
    /// auto-render leaves the page's prose alone.
    pub refs: bool,
}

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters {
            dollar: true,
            strict_dollar: false,
            double_dollar: true,
            paren: true,
            bracket: true,
            backtick_dollar: true,
            math_fence: true,
            environments: true,
            refs: true,
        }
    }
}

/// KaTeX's `output`: what markup each formula gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Output {
    /// Visual HTML plus MathML for screen readers (default).
    #[default]
    HtmlAndMathml,
    Html,
    Mathml,
}

/// KaTeX's `strict`: what to do with input LaTeX would not accept but KaTeX can draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Strict {
    /// Draw it silently (default: MathJax-era posts rely on this, and warnings flood the
    /// console).
    #[default]
    Ignore,
    /// Draw it and log a warning.
    Warn,
    /// Treat it as an error.
    Error,
}

/// Which display formulas get automatic equation numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Numbering {
    /// AMS: `equation`, `align`, `gather`, `multline`, `alignat`, `flalign`, `eqnarray`
    /// (unstarred), one number per row in the multi-row ones (default).
    #[default]
    Ams,
    /// Every display formula.
    All,
    /// No automatic numbers (explicit `\tag`s still show).
    None,
}

/// Whose TeX dialect formulas are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Compat {
    /// Rewrite the MathJax-isms KaTeX rejects (default: posts written for MathJax render
    /// unchanged).
    #[default]
    Mathjax,
    /// Send the TeX to KaTeX as written.
    None,
}

/// KaTeX's `maxExpand` by default: macro expansions per formula before giving up, which
/// stops `\def\a{\a\a}\a` from hanging the tab.
pub const DEFAULT_MAX_EXPAND: u32 = 1000;

/// KaTeX's `maxSize` by default, in em: no user-specified size (rules, spacing) may exceed
/// it, so `\rule{1000000em}{1em}` cannot blow up the layout.
pub const DEFAULT_MAX_SIZE: f64 = 100.0;

/// Everything that changes the output. `Options::default()` is what a math blog expects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    pub delimiters: Delimiters,
    pub html: HtmlPolicy,
    /// Give headings `id`s derived from their text (unique within the document).
    pub heading_ids: bool,
    /// Inputs longer than this are refused with an error instead of rendered.
    pub max_input_bytes: usize,
    /// Formulas longer than this get an error box instead of reaching the engine.
    pub max_tex_length: usize,
    /// MathJax compatibility rewrites before the engine.
    pub compat: Compat,
    /// Automatic equation numbers.
    pub numbering: Numbering,
    /// Equation numbers on the left (KaTeX `leqno`).
    pub leqno: bool,
    /// Macros defined for every formula, name (with or without `\\`) to expansion.
    pub macros: std::collections::BTreeMap<String, String>,
    /// KaTeX output markup.
    pub output: Output,
    /// KaTeX `maxExpand`.
    pub max_expand: u32,
    /// KaTeX `maxSize` (em).
    pub max_size: f64,
    /// KaTeX `strict`.
    pub strict: Strict,
    /// `Renderer` and `autoRender`: fit wide formulas to their container ([`crate::fit`]).
    pub fit: bool,
    /// With `fit`: the smallest scale before a formula scrolls instead.
    pub min_scale: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            delimiters: Delimiters::default(),
            html: HtmlPolicy::default(),
            heading_ids: true,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_tex_length: DEFAULT_MAX_TEX_LENGTH,
            compat: Compat::default(),
            numbering: Numbering::default(),
            leqno: false,
            macros: Default::default(),
            output: Output::default(),
            max_expand: DEFAULT_MAX_EXPAND,
            max_size: DEFAULT_MAX_SIZE,
            strict: Strict::default(),
            fit: true,
            min_scale: crate::fit::DEFAULT_MIN_SCALE,
        }
    }
}
