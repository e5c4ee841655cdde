//! A same-length copy of Markdown for a pass that needs only its block structure: bytes
//! that matter to inline parsing alone become a letter, so pulldown-cmark's inline work
//! (emphasis runs, entities, escapes and code spans inside formulas, which are dense in
//! `_`, `*`, `\` and `&`) has almost nothing to do, while every block starts and ends
//! where it does in the source. Same length and only ASCII replaced by ASCII, so every
//! offset and char boundary is kept.
//!
//! Replaced: `_ * ~ \` &`, a backslash before punctuation together with it (`\{` is two
//! letters), and a backslash before anything else. Kept: everything listed below.
//!
//! What CommonMark and pulldown-cmark read for block structure, and why blanking keeps it:
//! - A line's start: indentation, container markers (`>`, list markers) and the construct
//!   its content opens. The leading zone of spaces, `>` and list markers is never changed,
//!   and a line whose content starts with a byte that may open a construct read from the
//!   whole line (`<` HTML blocks, `[` link reference and footnote definitions, `` ` ``
//!   and `~` fences, `*` and `_` thematic breaks) is kept as it is.
//! - Table rows: cells split at `|` not preceded by `\`. Pipes are never changed, nor is a
//!   backslash before one (or before a backslash, as in `\\|`).
//! - A backslash at a line end (a hard break, which also ends a would-be table header
//!   line) is kept.
//! - Continuation lines of a link reference definition (the label, destination and title
//!   can go on after the `[` line): brackets, parentheses, quotes and `<`/`>` and escapes
//!   of them are kept; the other replaced bytes are ordinary in labels, destinations and
//!   titles, and a letter is too.
//! - HTML block ends (`</script>`, `-->`, `?>`, `>`, `]]>`) and blank lines hold none of
//!   the replaced bytes, and an escape of their punctuation (`\?>`) is kept.
//! - Lines end at LF or CRLF; text with a lone CR is not blanked at all (see
//!   [`block_text`]).
//!
//! `tests/block_text.rs` checks that the block structure read from this copy is the one
//! read from the source, for every input the test suites have.

use crate::byteset::{self, CHUNK};
use std::borrow::Cow;

/// What replaces a blanked byte: a letter is inert everywhere in Markdown.
const FILLER: u8 = b'x';

/// Escaped punctuation that must stay escaped: table pipes, link labels, destinations and
/// titles, the `?` of `?>` and the `-` of `-->` (HTML block ends), and a backslash (which
/// may escape a pipe: `\\|`).
fn keep_escaped(c: u8) -> bool {
    matches!(
        c,
        b'\\' | b'|' | b'[' | b']' | b'(' | b')' | b'<' | b'>' | b'"' | b'\'' | b'?' | b'-'
    )
}

/// The copy of `src` described in the module docs; `src` itself if it has a carriage return
/// that is not part of a CRLF: pulldown-cmark reads such a line ending as one in some
/// places and not in others (a fence's info string runs on past it), so which bytes start
/// a line is not certain there.
pub fn block_text(src: &str) -> Cow<'_, str> {
    let b = src.as_bytes();
    if memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n')) {
        return Cow::Borrowed(src);
    }
    let mut b = b.to_vec();
    let mut line = 0;
    while line < b.len() {
        let end = memchr::memchr(b'\n', &b[line..]).map_or(b.len(), |k| line + k);
        let content = if end > line && b[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        blank_line(&mut b[line..content]);
        line = end + 1;
    }
    debug_assert!(std::str::from_utf8(&b).is_ok());
    // SAFETY: `b` is the bytes of `src`, a `str`, with some ASCII bytes replaced by ASCII
    // bytes, which keeps it UTF-8. (Checking it again would cost more than the blanking.)
    Cow::Owned(unsafe { String::from_utf8_unchecked(b) })
}

/// Blank one line (without its line ending) after its leading zone.
fn blank_line(line: &mut [u8]) {
    let start = leading_zone(line);
    if matches!(
        line.get(start),
        None | Some(b'<' | b'[' | b'`' | b'~' | b'*' | b'_')
    ) {
        return;
    }
    // The first byte not yet looked at: the byte after an escape is taken with it.
    let mut next = start;
    let mut base = start;
    while base < line.len() {
        // Whole chunks at once: most of a text is prose, with none of these bytes.
        let end = (base + CHUNK).min(line.len());
        let mut hits = byteset::mask(&line[base..end], &REPLACED);
        while hits != 0 {
            let k = base + hits.trailing_zeros() as usize;
            hits &= hits - 1;
            if k < next {
                continue;
            }
            next = k + 1;
            if line[k] != b'\\' {
                line[k] = FILLER;
                continue;
            }
            match line.get(k + 1) {
                // A hard break (or a lone backslash at the end of the text).
                None => {}
                Some(&c) if keep_escaped(c) => next = k + 2,
                Some(c) if c.is_ascii_punctuation() => {
                    line[k] = FILLER;
                    line[k + 1] = FILLER;
                    next = k + 2;
                }
                Some(_) => line[k] = FILLER,
            }
        }
        base = end;
    }
}

/// The bytes [`blank_line`] may replace: the inline-only ones and the backslash.
const REPLACED: [u8; 6] = *b"_*~`&\\";

/// Most digits an ordered list marker may have.
const MAX_ORDERED_DIGITS: usize = 9;

/// Length of the line's leading spaces, tabs, `>` markers and list markers, read greedily:
/// it covers whatever container prefix the parser may see (and sometimes more, such as the
/// `* ` of `* * *`, which only means less is blanked).
fn leading_zone(line: &[u8]) -> usize {
    let marker_end = |at: usize| at >= line.len() || matches!(line[at], b' ' | b'\t');
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b' ' | b'\t' | b'>' => i += 1,
            b'-' | b'+' | b'*' if marker_end(i + 1) => i += 1,
            b'0'..=b'9' => {
                let digits = line[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let delim = i + digits;
                if digits <= MAX_ORDERED_DIGITS
                    && matches!(line.get(delim), Some(b'.' | b')'))
                    && marker_end(delim + 1)
                {
                    i = delim + 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::block_text;

    #[test]
    fn inline_bytes_go_block_bytes_stay() {
        let cases = [
            ("a_b *c* \\alpha &amp;", "axb xcx xalpha xamp;"),
            ("- $x_1$ \\{ \\\\ \\| \\", "- $xx1$ xx \\\\ \\| \\"),
            ("<?\n\\?> \\-->", "<?\n\\?> \\-->"),
            ("> * * *\n***\n_a_", "> * * *\n***\n_a_"),
            (
                "```rust\n`x`\na_b\n[a]: *b*\n<i>*</i>",
                "```rust\n`x`\naxb\n[a]: *b*\n<i>*</i>",
            ),
            ("1. a_b\n1234567890. a_b", "1. axb\n1234567890. axb"),
        ];
        for (src, want) in cases {
            assert_eq!(block_text(src), want, "{src:?}");
        }
    }

    #[test]
    fn same_length_and_boundaries() {
        let src = "é\\é_ü\r\n\\\r\n`x`\t*y*";
        let out = block_text(src);
        assert_eq!(out.len(), src.len());
        assert!(src.char_indices().all(|(i, _)| out.is_char_boundary(i)));
    }

    #[test]
    fn lone_carriage_return_keeps_the_text() {
        assert_eq!(block_text("```\r`a_b`"), "```\r`a_b`");
        assert_eq!(block_text("a_b\r\nc_d"), "axb\r\ncxd");
    }
}
