//! The MathJax compatibility pass: rewrites, before TeX reaches KaTeX, the MathJax-isms that
//! KaTeX would reject. `data-tex` always keeps the original; only the engine sees the result.
//!
//! Each rule is one small module that turns a construct KaTeX rejects into the equivalent
//! TeX KaTeX accepts (or, for decorations KaTeX cannot draw untrusted, into the bare
//! content), and leaves every formula without that construct byte for byte alone. The rules
//! run in the order of [`RULES`], each on the previous one's output; each is one linear pass
//! and never panics on any input. `tests/compat/<rule>.txt` shows each rule's input and what
//! KaTeX receives; `tests/wasm_corpus.rs` checks in Chromium that KaTeX rejects every such
//! input, accepts every output, and draws KaTeX's own test expressions identically with and
//! without this pass.
//!
//! MathJax-isms KaTeX 0.19 already accepts need no rule: `\over`, `\choose`, `\atop`,
//! `\operatorname*`, `\bf`/`\rm`/`\it`, `\nonumber`/`\notag` at a row end (also in `split`),
//! and `\frac`, `\mathrm`, `\text` and the other "allowed in argument" functions as bare
//! scripts (`x^\frac{1}{2}`, `e^\mathrm{T}`). `\label`, `\eqref`, `\tag` and macros shared
//! across formulas belong to the document's TeX pass, which runs on this pass's output.

mod aliases;
mod bare_script_arg;
mod bbox;
mod declare_math_operator;
mod html_decorations;
pub(crate) mod lex;
mod newcommand_name;
mod require;
mod root_nudge;
mod unicode;

use crate::options::Compat;
use std::borrow::Cow;

/// One named rewrite. `apply` returns `None` when the formula has nothing for it to do.
pub struct Rule {
    pub name: &'static str,
    pub apply: fn(&str) -> Option<String>,
}

/// The rules, in the order they run. Order matters where one rule's output is another's
/// input: `\mbox`, `\bbox`, `\class` and `\unicode` become ordinary commands first, so a
/// bare script made of one of them (`x^\bbox[red]{a}`) is then braced by `bare_script_arg`.
pub const RULES: &[Rule] = &[
    Rule {
        name: "require",
        apply: require::apply,
    },
    Rule {
        name: "newcommand_name",
        apply: newcommand_name::apply,
    },
    Rule {
        name: "declare_math_operator",
        apply: declare_math_operator::apply,
    },
    Rule {
        name: "aliases",
        apply: aliases::apply,
    },
    Rule {
        name: "html_decorations",
        apply: html_decorations::apply,
    },
    Rule {
        name: "bbox",
        apply: bbox::apply,
    },
    Rule {
        name: "unicode",
        apply: unicode::apply,
    },
    Rule {
        name: "root_nudge",
        apply: root_nudge::apply,
    },
    Rule {
        name: "bare_script_arg",
        apply: bare_script_arg::apply,
    },
];

/// The TeX to send to the engine for a formula written as `tex`.
pub fn rewrite(tex: &str, compat: Compat) -> Cow<'_, str> {
    match compat {
        Compat::None => Cow::Borrowed(tex),
        Compat::Mathjax => {
            let mut tex = Cow::Borrowed(tex);
            for rule in RULES {
                if let Some(out) = (rule.apply)(&tex) {
                    tex = Cow::Owned(out);
                }
            }
            tex
        }
    }
}

/// Whether `tex` holds the control word `\name` (not just as the start of a longer one),
/// so a rule can return at once, without lexing, for the many formulas that lack it.
fn has_word(tex: &str, name: &str) -> bool {
    tex.match_indices(name).any(|(at, _)| {
        at > 0
            && tex.as_bytes()[at - 1] == b'\\'
            && !tex.as_bytes()[at + name.len()..]
                .first()
                .is_some_and(u8::is_ascii_alphabetic)
    })
}
