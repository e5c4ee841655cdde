//! Finding math in Markdown source before Markdown runs: delimiters, escapes, code spans,
//! container prefixes. Pure string work; the result is a list of spans in source order.
//!
//! Rules (README "Delimiter rules" is the user-facing version):
//! - `$...$` follows pulldown-cmark's math spec: the opener is not followed by `$`, the
//!   closer is not followed by a digit, `\$` escapes, braces must balance, and an unescaped
//!   `$` at the formula's own brace level ends it. No whitespace just inside the dollars,
//!   with one exception for posts written for MathJax (`$ \boldsymbol{I}$`, a closing `$`
//!   at a line start): it is allowed when the formula plainly is TeX (holds a command, `^`
//!   or `_`). `strictDollar` turns the exception off.
//! - `$$...$$`, `\[...\]` and bare environments are display math. Unlike pulldown-cmark they
//!   are found before block structure: their lines may start with `- `, `> `, `# `, ... and
//!   stay TeX. Only a blank line or the start of a code or HTML block stops them.
//! - The leftmost construct wins, code spans and autolinks included: math inside code or an
//!   autolink is literal text, code inside math is math.
//!
//! Every search is linear overall: backtick runs are indexed by length, and a failed search
//! for a closer is remembered per (delimiter, brace depth), because a later opener of the
//! same kind at the same depth would scan the same text and fail the same way.

use crate::document::FastMap;
use crate::options::Delimiters;
use crate::regions::Regions;
use std::cell::Cell;
use std::ops::Range;

/// Longest label key a bare `\ref`/`\eqref` may hold: far above any real label, and the
/// bound that keeps the search for its `}` short.
const MAX_REF_KEY: usize = 256;

/// Environments that are display math when written bare in the text (also starred). The
/// AMS display environments are what the issue asks for; the matrix-like ones are what
/// MathJax's `processEnvironments` also accepts and real posts write bare.
pub const ENVIRONMENTS: &[&str] = &[
    "equation",
    "align",
    "gather",
    "multline",
    "alignat",
    "flalign",
    "eqnarray",
    "CD",
    "split",
    "aligned",
    "gathered",
    "alignedat",
    "array",
    "darray",
    "matrix",
    "pmatrix",
    "bmatrix",
    "Bmatrix",
    "vmatrix",
    "Vmatrix",
    "smallmatrix",
    "cases",
    "dcases",
    "rcases",
    "subarray",
    "xalignat",
    "xxalignat",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `$...$`
    Dollar,
    /// `$$...$$`
    DoubleDollar,
    /// `\(...\)`
    Paren,
    /// `\[...\]`
    Bracket,
    /// `` $`...`$ ``
    BacktickDollar,
    /// `\begin{E}...\end{E}` written bare.
    Environment,
    /// ```` ```math ```` fenced block (found by the Markdown adapter, not the scanner).
    Fence,
    /// `\eqref{key}` or `\ref{key}` in the prose, outside math (MathJax's `processRefs`):
    /// its own delimiters, like an environment. Drawn as a reference when a formula defines
    /// the key, written back as text when none does.
    Ref,
}

impl Kind {
    pub fn is_display(self) -> bool {
        matches!(
            self,
            Kind::DoubleDollar | Kind::Bracket | Kind::Environment | Kind::Fence
        )
    }
}

/// One formula found in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MathSpan {
    /// The whole formula with its delimiters, as byte offsets into the source.
    pub range: Range<usize>,
    /// The TeX between the delimiters exactly as written, minus the container prefixes
    /// (`> `, list indentation) of continuation lines. Bare environments keep their
    /// `\begin`/`\end`.
    pub tex: String,
    pub kind: Kind,
}

impl MathSpan {
    pub fn display(&self) -> bool {
        self.kind.is_display()
    }
}

/// Container prefix of the line a formula starts on, outermost container first:
/// continuation lines lose the same. A quote inside a list item is indentation, then `>`.
#[derive(Clone, Debug, Default)]
struct Prefix {
    steps: Vec<Step>,
}

#[derive(Clone, Copy, Debug)]
enum Step {
    /// A `>` marker after up to 3 spaces, and one space or tab after it.
    Quote,
    /// Up to this many columns of spaces and tabs (a tab counts to the next multiple of 4).
    Indent(usize),
}

pub fn scan(src: &str, regions: &Regions, delims: &Delimiters) -> Vec<MathSpan> {
    Scanner::new(src, regions, delims).run()
}

struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    regions: &'a Regions,
    d: &'a Delimiters,
    spans: Vec<MathSpan>,
    /// Brace depth of the text outside math, from the start of the document.
    depth: i64,
    /// (kind, env index, depth) -> offset up to which a closer search already failed.
    failed: FastMap<(Kind, usize, i64), usize>,
    ticks: Backticks,
    /// Where the last block-break lookup ended ([`Regions::next_break_from`]).
    break_cursor: Cell<usize>,
    /// Where the prose ends in a code region a display formula crossed into (see `run`):
    /// inline math opened there does not run past it.
    prose_to: usize,
}

enum Search {
    /// Closer found: offset of its first byte and of the byte after it.
    Found(usize, usize),
    /// No closer: the zone ended at this offset (memoisable).
    ZoneEnd(usize),
    /// No closer: something at this offset ended the attempt.
    Stopped,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str, regions: &'a Regions, d: &'a Delimiters) -> Self {
        Scanner {
            src,
            b: src.as_bytes(),
            regions,
            d,
            spans: Vec::new(),
            depth: 0,
            failed: FastMap::default(),
            ticks: Backticks::index(src.as_bytes()),
            break_cursor: Cell::new(0),
            prose_to: 0,
        }
    }

    fn run(mut self) -> Vec<MathSpan> {
        let b = self.b;
        let code = &self.regions.code;
        let mut next_code = 0;
        // The code region a formula crossed into (its index); `self.prose_to` is where its
        // prose ends.
        let mut prose_in = None;
        let mut i = 0;
        while i < b.len() {
            while next_code < code.len() && code[next_code].end <= i {
                next_code += 1;
            }
            let limit = match code.get(next_code) {
                Some(r) if r.start <= i => {
                    // A display formula crossed into indented code that only the first
                    // pass sees (`Regions::soft_stops`): the final parse reads the rest of
                    // it up to a blank line as the formula's paragraph, so it is prose here
                    // too; after the blank line it is code again.
                    if i >= self.prose_to && prose_in != Some(next_code) {
                        let crossed = self
                            .spans
                            .last()
                            .is_some_and(|s| s.range.start < r.start && r.start < s.range.end);
                        if crossed {
                            let quotes = self.regions.quote_depth(r.start);
                            self.prose_to = next_blank_line(b, i, r.end, quotes);
                            prose_in = Some(next_code);
                        }
                    }
                    if i >= self.prose_to {
                        i = r.end;
                        continue;
                    }
                    self.prose_to
                }
                Some(r) => r.start,
                None => b.len(),
            };
            i = skip_prose(b, i, limit);
            if i >= limit {
                continue;
            }
            match b[i] {
                b'\\' => i = self.backslash(i),
                b'$' => i = self.dollar(i),
                b'`' => i = self.backtick(i),
                b'<' => i = self.autolink(i),
                b'{' => {
                    self.depth += 1;
                    i += 1
                }
                _ => {
                    self.depth -= 1;
                    i += 1
                }
            }
        }
        self.spans
    }

    fn backslash(&mut self, i: usize) -> usize {
        let next = self.b.get(i + 1).copied();
        match next {
            Some(b'(') if self.d.paren => self.try_math(i, 2, Kind::Paren, 0).unwrap_or(i + 2),
            Some(b'[') if self.d.bracket => self.try_math(i, 2, Kind::Bracket, 0).unwrap_or(i + 2),
            Some(b'b') if self.d.environments => {
                if let Some((env, len)) = self.env_at(i, b"\\begin{") {
                    if let Some(end) = self.try_math(i, len, Kind::Environment, env) {
                        return end;
                    }
                }
                i + 1
            }
            Some(b'e' | b'r') if self.d.refs => self.bare_ref(i).unwrap_or(i + 1),
            Some(c) if c.is_ascii_punctuation() => i + 2,
            _ => i + 1,
        }
    }

    /// `\eqref{key}` or `\ref{key}` at `i`: a [`Kind::Ref`] span. The key is what a label
    /// holds in practice: one line, no braces, backslashes, dollars or backticks, at most
    /// [`MAX_REF_KEY`] bytes; anything else is left to be text.
    fn bare_ref(&mut self, i: usize) -> Option<usize> {
        let b = self.b;
        let key = i + if b[i..].starts_with(b"\\eqref{") {
            7
        } else if b[i..].starts_with(b"\\ref{") {
            5
        } else {
            return None;
        };
        let mut end = key;
        while b.get(end) != Some(&b'}') {
            match b.get(end) {
                // A `%` would start a comment in TeX, taking the `}` with it.
                Some(b'{' | b'\\' | b'$' | b'`' | b'%' | b'\n' | b'\r') | None => return None,
                _ if end - key == MAX_REF_KEY => return None,
                _ => end += 1,
            }
        }
        if end == key {
            return None;
        }
        let tex = self.extract(i, end + 1, i);
        self.spans.push(MathSpan {
            range: i..end + 1,
            tex,
            kind: Kind::Ref,
        });
        Some(end + 1)
    }

    fn dollar(&mut self, i: usize) -> usize {
        let b = self.b;
        if self.d.backtick_dollar && b.get(i + 1) == Some(&b'`') {
            if let Some(end) = self.try_backtick_dollar(i) {
                return end;
            }
        }
        if b.get(i + 1) == Some(&b'$') && self.d.double_dollar {
            if let Some(end) = self.try_math(i, 2, Kind::DoubleDollar, 0) {
                return end;
            }
            // A failed `$$` leaves its first `$` as text; the second may open inline math.
            return i + 1;
        }
        if self.d.dollar && self.inline_dollar_opens(i) {
            if let Some(end) = self.try_math(i, 1, Kind::Dollar, 0) {
                return end;
            }
        }
        i + 1
    }

    fn inline_dollar_opens(&self, i: usize) -> bool {
        match self.b.get(i + 1) {
            None | Some(b'$') => false,
            Some(&c) => !(self.d.strict_dollar && c.is_ascii_whitespace()),
        }
    }

    /// A code span opening at `i` (a run of backticks): skip to its end, or past the run.
    fn backtick(&mut self, i: usize) -> usize {
        let len = run_len(self.b, i, b'`');
        let zone = self
            .regions
            .next_break_from(i, self.b.len(), &self.break_cursor);
        match self.ticks.next_run(len, i + len, zone, false, self.b) {
            Some(close) => {
                // As for an autolink: an opener's search that ran through the span counted
                // its braces, and a failed search is remembered by depth.
                self.count_braces(i, close);
                close + len
            }
            None => i + len,
        }
    }

    fn count_braces(&mut self, from: usize, to: usize) {
        for &c in &self.b[from..to] {
            self.depth += i64::from(c == b'{') - i64::from(c == b'}');
        }
    }

    /// An autolink at `i` is literal like a code span (`<https://x.org/?$a=1&$b=2>`): skip
    /// it, or past the `<`. Its braces still count towards [`Scanner::depth`], as for an
    /// opener's search that ran through it: a failed search is remembered by depth.
    fn autolink(&mut self, i: usize) -> usize {
        let Some(end) = autolink_end(self.b, i) else {
            return i + 1;
        };
        self.count_braces(i, end);
        end
    }

    fn try_backtick_dollar(&mut self, i: usize) -> Option<usize> {
        let len = run_len(self.b, i + 1, b'`');
        let zone = self
            .regions
            .next_break_from(i, self.b.len(), &self.break_cursor);
        let close = self.ticks.next_run(len, i + 1 + len, zone, true, self.b)?;
        let range = i..close + len + 1;
        let tex = self.extract(i + 1 + len, close, i);
        self.spans.push(MathSpan {
            range: range.clone(),
            tex,
            kind: Kind::BacktickDollar,
        });
        Some(range.end)
    }

    /// `\begin{NAME}` or `\end{NAME}` at `i` with NAME one of [`ENVIRONMENTS`], optionally
    /// starred: (index into ENVIRONMENTS * 2 + starred, byte length).
    fn env_at(&self, i: usize, head: &[u8]) -> Option<(usize, usize)> {
        let rest = self.b.get(i..)?;
        if !rest.starts_with(head) {
            return None;
        }
        let name_start = i + head.len();
        let close = self.b[name_start..]
            .iter()
            .take(16)
            .position(|&c| c == b'}')?;
        let name = &self.src[name_start..name_start + close];
        let (base, star) = match name.strip_suffix('*') {
            Some(base) => (base, 1),
            None => (name, 0),
        };
        let idx = ENVIRONMENTS.iter().position(|e| *e == base)?;
        Some((idx * 2 + star, head.len() + close + 1))
    }

    /// Try a formula opening at `i` with an opener of `open_len` bytes. On success, record it
    /// and return the offset after its closer.
    fn try_math(&mut self, i: usize, open_len: usize, kind: Kind, env: usize) -> Option<usize> {
        let memo_key = (kind, env, self.depth);
        if let Some(&until) = self.failed.get(&memo_key) {
            if i < until {
                return None;
            }
        }
        let body = i + open_len;
        match self.find_close(body, kind, env, i) {
            Search::Found(close, after) => {
                let (tex_start, tex_end) = if kind == Kind::Environment {
                    (i, after)
                } else {
                    (body, close)
                };
                let tex = self.extract(tex_start, tex_end, i);
                self.spans.push(MathSpan {
                    range: i..after,
                    tex,
                    kind,
                });
                Some(after)
            }
            Search::ZoneEnd(end) => {
                self.failed.insert(memo_key, end);
                None
            }
            Search::Stopped => None,
        }
    }

    /// Search for the closer of a formula whose opener is at `opener` and whose body starts
    /// at `from`. The container prefix is only worked out if the formula crosses a line.
    fn find_close(&self, from: usize, kind: Kind, env: usize, opener: usize) -> Search {
        let mut prefix: Option<Prefix> = None;
        let b = self.b;
        let display = kind.is_display();
        // Display math crosses block structure but not the start of a code or HTML block
        // (indented code right after a later formula line is the formula's:
        // `Regions::next_display_stop`),
        // wherever on its line the first pass saw it (after indentation, `> ` or a list
        // marker, or after a lone CR it reads as a line end): a formula closed inside the
        // block would hide its start from the final parse, which would then read the rest
        // unlike the scanner (code shown as prose, a ```math fence holding placeholders).
        let zone_end = if display {
            self.regions
                .next_display_stop(from, opener)
                .unwrap_or(b.len())
        } else {
            let end =
                self.regions
                    .next_break_from(from.saturating_sub(1), b.len(), &self.break_cursor);
            if from < self.prose_to {
                end.min(self.prose_to)
            } else {
                end
            }
        };
        let mut depth = 0i64;
        let mut nest = 0usize;
        // Inline `$` math must hold something visible: `$ $` is two dollars.
        let mut blank = true;
        // Whitespace just inside `$...$` is accepted only around something that is plainly
        // TeX (a command, `^`, `_`): `$ \boldsymbol{I}$` is a formula, `$5 or $ 6` is not.
        let mut texlike = false;
        let open_ws = b.get(from).is_some_and(|c| c.is_ascii_whitespace());
        let mut prev = b.get(from.wrapping_sub(1)).copied().unwrap_or(b'\n');
        let mut j = from;
        while j < zone_end {
            let c = b[j];
            if FORMULA_PLAIN[c as usize] {
                // Letters, digits, operators: all they do is make the formula non-blank, so
                // a whole run of them is passed in one tight loop.
                let run = b[j..zone_end]
                    .iter()
                    .position(|&c| !FORMULA_PLAIN[c as usize])
                    .unwrap_or(zone_end - j);
                j += run;
                blank = false;
                prev = b[j - 1];
                continue;
            }
            match c {
                b'\n' => {
                    let next = j + 1;
                    if display && line_is_blank(b, next) {
                        return Search::ZoneEnd(next);
                    }
                    let p = prefix.get_or_insert_with(|| self.prefix_at(opener));
                    j = skip_prefix(b, next, p);
                    prev = b'\n';
                    continue;
                }
                b'\\' => {
                    if depth == 0 {
                        match (kind, b.get(j + 1)) {
                            (Kind::Paren, Some(b')')) => return Search::Found(j, j + 2),
                            (Kind::Bracket, Some(b']')) => return Search::Found(j, j + 2),
                            (Kind::Environment, Some(b'e')) => {
                                if let Some((e, len)) = self.env_at(j, b"\\end{") {
                                    if e == env {
                                        if nest == 0 {
                                            return Search::Found(j, j + len);
                                        }
                                        nest -= 1;
                                    }
                                    j += len;
                                    prev = b'}';
                                    continue;
                                }
                            }
                            (Kind::Environment, Some(b'b')) => {
                                if let Some((e, len)) = self.env_at(j, b"\\begin{") {
                                    if e == env {
                                        nest += 1;
                                    }
                                    j += len;
                                    prev = b'}';
                                    continue;
                                }
                            }
                            _ => {}
                        }
                    }
                    // An escape: `\$`, `\{`, `\\` do not count. Never skip a newline, so
                    // line prefixes and blank lines are still seen.
                    blank = false;
                    texlike |= b.get(j + 1).is_some_and(u8::is_ascii_alphabetic);
                    if b.get(j + 1).is_some_and(|&n| n != b'\n') {
                        prev = b[j + 1];
                        j += 2;
                    } else {
                        prev = c;
                        j += 1;
                    }
                    continue;
                }
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth < 0 {
                        return Search::Stopped;
                    }
                }
                b'^' | b'_' => texlike = true,
                b'$' if depth == 0 => match kind {
                    Kind::Dollar => {
                        let ws_inside = open_ws || prev.is_ascii_whitespace();
                        let closes = !blank
                            && (!ws_inside || texlike)
                            && !b.get(j + 1).is_some_and(|n| n.is_ascii_digit());
                        return if closes {
                            Search::Found(j, j + 1)
                        } else {
                            Search::Stopped
                        };
                    }
                    Kind::DoubleDollar => {
                        return if b.get(j + 1) == Some(&b'$') {
                            Search::Found(j, j + 2)
                        } else {
                            Search::Stopped
                        };
                    }
                    _ => {}
                },
                _ => {}
            }
            if !c.is_ascii_whitespace() {
                blank = false;
            }
            prev = c;
            j += 1;
        }
        Search::ZoneEnd(zone_end)
    }

    /// The TeX between `start` and `end`, continuation lines stripped of the container prefix.
    fn extract(&self, start: usize, end: usize, opener: usize) -> String {
        let seg = &self.src[start..end];
        if !seg.contains('\n') {
            return seg.to_string();
        }
        let prefix = self.prefix_at(opener);
        if prefix.steps.is_empty() {
            return seg.to_string();
        }
        let mut out = String::with_capacity(seg.len());
        let mut j = start;
        while j < end {
            let nl = self.b[j..end]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(end, |p| j + p);
            out.push_str(&self.src[j..nl]);
            if nl >= end {
                break;
            }
            out.push('\n');
            j = skip_prefix(self.b, nl + 1, &prefix).min(end);
        }
        out
    }

    /// The container prefix of the line holding `pos`: its `>` markers, and the width of its
    /// list markers, of a footnote definition's label (whose lines are indented by 4) or,
    /// inside a list item or footnote definition, of its indentation.
    fn prefix_at(&self, pos: usize) -> Prefix {
        let b = self.b;
        // Only reached for formulas that span lines, whose text is scanned anyway, so the
        // walk back to the line start is paid for by the formula.
        let line = b[..pos]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        let mut j = line;
        let mut p = Prefix::default();
        // The column of `j`, kept as it moves: from the line start each time would make
        // deeply nested containers quadratic.
        let mut at = 0;
        // A `>` after more than 3 columns is a quote only in a list item whose content
        // starts there; otherwise it is text (`- a` then `      > x`, or a quote's lazy
        // line). The first pass tells them apart: it saw a quote around `pos`, or not.
        let in_item = self.regions.in_container(pos);
        let depth = if in_item {
            self.regions.quote_depth(pos)
        } else {
            0
        };
        let mut quotes = 0;
        loop {
            let k = skip_blanks(b, j).min(pos);
            let col_k = columns_after(at, &b[j..k]);
            let here = b.get(k).filter(|_| k < pos);
            if here == Some(&b'>') && (col_k - at <= 3 || quotes < depth) {
                if col_k - at > 3 {
                    p.steps.push(Step::Indent(col_k - at));
                }
                quotes += 1;
                p.steps.push(Step::Quote);
                j = k + 1;
                let after = usize::from(matches!(b.get(j), Some(b' ' | b'\t')));
                at = columns_after(col_k + 1, &b[j..j + after]);
                j += after;
                continue;
            }
            if here == Some(&b'[') && col_k - at <= 3 && self.regions.container_starts_at(k) {
                // `[^n]: $$`: GFM footnote definitions go on with lines indented by 4.
                p.steps.push(Step::Indent(col_k + 4 - at));
                return p;
            }
            if let Some(m) = here.and(list_marker_len(b, k)).filter(|&m| k + m <= pos) {
                // A list item's lines go on at its content's column (`> - $$`, `- > $$`).
                let content = columns_after(col_k, &b[k..k + m]);
                p.steps.push(Step::Indent(content - at));
                at = content;
                j = k + m;
                continue;
            }
            // Inside a list item, the indentation of its continuation lines.
            if col_k > at && in_item {
                p.steps.push(Step::Indent(col_k - at));
            }
            return p;
        }
    }
}

