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
use crate::tex::parse::Shapes;
use std::borrow::Cow;

/// One named rewrite. `apply` returns `None` when the formula has nothing for it to do.
pub struct Rule {
    pub name: &'static str,
    /// Control words without which the rule has nothing to do (empty: always try it). The
    /// pass lists a formula's words once and skips rules none of whose triggers it holds,
    /// so the common formula costs one scan, not one search per rule.
    pub triggers: &'static [&'static str],
    pub apply: fn(&str) -> Option<String>,
}

/// The rules, in the order they run. Order matters where one rule's output is another's
/// input: `\mbox`, `\bbox`, `\class` and `\unicode` become ordinary commands first, so a
/// bare script made of one of them (`x^\bbox[red]{a}`) is then braced by `bare_script_arg`.
pub const RULES: &[Rule] = &[
    Rule {
        name: "require",
        triggers: &["require"],
        apply: require::apply,
    },
    Rule {
        name: "newcommand_name",
        triggers: &["newcommand", "renewcommand", "providecommand"],
        apply: newcommand_name::apply,
    },
    Rule {
        name: "declare_math_operator",
        triggers: &["DeclareMathOperator"],
        apply: declare_math_operator::apply,
    },
    Rule {
        name: "aliases",
        triggers: &["mbox", "idotsint"],
        apply: aliases::apply,
    },
    Rule {
        name: "html_decorations",
        triggers: &["class", "cssId", "style"],
        apply: html_decorations::apply,
    },
    Rule {
        name: "bbox",
        triggers: &["bbox"],
        apply: bbox::apply,
    },
    Rule {
        name: "unicode",
        triggers: &["unicode"],
        apply: unicode::apply,
    },
    Rule {
        name: "root_nudge",
        triggers: &["uproot", "leftroot"],
        apply: root_nudge::apply,
    },
    Rule {
        name: "bare_script_arg",
        triggers: &[],
        apply: bare_script_arg::apply,
    },
];

/// The TeX to send to the engine for a formula written as `tex`.
pub fn rewrite(tex: &str, compat: Compat) -> Cow<'_, str> {
    rewrite_lexed(tex, compat, crate::tex::parse::command_names(tex))
}

/// [`rewrite`] for a formula whose control words the caller has already lexed, so the
/// document pass lexes each formula once for itself and for this pass.
pub(crate) fn rewrite_lexed<'t, 'w>(
    tex: &'t str,
    compat: Compat,
    words: impl Iterator<Item = &'w str>,
) -> Cow<'t, str> {
    match compat {
        Compat::None => Cow::Borrowed(tex),
        Compat::Mathjax => {
            let words = trigger_words(words);
            let mut tex = Cow::Borrowed(tex);
            for rule in RULES {
                if !rule.triggers.is_empty() && !rule.triggers.iter().any(|t| words.contains(t)) {
                    continue;
                }
                if let Some(out) = (rule.apply)(&tex) {
                    tex = Cow::Owned(out);
                }
            }
            tex
        }
    }
}

/// The rule-trigger words among a formula's control words, each once.
fn trigger_words<'w>(words: impl Iterator<Item = &'w str>) -> Vec<&'w str> {
    let mut found: Vec<&str> = Vec::new();
    for word in words {
        // Only trigger words matter; a formula holds a few of them at most.
        if TRIGGER_SHAPES.may_contain(word)
            && RULES.iter().any(|r| r.triggers.contains(&word))
            && !found.contains(&word)
        {
            found.push(word);
        }
    }
    found
}

/// The shapes of every trigger word, built from [`RULES`] at compile time: they rule out
/// almost every control word a formula holds (`\\frac`, `\\left`, `\\alpha`) without
/// comparing strings.
const TRIGGER_SHAPES: Shapes = {
    let mut shapes = Shapes::new();
    let mut r = 0;
    while r < RULES.len() {
        let triggers = RULES[r].triggers;
        let mut k = 0;
        while k < triggers.len() {
            shapes = shapes.with(triggers[k]);
            k += 1;
        }
        r += 1;
    }
    shapes
};

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
