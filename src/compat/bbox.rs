//! `\bbox[yellow,5px,border:1px solid red]{x}`: MathJax's box with a background, padding and
//! border. KaTeX has no `\bbox`; the same box is `\colorbox{yellow}{$\displaystyle x$}`, or
//! `\fcolorbox{red}{yellow}{...}` with a border, `\boxed{x}` with only a border, and just
//! `{x}` with neither. The content is set in display style, as KaTeX's own `\boxed` does.
//! Padding and border widths are KaTeX's `\fboxsep`/`\fboxrule`; a color KaTeX cannot read
//! (`rgb(...)`) is dropped, and `style:` options are dropped as `\style` is.

use super::lex::{optional_end, skip_space, token_at, Braces, Edit, Lexer, Tok};

/// Words of a CSS `border` shorthand that look like color names to KaTeX but are not.
const BORDER_WORDS: &[&str] = &[
    "none", "hidden", "dotted", "dashed", "solid", "double", "groove", "ridge", "inset", "outset",
    "thin", "medium", "thick",
];

/// Longest option list read; real ones are a few items.
const MAX_OPTIONS: usize = 1024;

pub fn apply(tex: &str) -> Option<String> {
    if !super::has_word(tex, "bbox") {
        return None;
    }
    let braces = Braces::new(tex);
    let mut edit = Edit::new(tex);
    let mut lex = Lexer::new(tex);
    while let Some((at, tok)) = lex.next() {
        if tok != Tok::Word("bbox") {
            continue;
        }
        let mut content = skip_space(tex, lex.pos());
        let options = match optional_end(tex, &braces, content, MAX_OPTIONS) {
            Some(end) => {
                let options = &tex[content + 1..end - 1];
                content = skip_space(tex, end);
                options
            }
            None => "",
        };
        let end = match token_at(tex, content) {
            Some((Tok::Char('{'), _)) => match braces.group_end(content) {
                Some(end) => end,
                None => continue,
            },
            Some((Tok::Char('}') | Tok::Comment, _)) | None => continue,
            Some((_, len)) => content + len,
        };
        let body = tex[content..end]
            .strip_prefix('{')
            .and_then(|b| b.strip_suffix('}'))
            .unwrap_or(&tex[content..end]);
        let (background, border) = parse_options(options);
        let boxed = format!("{{$\\displaystyle {body}$}}");
        let with = match (background, border) {
            (Some(bg), Some(frame)) => format!("\\fcolorbox{{{frame}}}{{{bg}}}{boxed}"),
            (Some(bg), None) => format!("\\colorbox{{{bg}}}{boxed}"),
            (None, Some(frame)) => format!("\\fcolorbox{{{frame}}}{{transparent}}{boxed}"),
            (None, None) => format!("{{{body}}}"),
        };
        edit.replace(at, end, &with);
        lex.seek(end);
    }
    edit.finish()
}

/// The background color and the border color (black if the border names none) from
/// MathJax's comma-separated options.
fn parse_options(options: &str) -> (Option<&str>, Option<&str>) {
    let mut background = None;
    let mut border = None;
    for item in split_top_level(options) {
        let item = item.trim();
        if let Some(value) = item.strip_prefix("border") {
            // `border:1px solid red` (CSS shorthand): the color is the word that is one.
            let value = value.trim_start_matches(|c: char| c != ':' && c != ' ');
            border = Some(
                value
                    .trim_start_matches(':')
                    .split_whitespace()
                    .rev()
                    .find(|w| is_katex_color(w) && !BORDER_WORDS.contains(w))
                    .unwrap_or("black"),
            );
        } else if is_katex_color(item) && !is_dimension(item) {
            background = Some(item);
        }
    }
    (background, border)
}

/// Items of `a,b,c`, not split inside parentheses (`rgb(1,0,0)`).
fn split_top_level(s: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0i32;
    s.split(move |c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        c == ',' && depth == 0
    })
}

/// KaTeX's color syntax (`#rgb`, `#rrggbb`, `#rrggbbaa`, `rrggbb`, a name): anything else
/// makes `\colorbox` fail.
fn is_katex_color(s: &str) -> bool {
    let hex = |h: &str| h.bytes().all(|b| b.is_ascii_hexdigit());
    match s.strip_prefix('#') {
        Some(h) => matches!(h.len(), 3 | 4 | 6 | 8) && hex(h),
        None => {
            !s.is_empty()
                && (s.bytes().all(|b| b.is_ascii_alphabetic()) || (s.len() == 6 && hex(s)))
        }
    }
}

/// A padding like `5px` or `.3em`.
fn is_dimension(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '-')
}
