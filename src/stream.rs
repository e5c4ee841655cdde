//! Streaming: Markdown that arrives in chunks (an LLM chat) ends, most of the time, in the
//! middle of something. A display formula whose closer has not arrived yet would show as
//! raw `$$ \int ...` and then flash into a formula; instead the tail from its opener is held
//! back and shown as a *pending* formula: its TeX in a quiet style, marked `translate="no"`.
//!
//! The scanner itself treats an unclosed opener as text (that is right for a finished
//! document), so this module decides, for the tail only, whether an opener is unclosed: an
//! opener the scanner rejects now but accepts once a closer is appended is pending.

use crate::document::Block;
use crate::html::{push_escaped_attr, push_escaped_text};
use crate::markdown::parser_options;
use crate::options::{Delimiters, Options};
use crate::regions::Regions;
use crate::scan::{scan, Kind, MathSpan, ENVIRONMENTS};

/// How to show the text received so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tail {
    /// Render `src[..head]` as Markdown.
    pub head: usize,
    /// Then this pending formula, if any (it starts at `head`).
    pub pending: Option<String>,
}

/// Look at `src[from..]` (from a clean block start, see
/// [`crate::incremental::Incremental::clean_start`]) for an unclosed display opener, or a
/// trailing fragment that may become one (`$`, `\`, `\begin{equ`), which is held back.
pub fn tail(src: &str, from: usize, options: &Options) -> Tail {
    let from = from.min(src.len());
    let slice = &src[from..];
    let d = &options.delimiters;
    let regions = Regions::read(slice, parser_options());
    let spans = scan(slice, &regions, d);
    // The first few candidates only: each try scans the tail again.
    for (at, kind, open_len) in openers(slice, &regions, &spans, d).into_iter().take(4) {
        if closes_if_finished(slice, at, kind, open_len, d) {
            let tex = if kind == Kind::Environment {
                &slice[at..]
            } else {
                &slice[at + open_len..]
            };
            return Tail {
                head: from + at,
                pending: Some(quiet_tex(tex).to_string()),
            };
        }
    }
    Tail {
        head: from + held_back(slice, &spans),
        pending: None,
    }
}

