//! Replacing each formula by an inert placeholder before Markdown runs, and mapping offsets
//! in the protected text back to the original source.
//!
//! A placeholder is `S<index>S` where `S` is a private-use character that does not occur in
//! the input: Markdown treats it like a letter (no emphasis, no escapes, no block syntax), so
//! it survives pulldown-cmark untouched and the adapter can find it in text events.

use crate::scan::MathSpan;
use std::ops::Range;

pub struct Protected {
    pub text: String,
    pub sentinel: char,
    /// (protected start, protected end, original start, original end) per placeholder.
    map: Vec<(usize, usize, usize, usize)>,
}

/// The first private-use code point absent from `src`. The private-use area has 6,400 code
/// points and a text can hold at most as many distinct ones, so the last resort (a
/// supplementary private-use point) is only reached by a text written to exhaust them.
fn pick_sentinel(src: &str) -> char {
    let mut seen = vec![false; 0x1900];
    // U+E000..U+EFFF all start with byte 0xEE, which text hardly ever holds: only those
    // characters are decoded. U+F000..U+F8FF start with 0xEF, as CJK punctuation (U+FFxx)
    // does, so they are looked at only if every point of the first block is taken.
    let mark = |seen: &mut [bool], lead: u8| {
        for at in memchr::memchr_iter(lead, src.as_bytes()) {
            let c = src[at..].chars().next().map_or(0, |c| c as u32);
            if (0xE000..0xF900).contains(&c) {
                seen[(c - 0xE000) as usize] = true;
            }
        }
    };
    mark(&mut seen, 0xEE);
    const FIRST_BLOCK: usize = 0x1000;
    if seen[..FIRST_BLOCK].iter().all(|&s| s) {
        mark(&mut seen, 0xEF);
    }
    match seen.iter().position(|s| !s) {
        Some(i) => char::from_u32(0xE000 + i as u32).unwrap_or('\u{F0000}'),
        None => '\u{F0000}',
    }
}

impl Protected {
    pub fn new(src: &str, spans: &[MathSpan]) -> Protected {
        let sentinel = pick_sentinel(src);
        let mut text = String::with_capacity(src.len() + spans.len() * 4);
        let mut map = Vec::with_capacity(spans.len());
        let mut last = 0;
        for (i, s) in spans.iter().enumerate() {
            text.push_str(&src[last..s.range.start]);
            let p = text.len();
            text.push(sentinel);
            push_index(&mut text, i);
            text.push(sentinel);
            map.push((p, text.len(), s.range.start, s.range.end));
            last = s.range.end;
        }
        text.push_str(&src[last..]);
        Protected {
            text,
            sentinel,
            map,
        }
    }

    /// Map an offset in the protected text to the original source.
    pub fn to_source(&self, pos: usize) -> usize {
        self.map_entry(self.map.partition_point(|m| m.0 <= pos), pos)
    }

    /// [`Self::to_source`] for offsets that mostly grow (block after block): `cursor` keeps
    /// where the last one was found, and the search starts there.
    pub fn to_source_from(&self, pos: usize, cursor: &mut usize) -> usize {
        *cursor = crate::regions::search_from(&self.map, *cursor, |m| m.0 <= pos);
        self.map_entry(*cursor, pos)
    }

    /// The source of placeholder `i`'s formula, delimiters included.
    pub fn source_range(&self, i: usize) -> Range<usize> {
        let (_, _, start, end) = self.map[i];
        start..end
    }

    /// `pos` mapped through the placeholder before map index `i`.
    fn map_entry(&self, i: usize, pos: usize) -> usize {
        if i == 0 {
            return pos;
        }
        let (ps, pe, os, oe) = self.map[i - 1];
        if pos < pe {
            // Inside a placeholder: its start maps to the formula's start.
            if pos == ps {
                os
            } else {
                oe
            }
        } else {
            oe + (pos - pe)
        }
    }

