//! Block structure the math scanner must respect, read from a first pulldown-cmark pass:
//! where code and raw HTML blocks are (math is never found there), where leaf blocks begin
//! and end (inline math never crosses them), and which lines sit inside list items or
//! footnote definitions (containers whose lines are indented).
//!
//! Display math is *not* bounded by these blocks: a formula line that starts with `- ` is a
//! list to this pass but stays TeX, because the scanner bounds display math only by blank
//! lines and code.

use crate::blank::block_text;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::cell::Cell;
use std::ops::Range;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Regions {
    /// Code blocks (fenced, indented) and HTML blocks, sorted, disjoint.
    pub code: Vec<Range<usize>>,
    /// The starts of the code regions that end display math: fenced code, HTML blocks and
    /// indented code after a blank line.
    display_stops: Vec<usize>,
    /// Indented code right after a line that is not blank, and where that line starts.
    /// Such code exists only because this pass closed the block before it (a formula line
    /// `=` read as a setext underline, `---` as a rule), and indented code cannot interrupt
    /// a paragraph: read with the formula first, as the final parse reads it, the line is
    /// the formula's, when the formula opened on an earlier line than the one before it
    /// (one opened on an ATX heading's line is ended by the code: `## PID: $$`).
    soft_stops: Vec<(usize, usize)>,
    /// Offsets where a block starts or ends, sorted: inline math stops at the next one.
    pub breaks: Vec<usize>,
    /// List item and footnote definition ranges sorted by start, with the running maximum
    /// of their ends, so "is this offset inside some item" is one binary search.
    item_starts: Vec<usize>,
    item_max_end: Vec<usize>,
    /// Block quotes' starts and ends, each sorted: how many quotes hold an offset is the
    /// count of starts before it less the count of ends.
    quote_starts: Vec<usize>,
    quote_ends: Vec<usize>,
}

impl Regions {
    /// The block structure of `src`, read from its [`block_text`] copy: the same blocks, for
    /// a fraction of the inline work.
    pub fn read(src: &str, options: pulldown_cmark::Options) -> Regions {
        Regions::read_exact(&block_text(src), options)
    }

    /// The block structure read from `text` itself (what [`Regions::read`] must equal).
    pub fn read_exact(text: &str, options: pulldown_cmark::Options) -> Regions {
        let mut r = Regions::default();
        // A block's start is recorded at its Start event and its end at its End event, so
        // the breaks come (nearly) in order and the sort below has little to do.
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(tag) if is_block(tag.to_end()) => {
                    r.breaks.push(range.start);
                    match tag {
                        Tag::CodeBlock(CodeBlockKind::Indented) => {
                            match line_before(text.as_bytes(), range.start) {
                                Some(line) => r.soft_stops.push((range.start, line)),
                                None => r.display_stops.push(range.start),
                            }
                            r.code.push(range);
                        }
                        Tag::CodeBlock(_) | Tag::HtmlBlock => {
                            r.display_stops.push(range.start);
                            r.code.push(range);
                        }
                        Tag::BlockQuote(_) => {
                            r.quote_starts.push(range.start);
                            r.quote_ends.push(range.end);
                        }
                        Tag::Item | Tag::FootnoteDefinition(_) => {
                            let max = r.item_max_end.last().copied().unwrap_or(0).max(range.end);
                            r.item_starts.push(range.start);
                            r.item_max_end.push(max);
                        }
                        _ => {}
                    }
                }
                Event::End(end) if is_block(end) => r.breaks.push(range.end),
                _ => {}
            }
        }
        r.breaks.sort_unstable();
        r.breaks.dedup();
        r.quote_ends.sort_unstable();
        // Events come in document order; nested code is impossible, so `code` is sorted.
        r
    }

    /// The first block boundary strictly after `pos` (or the end of the text).
    pub fn next_break(&self, pos: usize, len: usize) -> usize {
        let i = self.breaks.partition_point(|&b| b <= pos);
        self.breaks.get(i).copied().unwrap_or(len)
    }

    /// [`Regions::next_break`] for a caller whose offsets mostly grow (the scanner): `cursor`
    /// keeps the index found last time and the search starts there.
    pub fn next_break_from(&self, pos: usize, len: usize, cursor: &Cell<usize>) -> usize {
        let i = search_from(&self.breaks, cursor.get(), |&b| b <= pos);
        cursor.set(i);
        self.breaks.get(i).copied().unwrap_or(len)
    }

    /// The code region containing `pos`, if any.
    pub fn code_at(&self, pos: usize) -> Option<&Range<usize>> {
        let i = self.code.partition_point(|r| r.end <= pos);
        self.code.get(i).filter(|r| r.start <= pos)
    }

    /// Start of the first code region at or after `pos` that ends display math opened at
    /// `opener` (see `display_stops` and `soft_stops`).
    pub fn next_display_stop(&self, pos: usize, opener: usize) -> Option<usize> {
        let i = self.display_stops.partition_point(|&s| s < pos);
        let hard = self.display_stops.get(i).copied();
        // Only the first soft stop can end it: the line before any later one starts after
        // the opener's line.
        let j = self.soft_stops.partition_point(|&(s, _)| s < pos);
        let soft = self
            .soft_stops
            .get(j)
            .filter(|&&(_, line)| line <= opener)
            .map(|&(s, _)| s);
        match (hard, soft) {
            (Some(h), Some(s)) => Some(h.min(s)),
            (h, s) => h.or(s),
        }
    }

    /// Whether `pos` is inside a list item or footnote definition.
    pub fn in_container(&self, pos: usize) -> bool {
        let i = self.item_starts.partition_point(|&s| s <= pos);
        i > 0 && self.item_max_end[i - 1] > pos
    }

    /// How many block quotes hold `pos`.
    pub fn quote_depth(&self, pos: usize) -> usize {
        let opened = self.quote_starts.partition_point(|&s| s <= pos);
        let closed = self.quote_ends.partition_point(|&e| e <= pos);
        opened.saturating_sub(closed)
    }

    /// Whether a list item or footnote definition starts at `pos`.
    pub fn container_starts_at(&self, pos: usize) -> bool {
        self.item_starts.binary_search(&pos).is_ok()
    }
}