/// Candidate display openers in the slice after its last blank line and last code region,
/// outside formulas that are already closed: (offset, kind, opener length).
fn openers(
    slice: &str,
    regions: &Regions,
    spans: &[MathSpan],
    d: &Delimiters,
) -> Vec<(usize, Kind, usize)> {
    let b = slice.as_bytes();
    // Display math cannot cross a blank line or a code block, so only what follows both
    // can still be closed by text yet to come.
    let mut start = regions.code.last().map_or(0, |r| r.end);
    let mut line = 0;
    while line < b.len() {
        let end = b[line..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| line + i);
        let blank = b[line..end]
            .iter()
            .all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'>'));
        if blank && end < b.len() && regions.code_at(line).is_none() {
            start = start.max(end + 1);
        }
        line = end + 1;
    }
    let inside = |i: usize| {
        let k = spans.partition_point(|s| s.range.end <= i);
        spans.get(k).is_some_and(|s| s.range.start <= i) || regions.code_at(i).is_some()
    };
    let mut out = Vec::new();
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            if b.get(i + 1) == Some(&b'[') && d.bracket && !inside(i) {
                out.push((i, Kind::Bracket, 2));
            } else if let Some(len) = env_opener(&b[i..]).filter(|_| d.environments) {
                if !inside(i) {
                    out.push((i, Kind::Environment, len));
                }
            }
            i += 2; // an escape never opens anything with its next byte
            continue;
        }
        if c == b'$' && b.get(i + 1) == Some(&b'$') && d.double_dollar && !inside(i) {
            out.push((i, Kind::DoubleDollar, 2));
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// `\begin{NAME}` with NAME a display environment: its byte length.
fn env_opener(b: &[u8]) -> Option<usize> {
    let rest = b.strip_prefix(b"\\begin{")?;
    let close = rest.iter().take(24).position(|&c| c == b'}')?;
    let name = std::str::from_utf8(&rest[..close]).ok()?;
    let base = name.strip_suffix('*').unwrap_or(name);
    ENVIRONMENTS
        .contains(&base)
        .then_some("\\begin{".len() + close + 1)
}

/// The scanner finds a formula of `kind` at `at` once a closer is appended (trying the
/// ways a chunk can end half way through the closer).
fn closes_if_finished(slice: &str, at: usize, kind: Kind, open_len: usize, d: &Delimiters) -> bool {
    let env_end;
    let closers: &[&str] = match kind {
        Kind::DoubleDollar => &["$$", "$", " $$"],
        Kind::Bracket => &["\\]", "]", " \\]"],
        _ => {
            let name = &slice[at + "\\begin{".len()..at + open_len - 1];
            env_end = format!("\\end{{{name}}}");
            &[env_end.as_str()][..]
        }
    };
    // A chunk may end inside a group (`\int_{-\inf`): close the groups first.
    let mut depth = 0usize;
    let mut bytes = slice.as_bytes()[at + open_len..].iter();
    while let Some(c) = bytes.next() {
        match c {
            b'\\' => {
                bytes.next();
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    closers.iter().any(|closer| {
        let mut test = String::with_capacity(slice.len() + depth + closer.len());
        test.push_str(slice);
        test.push_str(&"}".repeat(depth));
        test.push_str(closer);
        let regions = Regions::read(&test, parser_options());
        scan(&test, &regions, d)
            .iter()
            .any(|s| s.range.start == at && s.kind == kind)
    })
}

/// Where a trailing fragment that may still become an opener starts (or the slice length):
/// a lone `$` or `\` at the very end, or an unfinished `\begin{...`.
fn held_back(slice: &str, spans: &[MathSpan]) -> usize {
    let b = slice.as_bytes();
    let n = b.len();
    if n == 0 {
        return 0;
    }
    let closes_formula = spans.last().is_some_and(|s| s.range.end == n);
    if b[n - 1] == b'$' && !closes_formula {
        return n - 1;
    }
    if let Some(bs) = b[n.saturating_sub(24)..].iter().rposition(|&c| c == b'\\') {
        let at = n.saturating_sub(24) + bs;
        let frag = &slice[at..];
        let unfinished = frag.len() == 1
            || ENVIRONMENTS.iter().any(|e| {
                let full = format!("\\begin{{{e}}}");
                full.len() > frag.len() && full.starts_with(frag)
            });
        if unfinished && !spans.last().is_some_and(|s| s.range.end > at) {
            return at;
        }
    }
    n
}

/// The pending TeX as shown: without a half-arrived closer at the end.
fn quiet_tex(tex: &str) -> &str {
    let t = tex.trim_end_matches(['$', '\\', ']']);
    t.trim_end_matches("\\end{").trim()
}

/// The block that shows a pending formula, with the formula markup contract's root and
/// class `mathdown-pending`. `range` is its source range (the tail).
pub fn pending_block(tex: &str, range: std::ops::Range<usize>) -> Block {
    let mut html = String::from(
        "<div class=\"mathdown-math mathdown-display mathdown-pending notranslate\" translate=\"no\" data-tex=\"",
    );
    push_escaped_attr(&mut html, tex);
    html.push_str("\">");
    push_escaped_text(&mut html, tex);
    html.push_str("</div>\n");
    Block::new(html, range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(src: &str) -> (String, Option<String>) {
        let tail = tail(src, 0, &Options::default());
        (src[..tail.head].to_string(), tail.pending)
    }

    #[test]
    fn unclosed_display_openers_are_pending() {
        assert_eq!(t("a\n$$\nx + y"), ("a\n".into(), Some("x + y".into())));
        assert_eq!(t("a $$ x $"), ("a ".into(), Some("x".into())));
        assert_eq!(t("a\n\\[ x"), ("a\n".into(), Some("x".into())));
        assert_eq!(
            t("$$\\int_{-\\inf"),
            ("".into(), Some("\\int_{-\\inf".into()))
        );
        assert_eq!(
            t("\\begin{align} a &= b \\\\"),
            ("".into(), Some("\\begin{align} a &= b".into()))
        );
    }

    #[test]
    fn closed_or_dead_openers_are_not() {
        assert_eq!(t("a $$x$$ b"), ("a $$x$$ b".into(), None));
        assert_eq!(t("$$ x\n\ny"), ("$$ x\n\ny".into(), None));
        assert_eq!(t("`$$` code"), ("`$$` code".into(), None));
        assert_eq!(t("```\n$$ x"), ("```\n$$ x".into(), None));
        assert_eq!(t("cost $x$"), ("cost $x$".into(), None));
    }

    #[test]
    fn half_arrived_openers_are_held_back() {
        assert_eq!(t("a $"), ("a ".into(), None));
        assert_eq!(t("a \\"), ("a ".into(), None));
        assert_eq!(t("a \\begin{equ"), ("a ".into(), None));
        assert_eq!(t("a \\alpha"), ("a \\alpha".into(), None));
    }
}
