//! Commands MathJax defines and KaTeX lacks that have an exact KaTeX spelling: renamed.

use super::lex::{Edit, Lexer, Tok};

/// MathJax name → what KaTeX draws the same way.
const ALIASES: &[(&str, &str)] = &[
    // LaTeX's text box; KaTeX has `\text` (and `\hbox`) but no `\mbox`.
    ("mbox", "\\text"),
    // amsmath's multiple integral with dots, as MathJax draws it.
    ("idotsint", "\\int\\cdots\\int"),
];

pub fn apply(tex: &str) -> Option<String> {
    if !ALIASES.iter().any(|(name, _)| super::has_word(tex, name)) {
        return None;
    }
    let mut edit = Edit::new(tex);
    for (at, tok) in Lexer::new(tex) {
        if let Tok::Word(word) = tok {
            if let Some((_, with)) = ALIASES.iter().find(|(name, _)| *name == word) {
                edit.replace(at, at + 1 + word.len(), with);
            }
        }
    }
    edit.finish()
}
