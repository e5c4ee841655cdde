//! The TeX tokens the rules look at: control words, control symbols, comments, characters.

/// One token of the source, by byte range. Every range starts and ends on a char boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok<'a> {
    /// `\name` (ASCII letters only, as TeX's default catcodes have it); `name` without `\`.
    Word(&'a str),
    /// `\` and one character that is not a letter (`\\`, `\{`, `\_`, `\,`), or a lone `\` at
    /// the end.
    Symbol,
    /// `%` to the end of the line (without the newline): KaTeX ignores it, so must the rules.
    Comment,
    /// Any other single character.
    Char(char),
}

/// Tokens of `tex` with their start offsets. Linear: each byte is looked at once.
pub struct Lexer<'a> {
    tex: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(tex: &'a str) -> Self {
        Lexer { tex, pos: 0 }
    }

    /// Where the next token starts.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Continue from `pos` (a char boundary at or after the current position).
    pub fn seek(&mut self, pos: usize) {
        debug_assert!(self.tex.is_char_boundary(pos));
        self.pos = pos.min(self.tex.len());
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = (usize, Tok<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let (tok, len) = token_at(self.tex, start)?;
        self.pos = start + len;
        Some((start, tok))
    }
}

/// The token starting at byte `at` and its length in bytes; `None` at the end (or off a char
/// boundary, which callers never ask for).
pub fn token_at(tex: &str, at: usize) -> Option<(Tok<'_>, usize)> {
    let rest = tex.get(at..)?;
    let c = rest.chars().next()?;
    Some(match c {
        '\\' => {
            let letters = rest[1..]
                .bytes()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            if letters > 0 {
                (Tok::Word(&rest[1..1 + letters]), 1 + letters)
            } else {
                let next = rest[1..].chars().next().map_or(0, char::len_utf8);
                (Tok::Symbol, 1 + next)
            }
        }
        '%' => (Tok::Comment, rest.find('\n').unwrap_or(rest.len())),
        c => (Tok::Char(c), c.len_utf8()),
    })
}

/// The first offset at or after `at` that is not a space, tab or newline (TeX skips these
/// between a command and its arguments in math mode).
pub fn skip_space(tex: &str, at: usize) -> usize {
    at + tex.get(at..).map_or(0, |r| {
        r.bytes().take_while(|b| b" \t\r\n".contains(b)).count()
    })
}

/// Matching braces of one formula, found in one pass, so rules can jump over a group in O(1)
/// instead of rescanning it (nested groups would make rescanning quadratic).
pub struct Braces {
    close_of: std::collections::HashMap<usize, usize>,
}

impl Braces {
    pub fn new(tex: &str) -> Braces {
        let mut close_of = std::collections::HashMap::new();
        let mut open = Vec::new();
        for (at, tok) in Lexer::new(tex) {
            match tok {
                Tok::Char('{') => open.push(at),
                Tok::Char('}') => {
                    if let Some(o) = open.pop() {
                        close_of.insert(o, at);
                    }
                }
                _ => {}
            }
        }
        Braces { close_of }
    }

    /// The offset just past the `}` matching the `{` at `open`, if it has one.
    pub fn group_end(&self, open: usize) -> Option<usize> {
        self.close_of.get(&open).map(|c| c + 1)
    }

    /// The end of the argument TeX would read at `at` (after spaces): a whole `{...}` group,
    /// or one token. `None` if there is none (end of formula, an unmatched or closing brace).
    pub fn argument_end(&self, tex: &str, at: usize) -> Option<usize> {
        let at = skip_space(tex, at);
        match token_at(tex, at)? {
            (Tok::Char('{'), _) => self.group_end(at),
            (Tok::Char('}'), _) | (Tok::Comment, _) => None,
            // A macro parameter (`#1` in a `\def` body) is one argument.
            (Tok::Char('#'), 1) if tex[at + 1..].starts_with(|c: char| c.is_ascii_digit()) => {
                Some(at + 2)
            }
            (_, len) => Some(at + len),
        }
    }
}

/// The end of a `[...]` optional argument starting at `at` (after spaces), if there is one:
/// up to the first `]` outside braces, as KaTeX reads it. Gives up after `limit` bytes so a
/// stray `[` cannot make a rule scan the rest of the formula again and again.
pub fn optional_end(tex: &str, braces: &Braces, at: usize, limit: usize) -> Option<usize> {
    let at = skip_space(tex, at);
    if !tex[at..].starts_with('[') {
        return None;
    }
    let mut lex = Lexer::new(tex);
    lex.seek(at + 1);
    while let Some((p, tok)) = lex.next() {
        if p - at > limit {
            return None;
        }
        match tok {
            Tok::Char(']') => return Some(p + 1),
            Tok::Char('{') => lex.seek(braces.group_end(p)?),
            Tok::Char('}') => return None,
            _ => {}
        }
    }
    None
}

/// The text of the `{...}` group at `at` (after spaces) without its braces, and the offset
/// past it; `None` if there is no group there or it is longer than `limit` bytes.
pub fn short_group(tex: &str, at: usize, limit: usize) -> Option<(&str, usize)> {
    let at = skip_space(tex, at);
    if !tex[at..].starts_with('{') {
        return None;
    }
    let mut depth = 0usize;
    let mut lex = Lexer::new(tex);
    lex.seek(at);
    for (p, tok) in lex {
        if p - at > limit {
            return None;
        }
        match tok {
            Tok::Char('{') => depth += 1,
            Tok::Char('}') => {
                depth -= 1;
                if depth == 0 {
                    return Some((&tex[at + 1..p], p + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Builds a rewritten copy of a formula from edits given in source order: everything not
/// replaced is copied as written.
pub struct Edit<'a> {
    tex: &'a str,
    out: String,
    copied: usize,
}

impl<'a> Edit<'a> {
    pub fn new(tex: &'a str) -> Self {
        Edit {
            tex,
            out: String::new(),
            copied: 0,
        }
    }

    /// Replace `tex[start..end]` by `with`. Edits come in source order; one that starts
    /// inside text already written starts where that text ends instead (only malformed TeX,
    /// which KaTeX rejects either way, gets there), so no input can make this panic.
    pub fn replace(&mut self, start: usize, end: usize, with: &str) {
        let start = start.max(self.copied);
        let end = end.max(start);
        self.out.push_str(&self.tex[self.copied..start]);
        self.out.push_str(with);
        self.copied = end;
    }

    /// Copy the source up to `to`, then write `text`.
    pub fn insert(&mut self, to: usize, text: &str) {
        self.replace(to, to, text);
    }

    /// The rewritten formula, or `None` if no edit was made.
    pub fn finish(mut self) -> Option<String> {
        if self.copied == 0 && self.out.is_empty() {
            return None;
        }
        self.out.push_str(&self.tex[self.copied..]);
        Some(self.out)
    }
}
