//! `\unicode{x263A}` (MathJax: a character by code point, hex after `x` or decimal) becomes
//! `{\char"263A}`, which KaTeX draws in math and in text. MathJax's optional font and size
//! arguments (`\unicode[Arial]{...}`) are dropped. A code point that is no character (a
//! surrogate, past U+10FFFF, a control) is left as written for KaTeX to report.

use super::lex::{optional_end, short_group, skip_space, Braces, Edit, Lexer, Tok};

/// Longest number read (`x10FFFF` is 7 bytes) with room for spaces around it.
const MAX_ARG: usize = 32;
/// Longest MathJax option list read (`[0.7em,0.2em][Arial]`).
const MAX_OPTIONS: usize = 256;
/// MathJax 2 takes up to two bracketed option lists before the number.
const MAX_OPTION_LISTS: usize = 2;

pub fn apply(tex: &str) -> Option<String> {
    if !super::has_word(tex, "unicode") {
        return None;
    }
    let braces = Braces::new(tex);
    let mut edit = Edit::new(tex);
    let mut lex = Lexer::new(tex);
    while let Some((at, tok)) = lex.next() {
        if tok != Tok::Word("unicode") {
            continue;
        }
        let mut arg = lex.pos();
        for _ in 0..MAX_OPTION_LISTS {
            match optional_end(tex, &braces, arg, MAX_OPTIONS) {
                Some(end) => arg = end,
                None => break,
            }
        }
        let Some((number, end)) = short_group(tex, skip_space(tex, arg), MAX_ARG) else {
            continue;
        };
        if let Some(c) = code_point(number) {
            // Braced so digits written after the formula's `\unicode{..}` do not extend the
            // number `\char` reads.
            edit.replace(at, end, &format!("{{\\char\"{:X}}}", c as u32));
            lex.seek(end);
        }
    }
    edit.finish()
}

/// MathJax's number syntax: `x263A` or `0x263A` hex, `9786` decimal.
fn code_point(number: &str) -> Option<char> {
    let n = number.trim();
    let value = match n.strip_prefix("0x").or_else(|| n.strip_prefix(['x', 'X'])) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None if n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok()?,
        None => return None,
    };
    char::from_u32(value).filter(|c| !c.is_control())
}