/// Length of a list marker with its following spaces at `i` (`- `, `* `, `+ `, `1. `, `1) `).
fn list_marker_len(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    match b.get(j)? {
        b'-' | b'+' | b'*' => j += 1,
        b'0'..=b'9' => {
            let digits = b[j..]
                .iter()
                .take(10)
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits > 9 {
                return None;
            }
            j += digits;
            if !matches!(b.get(j), Some(b'.' | b')')) {
                return None;
            }
            j += 1;
        }
        _ => return None,
    }
    let spaces = b[j..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    if spaces == 0 {
        return None;
    }
    // CommonMark: five or more spaces after the marker mean one space plus indented code.
    Some(j - i + if spaces > 4 { 1 } else { spaces })
}

/// The offset after a CommonMark autolink at `i` (which holds `<`), read as pulldown-cmark's
/// `scan_autolink` reads it. URI: a scheme of 2 to 32 bytes `[A-Za-z][A-Za-z0-9+.-]*`, `:`,
/// then no space, control byte or `<` up to `>`. Email: `local@domain`, the local part from
/// CommonMark's set, the domain dot-separated labels of at most 63 letters, digits and
/// inner `-`. Neither crosses a line, so the search stops at the next `<` or line end.
fn autolink_end(b: &[u8], i: usize) -> Option<usize> {
    let j = i + 1;
    let scheme = b[j..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    if (2..=32).contains(&scheme) && b[j].is_ascii_alphabetic() && b.get(j + scheme) == Some(&b':')
    {
        let body = j + scheme + 1;
        let len = b[body..]
            .iter()
            .take_while(|&&c| c > b' ' && c != b'<' && c != b'>')
            .count();
        if b.get(body + len) == Some(&b'>') {
            return Some(body + len + 1);
        }
    }
    let local = b[j..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&c))
        .count();
    if local == 0 || b.get(j + local) != Some(&b'@') {
        return None;
    }
    let mut k = j + local + 1;
    loop {
        let label = b[k..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'-')
            .count();
        if label == 0 || label > 63 || b[k] == b'-' || b[k + label - 1] == b'-' {
            return None;
        }
        k += label;
        match b.get(k) {
            Some(b'.') => k += 1,
            Some(b'>') => return Some(k + 1),
            _ => return None,
        }
    }
}

fn skip_spaces(b: &[u8], i: usize, max: usize) -> usize {
    let mut j = i;
    while j < b.len() && j - i < max && b[j] == b' ' {
        j += 1;
    }
    j
}

/// Offset after the spaces and tabs at `i`.
fn skip_blanks(b: &[u8], i: usize) -> usize {
    i + b[i..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count()
}

/// The column after `bytes`, which start at column `col`, with CommonMark's tab stops of 4.
fn columns_after(col: usize, bytes: &[u8]) -> usize {
    bytes.iter().fold(col, |col, &c| {
        if c == b'\t' {
            col + 4 - col % 4
        } else {
            col + 1
        }
    })
}

/// Skip a continuation line's container prefix, step by step. A lazy line that lacks a `>`
/// keeps what it has from there on, but for indentation.
fn skip_prefix(b: &[u8], line: usize, p: &Prefix) -> usize {
    let mut j = line;
    // The column of `j`, kept as it moves (see `prefix_at`).
    let mut col = 0;
    let mut lazy = false;
    for &step in &p.steps {
        match step {
            Step::Quote if !lazy => {
                let k = skip_spaces(b, j, 3);
                if b.get(k) == Some(&b'>') {
                    col += k - j + 1;
                    j = k + 1;
                    if matches!(b.get(j), Some(b' ' | b'\t')) {
                        col = columns_after(col, &b[j..j + 1]);
                        j += 1;
                    }
                } else {
                    lazy = true;
                }
            }
            Step::Quote => {}
            Step::Indent(width) => {
                let end = col + width;
                // A tab that reaches past the indentation is taken whole: what it leaves
                // over is only whitespace, which TeX ignores.
                while col < end {
                    match b.get(j) {
                        Some(b' ') => col += 1,
                        Some(b'\t') => col += 4 - col % 4,
                        _ => break,
                    }
                    j += 1;
                }
            }
        }
    }
    j
}

/// The start of the first blank line after `from` and before `end`, or `end`: only spaces
/// and tabs after the `>` markers of the `quotes` quotes around it (more `>` are text).
fn next_blank_line(b: &[u8], from: usize, end: usize, quotes: usize) -> usize {
    let blank = |line: usize| {
        let mut j = line;
        for _ in 0..quotes {
            let k = skip_spaces(b, j, 3);
            if b.get(k) != Some(&b'>') {
                break;
            }
            j = k + 1;
        }
        b[j..]
            .iter()
            .take_while(|&&c| c != b'\n')
            .all(|&c| matches!(c, b' ' | b'\t' | b'\r'))
    };
    memchr::memchr_iter(b'\n', &b[from..end])
        .map(|p| from + p + 1)
        .find(|&line| line < end && blank(line))
        .unwrap_or(end)
}

/// A line that is empty or holds only spaces, tabs and `>` markers ends any formula.
fn line_is_blank(b: &[u8], line: usize) -> bool {
    for &c in &b[line.min(b.len())..] {
        match c {
            b'\n' => return true,
            b' ' | b'\t' | b'>' | b'\r' => {}
            _ => return false,
        }
    }
    true
}

/// Bytes that can start something the scanner handles: escapes and TeX delimiters, dollars,
/// code spans, autolinks, braces.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\\' as usize] = true;
    t[b'$' as usize] = true;
    t[b'`' as usize] = true;
    t[b'<' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t
};

/// Most bytes are prose: the first offset in `i..limit` holding a [`SPECIAL`] byte (or
/// `limit`). Eight bytes are tested per step with their table entries OR-ed together, one
/// branch instead of eight.
fn skip_prose(b: &[u8], mut i: usize, limit: usize) -> usize {
    const STEP: usize = 8;
    let special = |c: u8| SPECIAL[c as usize];
    while i + STEP <= limit
        && !b[i..i + STEP]
            .iter()
            .fold(false, |any, &c| any | special(c))
    {
        i += STEP;
    }
    while i < limit && !special(b[i]) {
        i += 1;
    }
    i
}

/// Bytes of a formula body the closer search does nothing with but note as visible: not
/// whitespace, and none of `\n \\ { } ^ _ $`.
const FORMULA_PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = !(c as u8).is_ascii_whitespace();
        c += 1;
    }
    let special = b"\n\\{}^_$";
    let mut k = 0;
    while k < special.len() {
        t[special[k] as usize] = false;
        k += 1;
    }
    t
};

