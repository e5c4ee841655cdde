//! `\newcommand{msign}{...}`: MathJax takes a macro name written without its backslash,
//! KaTeX insists on one, so the backslash is put in (`\newcommand{\msign}{...}`). LaTeX's
//! `\newcommand*` (no paragraphs in arguments, meaningless in math) loses its star, which
//! KaTeX would take for the macro name.

use super::lex::{short_group, skip_space, Edit, Lexer, Tok};

/// Longest macro name considered: real names are a few letters.
const MAX_NAME: usize = 64;

pub fn apply(tex: &str) -> Option<String> {
    if !tex.contains("command") {
        return None;
    }
    let mut edit = Edit::new(tex);
    let mut lex = Lexer::new(tex);
    while let Some((_, tok)) = lex.next() {
        let Tok::Word("newcommand" | "renewcommand" | "providecommand") = tok else {
            continue;
        };
        let mut at = skip_space(tex, lex.pos());
        if tex[at..].starts_with('*') {
            edit.replace(at, at + 1, "");
            at += 1;
        }
        let at = skip_space(tex, at);
        if let Some((name, end)) = short_group(tex, at, MAX_NAME) {
            if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic()) {
                edit.insert(at + 1, "\\");
                lex.seek(end);
            }
        }
    }
    edit.finish()
}
