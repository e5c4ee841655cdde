//! pulldown-cmark setup and the event adapter: merges text events, turns placeholders back
//! into math events, and turns ```` ```math ```` fences into display math.
//!
//! The parser is never forked: everything mathdown adds happens on its event stream.

use crate::labels::MathLabels;
use crate::protect::{Piece, Protected};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options as MdOptions, Parser, Tag, TagEnd};
use std::ops::Range;

/// CommonMark plus the GFM extensions mathdown promises. pulldown-cmark's own `$` math is
/// off: mathdown finds math itself, before block structure.
pub fn parser_options() -> MdOptions {
    MdOptions::ENABLE_TABLES
        | MdOptions::ENABLE_STRIKETHROUGH
        | MdOptions::ENABLE_TASKLISTS
        | MdOptions::ENABLE_FOOTNOTES
}

/// Where a formula's TeX comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum MathRef {
    /// Index into the scanner's spans.
    Span(usize),
    /// A ```` ```math ```` fence and its content.
    Fence(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ev<'a> {
    Md(Event<'a>),
    Math(MathRef),
}

/// The adapted event stream over protected text, ranges in protected-text offsets.
pub struct MathEvents<'a> {
    inner: std::iter::Peekable<pulldown_cmark::OffsetIter<'a, MathLabels<'a>>>,
    protected: &'a Protected,
    math_fence: bool,
    queue: std::collections::VecDeque<(Ev<'a>, Range<usize>)>,
}

/// The adapted events of `protected`, the protected text of `src`.
pub fn events<'a>(protected: &'a Protected, src: &'a str, math_fence: bool) -> MathEvents<'a> {
    let (labels, defs) = MathLabels::new(protected, src);
    let parser =
        Parser::new_with_broken_link_callback(&protected.text, parser_options(), Some(labels));
    MathLabels::fill(&defs, parser.reference_definitions(), protected, src);
    MathEvents {
        inner: parser.into_offset_iter().peekable(),
        protected,
        math_fence,
        queue: Default::default(),
    }
}

impl<'a> MathEvents<'a> {
    fn split_text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        let Some(first) = self.protected.find_sentinel(&text) else {
            self.queue.push_back((Ev::Md(Event::Text(text)), range));
            return;
        };
        // Text borrowed from the protected text is split into borrowed pieces; only text
        // pulldown-cmark rewrote (escapes, merged events) needs copies.
        match text {
            CowStr::Borrowed(t) => self.queue_pieces(t, first, range, CowStr::Borrowed),
            t => self.queue_pieces(&t, first, range, |p| CowStr::from(p.to_string())),
        }
    }

    /// Queue the pieces of `text`, whose first sentinel is at `first`.
    fn queue_pieces<'t>(
        &mut self,
        text: &'t str,
        first: usize,
        range: Range<usize>,
        wrap: impl Fn(&'t str) -> CowStr<'a>,
    ) {
        for piece in self.protected.pieces_from(text, first) {
            let ev = match piece {
                Piece::Text(t) => Ev::Md(Event::Text(wrap(t))),
                Piece::Math(i) => Ev::Math(MathRef::Span(i)),
            };
            self.queue.push_back((ev, range.clone()));
        }
    }

    fn fence(&mut self, range: Range<usize>) -> (Ev<'a>, Range<usize>) {
        let mut tex = String::new();
        let mut end = range.end;
        for (ev, r) in self.inner.by_ref() {
            end = r.end.max(end);
            match ev {
                Event::Text(t) => tex.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        if tex.ends_with('\n') {
            tex.pop();
        }
        (Ev::Math(MathRef::Fence(tex)), range.start..end)
    }
}

impl<'a> Iterator for MathEvents<'a> {
    type Item = (Ev<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.queue.pop_front() {
            return Some(e);
        }
        let (ev, range) = self.inner.next()?;
        match ev {
            Event::Text(first) => {
                // Merge adjacent text so a placeholder is never split across events. One
                // growing String: re-boxing after every append would copy it each time.
                let mut range = range;
                let text = if let Some((Event::Text(_), _)) = self.inner.peek() {
                    let mut s = first.into_string();
                    while let Some((Event::Text(_), _)) = self.inner.peek() {
                        if let Some((Event::Text(t), r)) = self.inner.next() {
                            s.push_str(&t);
                            range.end = r.end;
                        }
                    }
                    CowStr::from(s)
                } else {
                    first
                };
                self.split_text(text, range);
                self.queue.pop_front()
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if self.math_fence && info.split_whitespace().next() == Some("math") =>
            {
                Some(self.fence(range))
            }
            other => Some((Ev::Md(other), range)),
        }
    }
}