fn run_len(b: &[u8], i: usize, c: u8) -> usize {
    b[i..].iter().take_while(|&&x| x == c).count()
}

/// Every backtick run in the text, indexed by length, so "the next run of exactly this
/// length" is amortised O(1): queries only move forward.
struct Backticks {
    by_len: FastMap<usize, (Vec<usize>, usize, usize)>,
}

impl Backticks {
    fn index(b: &[u8]) -> Backticks {
        let mut by_len: FastMap<usize, (Vec<usize>, usize, usize)> = FastMap::default();
        let mut i = 0;
        // Most text has no backtick: a vectorised search jumps from run to run.
        while let Some(k) = memchr::memchr(b'`', &b[i..]) {
            let at = i + k;
            let len = run_len(b, at, b'`');
            by_len.entry(len).or_default().0.push(at);
            i = at + len;
        }
        Backticks { by_len }
    }

    /// First run of exactly `len` backticks starting in `from..zone_end`. With
    /// `dollar_after`, only runs followed by `$` count (GitHub's `` $`...`$ ``). The two
    /// kinds of query keep separate cursors so neither skips runs the other still needs.
    fn next_run(
        &mut self,
        len: usize,
        from: usize,
        zone_end: usize,
        dollar_after: bool,
        b: &[u8],
    ) -> Option<usize> {
        let (runs, code_cursor, dollar_cursor) = self.by_len.get_mut(&len)?;
        let cursor = if dollar_after {
            dollar_cursor
        } else {
            code_cursor
        };
        while *cursor < runs.len() && runs[*cursor] < from {
            *cursor += 1;
        }
        let mut k = *cursor;
        while k < runs.len() && runs[k] < zone_end {
            let start = runs[k];
            if !dollar_after || b.get(start + len) == Some(&b'$') {
                return Some(start);
            }
            k += 1;
            // Runs passed here cannot close a later `$`` either: they precede this one.
            *cursor = k;
        }
        None
    }
}
