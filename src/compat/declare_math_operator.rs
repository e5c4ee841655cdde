//! `\DeclareMathOperator{\foo}{foo}` inside a formula (MathJax allows it, KaTeX only in a
//! preamble it does not have) becomes `\def\foo{\operatorname{foo}}`; the `*` form, with
//! limits below and above, becomes `\operatorname*`. `\def` rather than `\newcommand`, so
//! declaring a name KaTeX already knows replaces it as in LaTeX instead of failing.

use super::lex::{short_group, skip_space, token_at, Edit, Lexer, Tok};

/// Longest operator name or body read: names like `argmax`, `Tr`, `diag`.
const MAX_ARG: usize = 256;

pub fn apply(tex: &str) -> Option<String> {
    if !super::has_word(tex, "DeclareMathOperator") {
        return None;
    }
    let mut edit = Edit::new(tex);
    let mut lex = Lexer::new(tex);
    while let Some((start, tok)) = lex.next() {
        if tok != Tok::Word("DeclareMathOperator") {
            continue;
        }
        let mut at = skip_space(tex, lex.pos());
        let star = tex[at..].starts_with('*');
        if star {
            at = skip_space(tex, at + 1);
        }
        // The name: `{\foo}` or a bare `\foo`.
        let (name, after_name) = match short_group(tex, at, MAX_ARG) {
            Some((inner, end)) => (inner.trim(), end),
            None => match token_at(tex, at) {
                Some((Tok::Word(_), len)) => (&tex[at..at + len], at + len),
                _ => continue,
            },
        };
        if !matches!(token_at(name, 0), Some((Tok::Word(_), len)) if len == name.len()) {
            continue;
        }
        let Some((body, end)) = short_group(tex, after_name, MAX_ARG) else {
            continue;
        };
        let op = if star {
            "operatorname*"
        } else {
            "operatorname"
        };
        edit.replace(start, end, &format!("\\def{name}{{\\{op}{{{body}}}}}"));
        lex.seek(end);
    }
    edit.finish()
}
