//! `\sqrt[\uproot{10}p]{x}`, `\leftroot{-2}`: amsmath's nudges of a root's index, which
//! MathJax honours and KaTeX does not know. Dropped: the index sits where KaTeX puts it.

use super::lex::{short_group, skip_space, token_at, Edit, Lexer, Tok};

/// Longest nudge argument read: a small integer.
const MAX_ARG: usize = 32;

pub fn apply(tex: &str) -> Option<String> {
    if !super::has_word(tex, "uproot") && !super::has_word(tex, "leftroot") {
        return None;
    }
    let mut edit = Edit::new(tex);
    let mut lex = Lexer::new(tex);
    while let Some((at, tok)) = lex.next() {
        if let Tok::Word("uproot" | "leftroot") = tok {
            let arg = skip_space(tex, lex.pos());
            let end = match short_group(tex, arg, MAX_ARG) {
                Some((_, end)) => end,
                // `\uproot2`: one token, as TeX reads an argument.
                None => match token_at(tex, arg) {
                    Some((Tok::Char(c), len)) if c.is_ascii_digit() => arg + len,
                    _ => continue,
                },
            };
            edit.replace(at, end, "");
            lex.seek(end);
        }
    }
    edit.finish()
}
