//! Small TeX lexing helpers shared by the document pass: commands, brace groups.

use std::borrow::Cow;
use std::ops::Range;

/// If `tex[i..]` starts with the command `\name` (not followed by a letter), the offset
/// after it.
pub fn command_at(tex: &str, i: usize, name: &str) -> Option<usize> {
    let b = tex.as_bytes();
    if b.get(i) != Some(&b'\\') || !tex[i + 1..].starts_with(name) {
        return None;
    }
    let end = i + 1 + name.len();
    match b.get(end) {
        Some(c) if c.is_ascii_alphabetic() => None,
        _ => Some(end),
    }
}

/// Skip spaces from `i`.
pub fn skip_spaces(tex: &str, mut i: usize) -> usize {
    let b = tex.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A `{...}` group at `i` (after spaces): (content range start, end, offset after `}`).
/// Escaped braces do not count.
pub fn group_at(tex: &str, i: usize) -> Option<(usize, usize, usize)> {
    let b = tex.as_bytes();
    let i = skip_spaces(tex, i);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((i + 1, j, j + 1));
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// `tex` with every `%` comment (an unescaped `%` through the end of its line) blanked to
/// spaces: same length and offsets, so searches for commands, rows and the end of a row
/// run on this copy and edit the original, and nothing inside a comment, which the engine
/// never reads, is taken for TeX. `\%` is a percent sign, not a comment.
pub fn mask_comments(tex: &str) -> Cow<'_, str> {
    if !tex.contains('%') {
        return Cow::Borrowed(tex);
    }
    let mut b = tex.as_bytes().to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            // `tex` is `b` as it was: nothing from `i` on is blanked yet.
            b'\\' => i = literal_end(tex, i).unwrap_or(i + 2),
            b'%' => {
                while i < b.len() && b[i] != b'\n' {
                    b[i] = b' ';
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    // Whole characters became ASCII spaces (a comment starts at an ASCII `%` and runs to an
    // ASCII newline or the end), so the bytes are still UTF-8.
    debug_assert!(std::str::from_utf8(&b).is_ok());
    Cow::Owned(unsafe { String::from_utf8_unchecked(b) })
}

/// The end of a `\verb|...|` (or `\verb*|...|`) or of the URL argument of `\url{...}` or
/// `\href{...}` starting with the backslash at `i`: KaTeX reads a `%` there as itself, not as
/// a comment. `None` if `tex[i..]` starts none of them (or leaves it unclosed).
pub fn literal_end(tex: &str, i: usize) -> Option<usize> {
    let b = tex.as_bytes();
    let rest = b.get(i + 1..)?;
    if let Some(after) = rest.strip_prefix(b"verb") {
        let after = after.strip_prefix(b"*").unwrap_or(after);
        let delim = *after.first()?;
        // KaTeX's `\verb` closes on its own line; a letter would make it another word.
        if delim.is_ascii_alphabetic() || !delim.is_ascii_graphic() {
            return None;
        }
        let start = b.len() - after.len() + 1;
        let close = b[start..].iter().position(|&c| c == delim || c == b'\n')?;
        return (b[start + close] == delim).then_some(start + close + 1);
    }
    let after = rest
        .strip_prefix(b"url")
        .or_else(|| rest.strip_prefix(b"href"))?;
    if after.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    group_at(tex, b.len() - after.len()).map(|(_, _, end)| end)
}

/// A `[...]` optional argument at `i` (after spaces): (content start, end, offset after).
pub fn optional_at(tex: &str, i: usize) -> Option<(usize, usize, usize)> {
    let b = tex.as_bytes();
    let i = skip_spaces(tex, i);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let close = tex[i..].find(']')? + i;
    Some((i + 1, close, close + 1))
}

/// Which of the commands the document pass cares about a formula uses, found in one pass so
/// the common formula (none of them) costs one scan and no substring searches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    pub label: bool,
    pub reference: bool,
    pub tag: bool,
    pub definition: bool,
    /// Any command at all (macros may apply).
    pub command: bool,
}

/// One lexing pass over a formula: appends the byte ranges of its control words to `words`
/// (so later steps can look at them without lexing again) and says which of the commands
/// the document pass cares about it uses.
pub fn lex(tex: &str, words: &mut Vec<Range<usize>>) -> Uses {
    let mut u = Uses::default();
    for range in command_ranges(tex) {
        u.command = true;
        let name = &tex[range.clone()];
        if USES_SHAPES.may_contain(name) {
            match name {
                "label" => u.label = true,
                "eqref" | "ref" => u.reference = true,
                "tag" | "nonumber" | "notag" => u.tag = true,
                "newcommand" | "renewcommand" | "providecommand" | "def" | "gdef" => {
                    u.definition = true
                }
                _ => {}
            }
        }
        words.push(range);
    }
    u
}

/// Shapes of the words [`lex`] looks for: most words are passed without a comparison.
const USES_SHAPES: Shapes = Shapes::new()
    .with("label")
    .with("eqref")
    .with("ref")
    .with("tag")
    .with("nonumber")
    .with("notag")
    .with("newcommand")
    .with("renewcommand")
    .with("providecommand")
    .with("def")
    .with("gdef");

/// Names of the control words (`\name`, letters only) in `tex`, in order. `\\` is a
/// row break, not the start of a name, and words inside a `%` comment (which the engine
/// never reads) are not there: `% see \eqref{a}` references nothing.
pub fn command_names(tex: &str) -> impl Iterator<Item = &str> {
    command_ranges(tex).map(move |r| &tex[r])
}

/// [`command_names`] as byte ranges of the names (without the backslash).
pub fn command_ranges(tex: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = tex.as_bytes();
    let mut i = 0;
    // A plain loop, not a vectorised search: formulas are short and backslashes a few
    // bytes apart, where setting up a search for each costs more than it skips.
    std::iter::from_fn(move || {
        while i < b.len() {
            if b[i] != b'\\' {
                if b[i] == b'%' {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                }
                i += 1;
                continue;
            }
            let s = i + 1;
            let e = s + b[s..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            // A control symbol (`\\`, `\{`) takes the byte after the backslash with it, and
            // a `\verb` or a URL its literal argument.
            i = match &b[s..e] {
                b"verb" | b"url" | b"href" => literal_end(tex, s - 1).unwrap_or(e),
                _ => e.max(s + 1),
            };
            if e > s {
                return Some(s..e);
            }
        }
        None
    })
}

/// Words of this many bytes or more share one slot in [`Shapes`].
const SHAPE_LEN_LIMIT: usize = 32;

/// The shapes (length, first byte) of a set of control words: a word whose shape is not in
/// it is certainly not in the set, so most words of a formula are ruled out in O(1) without
/// hashing or comparing strings (the compat triggers, the document's macro names).
#[derive(Clone, Copy, Debug)]
pub struct Shapes([u128; SHAPE_LEN_LIMIT]);

impl Default for Shapes {
    fn default() -> Self {
        Shapes::new()
    }
}

impl Shapes {
    pub const fn new() -> Shapes {
        Shapes([0; SHAPE_LEN_LIMIT])
    }

    /// The set with `word` added (by value, so it also builds sets at compile time).
    pub const fn with(mut self, word: &str) -> Shapes {
        if let Some((len, bit)) = shape(word) {
            self.0[len] |= bit;
        }
        self
    }

    /// False only if no word of the set has this one's shape.
    pub fn may_contain(&self, word: &str) -> bool {
        shape(word).is_some_and(|(len, bit)| self.0[len] & bit != 0)
    }
}

/// A word's slot and bit in [`Shapes`]; `None` for the empty word. Control words are ASCII
/// letters, so the first byte is below 128.
const fn shape(word: &str) -> Option<(usize, u128)> {
    let b = word.as_bytes();
    if b.is_empty() {
        return None;
    }
    let len = if b.len() < SHAPE_LEN_LIMIT {
        b.len()
    } else {
        SHAPE_LEN_LIMIT - 1
    };
    Some((len, 1 << (b[0] & 127)))
}
