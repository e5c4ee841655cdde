//! `\class{name}{x}`, `\cssId{id}{x}`, `\style{css}{x}`: MathJax's HTML decorations. KaTeX's
//! equivalents (`\htmlClass`, `\htmlId`, `\htmlStyle`) work only with `trust: true`, and
//! mathdown runs KaTeX untrusted (a blog comment must not set ids or styles on the page), so
//! the decoration is dropped and `x` is drawn as it would be without it.

use super::lex::{short_group, skip_space, Edit, Lexer, Tok};

/// Longest class list, id or style read; real ones are a few words.
const MAX_ARG: usize = 1024;

pub fn apply(tex: &str) -> Option<String> {
    if !["class", "cssId", "style"]
        .iter()
        .any(|name| super::has_word(tex, name))
    {
        return None;
    }
    let mut edit = Edit::new(tex);
    let mut lex = Lexer::new(tex);
    while let Some((at, tok)) = lex.next() {
        if let Tok::Word("class" | "cssId" | "style") = tok {
            if let Some((_, end)) = short_group(tex, lex.pos(), MAX_ARG) {
                // The content follows as it was written: a group stays a group.
                let content = skip_space(tex, end);
                edit.replace(at, content, "");
                lex.seek(content);
            }
        }
    }
    edit.finish()
}
