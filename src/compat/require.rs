//! `\require{ext}` loads a MathJax extension; KaTeX has its extensions built in, so it goes.

use super::lex::{short_group, Edit, Lexer, Tok};

/// Longest extension name list read: names like `cancel` or `mhchem`; a longer "argument"
/// is not a `\require` this rule understands, and is left for KaTeX to report.
const MAX_NAME: usize = 256;

pub fn apply(tex: &str) -> Option<String> {
    if !super::has_word(tex, "require") {
        return None;
    }
    let mut edit = Edit::new(tex);
    let mut lex = Lexer::new(tex);
    while let Some((at, tok)) = lex.next() {
        if tok == Tok::Word("require") {
            if let Some((_, end)) = short_group(tex, lex.pos(), MAX_NAME) {
                edit.replace(at, end, "");
                lex.seek(end);
            }
        }
    }
    edit.finish()
}
