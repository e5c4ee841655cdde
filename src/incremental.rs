//! Incremental re-rendering for live preview: re-render a window of blocks around an edit
//! and splice it into the previous [`Document`], so a keystroke in an 800 KB document costs
//! one paragraph, not the whole document.
//!
//! The result is always exactly what [`render`] gives for the new source (blocks' HTML,
//! ranges and keys, formula and error counts, diagnostics); `tests/incremental.rs` checks
//! this on random edits of the corpus. Where that cannot be guaranteed cheaply the update
//! renders the whole document instead and says why ([`Full`]).
//!
//! Why a window is safe: CommonMark block parsing is a line-by-line state machine. At the
//! start of a line that follows a blank line and a block that nothing later can extend (not
//! a list, not code), nothing is open, so parsing from there on depends only on the text
//! from there on. The window starts at such a point before the edit. It ends at a later
//! old block (the *sentinel*) that lies in the unchanged tail, after a blank line: the
//! window is parsed together with the sentinel, and if the sentinel comes out as a block
//! with exactly its old range (shifted by the length change), the parser has
//! re-synchronised and everything after it is unchanged. An unclosed fence, HTML block or
//! list that would swallow later text swallows the sentinel and fails the check, and the
//! window grows. Math cannot cross the blank line before the sentinel: display math stops
//! at blank lines, inline math and code spans at block boundaries.
//!
//! What crosses blocks at the document level falls back to a full render: link reference
//! definitions and footnotes (anywhere in the document), TeX macro definitions (they apply
//! to every later formula), and, in the window, equation numbers, labels, references and
//! `\tag`s (numbers shift later equations and references resolve across the document) and
//! headings (ids are deduplicated across the document). The keyed DOM patch still redraws
//! only the blocks whose output changed after such a full render.

use crate::document::{Block, Diagnostic, Document};
use crate::engine::MathEngine;
use crate::options::{Numbering, Options};
use crate::render::{render, Error};
use std::collections::HashMap;
use std::ops::Range;

/// Why an update rendered the whole document instead of a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    /// There was no previous document.
    First,
    /// Link reference definitions or footnotes in the document.
    DocumentLevel,
    /// TeX macro definitions in the window, or macros defined elsewhere used in it.
    Macros,
    /// Equation numbering, labels, references or `\tag`s in the window.
    Numbering,
    /// Headings in the window (their ids are unique across the document).
    Headings,
    /// Block boundaries did not re-synchronise after the edit within a few tries.
    NoResync,
}

/// What an update changed, in block indices of the new document: blocks before `start`
/// and after `start + inserted` are the previous blocks with the same HTML (ranges shifted,
/// keys possibly renumbered by deduplication); `removed` old blocks were replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub start: usize,
    pub removed: usize,
    pub inserted: usize,
    /// Set when the whole document was rendered, with the reason.
    pub full: Option<Full>,
}

/// Commands that define TeX macros for the rest of the document. Only their presence in
/// the window forces a full render; elsewhere, only the names they define matter.
const DEFINITIONS: &[&str] = &[
    "\\newcommand",
    "\\renewcommand",
    "\\providecommand",
    "\\DeclareMathOperator",
    "\\def",
    "\\gdef",
    "\\edef",
    "\\xdef",
    "\\let",
];

/// Text that, in the window, could change equation numbers or references elsewhere.
/// Starred environments are included: being conservative costs only a full render.
const NUMBERING: &[&str] = &[
    "\\label",
    "\\ref",
    "\\eqref",
    "\\tag",
    "\\nonumber",
    "\\notag",
    "\\begin{equation",
    "\\begin{align",
    "\\begin{gather",
    "\\begin{multline",
    "\\begin{flalign",
    "\\begin{eqnarray",
    "\\begin{xalignat",
    "\\begin{xxalignat",
];

/// Longest needle above, so a search around an edit can start this far before it.
const MARGIN: usize = 24;

/// How many times the window end moves forward before giving up on re-synchronising.
const RESYNC_TRIES: usize = 4;