    pub fn range_to_source(&self, r: Range<usize>) -> Range<usize> {
        self.to_source(r.start)..self.to_source(r.end)
    }

    /// Split text into plain pieces and placeholder indices.
    pub fn pieces<'t>(&self, text: &'t str) -> Pieces<'t> {
        Pieces {
            rest: text,
            sentinel: self.sentinel,
            count: self.map.len(),
            open: None,
        }
    }

    /// [`Self::pieces`] of a text whose first sentinel the caller has found, at `first`
    /// ([`Self::find_sentinel`]): it is not searched for again.
    pub fn pieces_from<'t>(&self, text: &'t str, first: usize) -> Pieces<'t> {
        Pieces {
            open: Some(first),
            ..self.pieces(text)
        }
    }

    /// Where `text`'s first sentinel (so possibly a placeholder) is.
    pub fn find_sentinel(&self, text: &str) -> Option<usize> {
        find_char(text, self.sentinel)
    }

    /// Whether `text` holds the sentinel (so possibly a placeholder).
    pub fn has_sentinel(&self, text: &str) -> bool {
        find_char(text, self.sentinel).is_some()
    }
}

/// The offset of the first `c` in `text`, searched by its first UTF-8 byte. For a sentinel
/// that byte is rare (0xEE); `str::find` keys on the last byte, which for a private-use
/// character is a continuation byte that CJK text is full of.
fn find_char(text: &str, c: char) -> Option<usize> {
    let mut buf = [0u8; 4];
    let needle = c.encode_utf8(&mut buf).as_bytes();
    let b = text.as_bytes();
    memchr::memchr_iter(needle[0], b).find(|&at| b[at..].starts_with(needle))
}

/// `i` in decimal, without the formatting machinery (one per formula).
fn push_index(out: &mut String, i: usize) {
    let mut digits = [0u8; 20];
    let mut n = i;
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[k..].iter().for_each(|&d| out.push(d as char));
}

pub enum Piece<'t> {
    Text(&'t str),
    Math(usize),
}

pub struct Pieces<'t> {
    rest: &'t str,
    sentinel: char,
    count: usize,
    /// Where the next sentinel in `rest` is, when already known (the text piece before it
    /// ended there, or the caller found it): it is not searched for again.
    open: Option<usize>,
}

impl<'t> Iterator for Pieces<'t> {
    type Item = Piece<'t>;

    fn next(&mut self) -> Option<Piece<'t>> {
        if self.rest.is_empty() {
            return None;
        }
        let s = self.sentinel;
        let Some(open) = self.open.take().or_else(|| find_char(self.rest, s)) else {
            return Some(Piece::Text(std::mem::take(&mut self.rest)));
        };
        if open > 0 {
            let (t, r) = self.rest.split_at(open);
            self.rest = r;
            self.open = Some(0);
            return Some(Piece::Text(t));
        }
        let after = &self.rest[s.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after[..digits].parse::<usize>().ok();
        match (index, after[digits..].starts_with(s)) {
            (Some(i), true) if i < self.count => {
                self.rest = &after[digits + s.len_utf8()..];
                Some(Piece::Math(i))
            }
            _ => {
                // Not one of ours (cannot happen with a fresh sentinel): keep it as text.
                let (t, r) = self.rest.split_at(s.len_utf8());
                self.rest = r;
                Some(Piece::Text(t))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pick_sentinel;

    #[test]
    fn the_sentinel_is_the_first_private_use_point_absent() {
        assert_eq!(pick_sentinel("plain，中文"), '\u{E000}');
        assert_eq!(pick_sentinel("\u{E000}\u{E001}\u{F000}"), '\u{E002}');
        // Every point starting with 0xEE taken: the search goes on into U+F000...
        let mut all: String = (0xE000..0xF000).filter_map(char::from_u32).collect();
        all.push('\u{F000}');
        all.push('，');
        assert_eq!(pick_sentinel(&all), '\u{F001}');
    }
}