/// Where the line that closed the block before the code at `pos` starts, if it is not
/// blank (a quote's blank line is `>` alone): the line before, or the code's own line when
/// a list marker or `>` opens it there (`-     code`).
fn line_before(b: &[u8], pos: usize) -> Option<usize> {
    let own = b[..pos]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    if b[own..pos].iter().any(|&c| !matches!(c, b' ' | b'\t')) {
        return Some(own);
    }
    let line_end = own.checked_sub(1)?;
    let start = b[..line_end]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |p| p + 1);
    b[start..line_end]
        .iter()
        .any(|&c| !matches!(c, b' ' | b'\t' | b'>' | b'\r'))
        .then_some(start)
}

/// The blocks whose start and end are breaks (inline math never crosses either); the rest
/// of pulldown-cmark's tags are inline.
fn is_block(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Item
            | TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

/// `items.partition_point(before)`, starting from a `hint` at or a little before the answer:
/// a galloping search forward from it (steps 1, 2, 4, ...), then a binary search inside
/// the last step. Cost O(log d) for an answer d items on, touching only items near the
/// hint (a binary search over the whole list misses the cache at every step); a hint past
/// the answer falls back to a binary search over the items before it.
pub(crate) fn search_from<T>(items: &[T], hint: usize, before: impl Fn(&T) -> bool) -> usize {
    let hint = hint.min(items.len());
    if hint > 0 && !before(&items[hint - 1]) {
        return items[..hint].partition_point(before);
    }
    let (mut lo, mut step) = (hint, 1);
    while lo + step <= items.len() && before(&items[lo + step - 1]) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(items.len());
    lo + items[lo..hi].partition_point(before)
}

#[cfg(test)]
mod tests {
    #[test]
    fn search_from_any_hint_is_partition_point() {
        let items: Vec<usize> = (0..200).map(|i| i * 3).collect();
        for pos in [0, 1, 2, 3, 100, 298, 597, 598, 1000] {
            let want = items.partition_point(|&x| x <= pos);
            for hint in [0, 1, 5, 33, 99, 100, 150, 199, 200, 500] {
                let got = super::search_from(&items, hint, |&x| x <= pos);
                assert_eq!(got, want, "pos {pos}, hint {hint}");
            }
        }
    }
}