/// A rendered document that can be updated by edits.
#[derive(Debug)]
pub struct Incremental {
    options: Options,
    src: String,
    doc: Document,
    started: bool,
    /// `src` has link reference definitions or footnotes: every update renders it whole.
    document_level: bool,
    /// Names of the TeX macros `src` defines (without backslash): a window that uses one
    /// must see the definition, so it renders the whole document.
    macros: Vec<String>,
}

impl Incremental {
    pub fn new(options: Options) -> Incremental {
        Incremental {
            options,
            src: String::new(),
            doc: Document::default(),
            started: false,
            document_level: false,
            macros: Vec::new(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The source of the current document.
    pub fn source(&self) -> &str {
        &self.src
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Make the document that of `new`, re-rendering as little as possible.
    pub fn update(&mut self, new: &str, engine: &mut dyn MathEngine) -> Result<Splice, Error> {
        if new.len() > self.options.max_input_bytes {
            return Err(Error::InputTooLarge {
                bytes: new.len(),
                limit: self.options.max_input_bytes,
            });
        }
        if !self.started {
            return self.full(new, engine, Full::First);
        }
        if new == self.src {
            return Ok(Splice {
                start: self.doc.blocks.len(),
                removed: 0,
                inserted: 0,
                full: None,
            });
        }
        let (p, old_end, new_end) = changed(&self.src, new);
        // The old source held no document-level text, so any in the new one overlaps the edit.
        let around = floor(new, p.saturating_sub(MARGIN))..ceil(new, new_end + MARGIN);
        if self.document_level || has_document_level(new, around) {
            return self.full(new, engine, Full::DocumentLevel);
        }
        match self.window(new, p, old_end, engine)? {
            Ok(splice) => Ok(splice),
            Err(reason) => self.full(new, engine, reason),
        }
    }

    /// A byte offset at or before `pos` where a block starts with nothing open before it
    /// (see the module docs): rendering `source()[offset..]` gives the document's blocks
    /// from there on. Streaming uses it to look at the tail only.
    pub fn clean_start(&self, pos: usize) -> usize {
        self.window_start(pos).1
    }

    fn full(
        &mut self,
        new: &str,
        engine: &mut dyn MathEngine,
        reason: Full,
    ) -> Result<Splice, Error> {
        let doc = render(new, &self.options, engine)?;
        let old = &self.doc.blocks;
        let max = old.len().min(doc.blocks.len());
        let same = |a: &Block, b: &Block| a.html == b.html;
        let prefix = (0..max)
            .take_while(|&i| same(&old[i], &doc.blocks[i]))
            .count();
        let suffix = (0..max - prefix)
            .take_while(|&i| {
                same(
                    &old[old.len() - 1 - i],
                    &doc.blocks[doc.blocks.len() - 1 - i],
                )
            })
            .count();
        let splice = Splice {
            start: prefix,
            removed: old.len() - prefix - suffix,
            inserted: doc.blocks.len() - prefix - suffix,
            full: Some(reason),
        };
        match macro_names(new) {
            Some(names) => {
                self.document_level = has_document_level(new, 0..new.len());
                self.macros = names;
            }
            None => self.document_level = true,
        }
        self.src = new.to_string();
        self.doc = doc;
        self.started = true;
        Ok(splice)
    }

    /// First affected block and the window start: the line start of the first block that
    /// ends at or after `p` (an edit right after a block may continue it), moved back until
    /// the gap before it is clean.
    fn window_start(&self, p: usize) -> (usize, usize) {
        let blocks = &self.doc.blocks;
        let old = self.src.as_str();
        let mut a = blocks.partition_point(|b| b.range.end < p);
        let mut ws = line_start(old, blocks.get(a).map_or(p, |b| b.range.start.min(p)));
        loop {
            if a == 0 {
                // Whatever precedes the first block (blank lines, HTML that rendered to
                // nothing) is re-rendered too.
                return (0, 0);
            }
            if clean_gap(old, &blocks[a - 1], ws) {
                return (a, ws);
            }
            a -= 1;
            ws = line_start(old, blocks[a].range.start);
        }
    }

    /// Re-render a window around the edit. `Ok(Err(reason))` asks for a full render.
    fn window(
        &mut self,
        new: &str,
        p: usize,
        old_end: usize,
        engine: &mut dyn MathEngine,
    ) -> Result<Result<Splice, Full>, Error> {
        let old = self.src.as_str();
        let blocks = &self.doc.blocks;
        let n = blocks.len();
        let delta = new.len() as isize - old.len() as isize;
        let shift = |x: usize| (x as isize + delta) as usize;
        let (a, ws) = self.window_start(p);

        // The sentinel: the first old block wholly in the unchanged tail whose line starts
        // there too and follows a blank line in the new text.
        let sentinel_ok = |z: usize| {
            let s = blocks[z].range.start;
            let ls = line_start(old, s);
            ls >= old_end && ls >= ws && follows_blank_line(new, shift(ls))
        };
        let mut z = blocks.partition_point(|b| b.range.start < old_end).max(a);
        let mut step = 1;
        for _ in 0..RESYNC_TRIES {
            while z < n && !sentinel_ok(z) {
                z += 1;
            }
            let old_win_end = if z < n {
                blocks[z].range.start
            } else {
                old.len()
            };
            let new_win_end = if z < n {
                shift(line_start(old, blocks[z].range.start))
            } else {
                new.len()
            };
            let slice_end = if z < n {
                shift(blocks[z].range.end)
            } else {
                new.len()
            };

            // The window's own text, old and new, for the rules that need a full render.
            let macros = |text: &str| {
                contains_any(text, DEFINITIONS) || self.macros.iter().any(|m| uses(text, m))
            };
            let numbered = |text: &str, blocks: &[Block]| {
                contains_any(text, NUMBERING)
                    || (self.options.numbering == Numbering::All
                        && blocks.iter().any(|b| b.html.contains("mathdown-display")))
            };
            let old_text = &old[ws..old_win_end.max(ws)];
            if macros(old_text) || macros(&new[ws..new_win_end]) {
                return Ok(Err(Full::Macros));
            }
            if numbered(old_text, &blocks[a..z]) || numbered(&new[ws..new_win_end], &[]) {
                return Ok(Err(Full::Numbering));
            }
            if self.options.heading_ids && blocks[a..z].iter().any(|b| has_heading(&b.html)) {
                return Ok(Err(Full::Headings));
            }

            let mut probe = None;
            if z < n {
                // Structure only: with a blank engine the probe costs a parse, and the
                // sentinel's own numbering (which differs in a slice) does not matter.
                let p = render(&new[ws..slice_end], &self.options, &mut Blank)?;
                let want = &blocks[z];
                let ok = p.blocks.last().is_some_and(|last| {
                    last.range.start + ws == shift(want.range.start)
                        && last.range.end + ws == shift(want.range.end)
                });
                if !ok {
                    z = (z + step).min(n);
                    step *= 2;
                    continue;
                }
                probe = Some(p.blocks);
            }
            // The window alone renders as it does followed by the sentinel: blocks end at
            // the blank line before it, and no math crosses a blank line.
            let mut win = render(&new[ws..new_win_end], &self.options, engine)?;
            if let Some(probe) = probe {
                // Only their ranges can differ: pulldown-cmark may count the blank lines and
                // indentation before the sentinel into the block above (a list's range ends
                // after ` ` in `- a\n\n b`), which the window alone cannot see. The probe
                // parsed them as the whole document does.
                if probe.len() != win.blocks.len() + 1 {
                    z = (z + step).min(n);
                    step *= 2;
                    continue;
                }
                for (b, p) in win.blocks.iter_mut().zip(probe) {
                    b.range = p.range;
                }
            }
            if numbered("", &win.blocks) {
                return Ok(Err(Full::Numbering));
            }
            if self.options.heading_ids && win.blocks.iter().any(|b| has_heading(&b.html)) {
                return Ok(Err(Full::Headings));
            }
            self.splice(new, a, z, ws, old_win_end, new_win_end, win);
            return Ok(Ok(Splice {
                start: a,
                removed: z - a,
                inserted: self.doc.blocks.len() + z - a - n,
                full: None,
            }));
        }
        Ok(Err(Full::NoResync))
    }

    /// Replace old blocks `a..z` (source `ws..old_win_end`) by the window's blocks.
    #[allow(clippy::too_many_arguments)]
    fn splice(
        &mut self,
        new: &str,
        a: usize,
        z: usize,
        ws: usize,
        old_win_end: usize,
        new_win_end: usize,
        win: Document,
    ) {
        let delta = new.len() as isize - self.src.len() as isize;
        let shift = |r: &mut Range<usize>, by: isize| {
            r.start = (r.start as isize + by) as usize;
            r.end = (r.end as isize + by) as usize;
        };
        let doc = &mut self.doc;
        let (old_f, old_e) = count_formulas(&doc.blocks[a..z]);
        let (new_f, new_e) = count_formulas(&win.blocks);
        doc.formulas = doc.formulas + new_f - old_f;
        doc.errors = doc.errors + new_e - old_e;

        let inserted = win.blocks.len();
        let fresh = win.blocks.into_iter().map(|mut b| {
            shift(&mut b.range, ws as isize);
            b.key.truncate(KEY_LEN);
            b
        });
        doc.blocks.splice(a..z, fresh);
        for b in &mut doc.blocks[a + inserted..] {
            shift(&mut b.range, delta);
        }
        redupe(&mut doc.blocks);

        // Diagnostics: those of the window come from its render (the sentinel's dropped).
        let mut diagnostics: Vec<Diagnostic> = Vec::with_capacity(doc.diagnostics.len());
        let old_diags = std::mem::take(&mut doc.diagnostics);
        let mut rest = Vec::new();
        for d in old_diags {
            if d.range.start < ws {
                diagnostics.push(d);
            } else if d.range.start >= old_win_end {
                let mut d = d;
                shift(&mut d.range, delta);
                rest.push(d);
            }
        }
        for mut d in win.diagnostics {
            shift(&mut d.range, ws as isize);
            if d.range.start < new_win_end {
                diagnostics.push(d);
            }
        }
        diagnostics.extend(rest);
        doc.diagnostics = diagnostics;
        self.src.clear();
        self.src.push_str(new);
    }
}

/// The base of a block key: its HTML hash without the deduplication suffix.
pub fn base_key(key: &str) -> &str {
    key.get(..KEY_LEN).unwrap_or(key)
}

/// For each new block, the old block whose DOM node can be kept (same base key, so the same
/// HTML), or `None` for a block to draw. Kept blocks stay in their old order (greedy), so a
/// patch never has to move a node; the rest is redrawn.
pub fn match_keys(old: &[&str], new: &[&str]) -> Vec<Option<usize>> {
    let mut by_key: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, k) in old.iter().enumerate() {
        by_key.entry(base_key(k)).or_default().push_back(i);
    }
    let mut next = 0;
    new.iter()
        .map(|k| {
            let q = by_key.get_mut(base_key(k))?;
            while q.front().is_some_and(|&i| i < next) {
                q.pop_front();
            }
            let i = q.pop_front()?;
            next = i + 1;
            Some(i)
        })
        .collect()
}

/// An engine that draws nothing, for probing block structure.
struct Blank;

impl MathEngine for Blank {
    fn render(&mut self, _: &str, _: bool) -> Result<String, String> {
        Ok(String::new())
    }
}

/// Keys are 16 hex digits of the block's HTML hash, then `-n` for the n-th repeat.
const KEY_LEN: usize = 16;

/// Renumber repeated keys in document order, as a full render does, touching only the
/// keys whose suffix changed.
fn redupe(blocks: &mut [Block]) {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(blocks.len());
    let mut fixes = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let base = &b.key[..KEY_LEN.min(b.key.len())];
        let n = seen.entry(base).or_insert(0);
        let has = b
            .key
            .get(KEY_LEN + 1..)
            .and_then(|s| s.parse::<usize>().ok());
        if has.unwrap_or(0) != *n {
            fixes.push((i, *n));
        }
        *n += 1;
    }
    for (i, n) in fixes {
        let key = &mut blocks[i].key;
        key.truncate(KEY_LEN);
        if n > 0 {
            key.push_str(&format!("-{n}"));
        }
    }
}

/// Formulas and error boxes in blocks, counted by the formula markup contract's root
/// elements (`<` is escaped in text, so prose cannot fake them).
fn count_formulas(blocks: &[Block]) -> (usize, usize) {
    let mut f = 0;
    let mut e = 0;
    for b in blocks {
        f += b.html.matches("<span class=\"mathdown-math ").count()
            + b.html.matches("<div class=\"mathdown-math ").count();
        e += b.html.matches(" mathdown-error\" title=\"").count();
    }
    (f, e)
}

/// Footnotes (`[^`) or what may be a link reference definition (`]:` with a `[` that
/// starts a line not long before) in `text[within]` (widened by [`MARGIN`]). Reference
/// labels may span lines (up to 999 characters), hence the look back.
fn has_document_level(text: &str, within: Range<usize>) -> bool {
    let within = floor(text, within.start.saturating_sub(MARGIN))..ceil(text, within.end + MARGIN);
    let part = &text[within.clone()];
    if part.contains("[^") {
        return true;
    }
    let b = text.as_bytes();
    part.match_indices("]:").any(|(i, _)| {
        let at = within.start + i;
        let from = at.saturating_sub(1000);
        // Every line start between `from` and `at`: a `[` after spaces, `>` and list
        // markers may open a definition's label.
        let mut j = at;
        loop {
            let ls = line_start(text, j);
            let mut k = ls;
            while k < at
                && matches!(
                    b[k],
                    b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'
                )
            {
                k += 1;
            }
            if b.get(k) == Some(&b'[') {
                return true;
            }
            if ls == 0 || ls <= from || is_blank(&b[ls..line_end(text, ls)]) {
                return false;
            }
            j = ls - 1;
        }
    })
}

fn line_end(s: &str, pos: usize) -> usize {
    s.as_bytes()[pos..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(s.len(), |i| pos + i)
}

/// The names every macro definition in `text` defines, or `None` if one cannot be read
/// (then the document is treated as document-level throughout).
fn macro_names(text: &str) -> Option<Vec<String>> {
    let b = text.as_bytes();
    let mut names = Vec::new();
    for cmd in DEFINITIONS {
        for (i, _) in text.match_indices(cmd) {
            let mut j = i + cmd.len();
            if b.get(j).is_some_and(u8::is_ascii_alphabetic) {
                continue; // `\define`, `\letter`: another command.
            }
            if b.get(j) == Some(&b'*') {
                j += 1;
            }
            while b.get(j) == Some(&b' ') {
                j += 1;
            }
            let braced = b.get(j) == Some(&b'{');
            if braced {
                j += 1;
            }
            if b.get(j) == Some(&b'\\') {
                j += 1;
            } else if !braced {
                return None;
            }
            let len = b[j..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            let len = if len == 0 {
                usize::from(j < b.len())
            } else {
                len
            };
            if len == 0 {
                return None;
            }
            names.push(text.get(j..j + len)?.to_string());
        }
    }
    names.sort();
    names.dedup();
    Some(names)
}

/// `text` uses the command `\name` (not just a longer command starting with it).
fn uses(text: &str, name: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices(name).any(|(i, _)| {
        i > 0
            && b[i - 1] == b'\\'
            && !(name.as_bytes()[0].is_ascii_alphabetic()
                && b.get(i + name.len()).is_some_and(u8::is_ascii_alphabetic))
    })
}

fn has_heading(html: &str) -> bool {
    html.match_indices("<h")
        .any(|(i, _)| matches!(html.as_bytes().get(i + 2), Some(b'1'..=b'6')))
}

fn contains_any(text: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| text.contains(n))
}

/// The changed byte range: common prefix length `p`, and the ends of the changed part in
/// the old and the new text. All three are char boundaries of both texts.
pub fn changed(old: &str, new: &str) -> (usize, usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while !new.is_char_boundary(p) || !old.is_char_boundary(p) {
        p -= 1;
    }
    let max = a.len().min(b.len()) - p;
    let mut s = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(a.len() - s) || !new.is_char_boundary(b.len() - s) {
        s -= 1;
    }
    (p, a.len() - s, b.len() - s)
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Start of the line holding byte `pos`.
fn line_start(s: &str, pos: usize) -> usize {
    s.as_bytes()[..pos.min(s.len())]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|c| matches!(c, b' ' | b'\t' | b'\r'))
}

/// `pos` is a line start and the line before it is empty.
fn follows_blank_line(s: &str, pos: usize) -> bool {
    let b = s.as_bytes();
    if pos == 0 || pos > b.len() || b[pos - 1] != b'\n' {
        return false;
    }
    // An empty line, as in `clean_gap`: whitespace on it reaches into the next line.
    b[line_start(s, pos - 1)..pos - 1]
        .iter()
        .all(|&c| c == b'\r')
}

/// Between block `prev` and the line start `ws` there are only empty lines, at least one,
/// and `prev` is not something a later line can extend across them (lists and indented
/// code continue after blank lines).
fn clean_gap(src: &str, prev: &Block, ws: usize) -> bool {
    let html = prev.html.as_str();
    if html.starts_with("<ul") || html.starts_with("<ol") || html.starts_with("<pre") {
        return false;
    }
    let b = src.as_bytes();
    let mut e = prev.range.end;
    if e > ws {
        return false;
    }
    // Finish the block's last line if its range stops before the newline.
    if e > 0 && b[e - 1] != b'\n' {
        match b[e..ws].iter().position(|&c| c == b'\n') {
            Some(i) => e += i + 1,
            None => return false,
        }
    }
    // Blank lines that hold spaces or tabs do not count: pulldown-cmark carries their
    // whitespace into the indentation of the line after them (an indented code block after
    // ` \n` loses two more spaces of its first line than it does parsed on its own).
    e < ws && b[e..ws].iter().all(|c| matches!(c, b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StandIn;

    fn check(steps: &[&str]) -> Vec<Splice> {
        let options = Options::default();
        let mut inc = Incremental::new(options.clone());
        let mut out = Vec::new();
        for s in steps {
            let splice = inc.update(s, &mut StandIn::default()).unwrap();
            let want = render(s, &options, &mut StandIn::default()).unwrap();
            assert_eq!(inc.document(), &want, "after update to {s:?}");
            out.push(splice);
        }
        out
    }

    #[test]
    fn typing_in_a_paragraph_renders_only_its_window() {
        let s = check(&[
            "one $a$\n\ntwo $b$\n\nthree $c$\n\nfour\n",
            "one $a$\n\ntwo $bx$\n\nthree $c$\n\nfour\n",
        ]);
        assert_eq!(s[1].full, None);
        assert_eq!((s[1].start, s[1].removed, s[1].inserted), (1, 1, 1));
    }

    #[test]
    fn inserting_at_the_top_keeps_the_rest() {
        let s = check(&["a\n\nb\n\nc\n", "new\n\na\n\nb\n\nc\n"]);
        assert_eq!(s[1].full, None);
        assert_eq!((s[1].start, s[1].removed, s[1].inserted), (0, 0, 1));
    }

    #[test]
    fn fences_lists_and_lazy_lines_resynchronise() {
        check(&[
            "a\n\nb\n\nc\n\nd\n",
            "a\n\n```\nb\n\nc\n\nd\n",
            "a\n\n```\nb\n```\n\nc\n\nd\n",
            "- a\n\nb\n\nc\n",
            "- a\n\n  b\n\nc\n",
            "p\nq\n\nr\n",
            "p\n- q\n\nr\n",
            "p\nq\n===\n\nr\n",
            "$$\nx\n\ny\n$$\n",
            "$$\nx\ny\n$$\n",
        ]);
    }

    #[test]
    fn numbering_and_headings_fall_back_to_a_full_render() {
        let s = check(&[
            "a\n\n\\begin{equation}x\\label{e}\\end{equation}\n\nsee $\\eqref{e}$\n",
            "a\n\n\\begin{equation}x\\label{e}\\end{equation}\n\nsee $\\eqref{e}$ now\n",
            "# A\n\ntext\n\n# A\n",
            "# A\n\ntext\n\n# A x\n",
        ]);
        assert_eq!(s[1].full, Some(Full::Numbering));
        assert_eq!(s[3].full, Some(Full::Headings));
    }

    #[test]
    fn keys_match_in_order_only() {
        let m = match_keys(&["a", "b", "c", "b"], &["b", "x", "c", "b", "a"]);
        assert_eq!(m, vec![Some(1), None, Some(2), Some(3), None]);
    }

    #[test]
    fn redupe_matches_a_full_render() {
        check(&[
            "x\n\ny\n\nx\n\nx\n",
            "y\n\ny\n\nx\n\nx\n",
            "x\n\ny\n\nx\n\nx\n",
        ]);
    }
}
