//! The HTML writer: consumes the adapted event stream and produces the document's blocks.
//! Like pulldown-cmark's `html.rs`, it only consumes events; the differences are the ones
//! mathdown exists for: formulas, the HTML and URL policies, heading ids, and output split
//! into top-level blocks with source ranges.

use crate::document::Block;
use crate::engine::MathEngine;
use crate::html::{
    push_escaped_attr, push_escaped_href, push_escaped_text, push_formula, push_reference,
    url_is_safe, UNSAFE_URL_REPLACEMENT,
};
use crate::markdown::{Ev, MathRef};
use crate::options::{HtmlPolicy, Options};
use crate::protect::{Piece, Protected};
use crate::sanitize::Sanitizer;
use crate::scan::{Kind, MathSpan};
use crate::slug::Slugs;
use crate::tex::TexPass;
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// Largest output buffer the writer keeps from block to block: a typical block is a few KB,
/// and one huge block must not leave that much memory held for the rest of the render.
const BLOCK_ROOM_LIMIT: usize = 64 * 1024;

pub struct Writer<'a> {
    src: &'a str,
    spans: &'a [MathSpan],
    tex: &'a TexPass,
    protected: &'a Protected,
    options: &'a Options,
    engine: &'a mut dyn MathEngine,
    pub blocks: Vec<Block>,
    pub formulas: usize,
    pub errors: usize,
    out: String,
    depth: usize,
    block_range: Range<usize>,
    /// Where the last block's offsets were found in the placeholder map.
    map_cursor: usize,
    sanitizer: Sanitizer,
    slugs: Slugs,
    footnotes: HashMap<String, usize>,
    /// Inline elements open (emphasis, links, ...): display math inside them stays a span.
    inline_depth: usize,
    /// Links open around the current position (a reference inside one is not a link).
    links: usize,
    /// In a paragraph: whether its `<p>` is currently open (display math closes it).
    paragraph: Option<bool>,
    /// A display formula just closed the paragraph: whitespace up to the next content is
    /// the line break after it, not content.
    after_display: bool,
    in_heading: Option<(usize, String)>,
    in_table_cell: bool,
    table: TableState,
    /// Inside an image: only text is written, into the alt attribute.
    alt_depth: usize,
    pending_image: Vec<String>,
}

#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    cell: usize,
}

impl<'a> Writer<'a> {
    pub fn new(
        src: &'a str,
        spans: &'a [MathSpan],
        tex: &'a TexPass,
        protected: &'a Protected,
        options: &'a Options,
        engine: &'a mut dyn MathEngine,
    ) -> Self {
        Writer {
            src,
            spans,
            tex,
            protected,
            options,
            engine,
            blocks: Vec::new(),
            formulas: 0,
            errors: 0,
            out: String::new(),
            depth: 0,
            block_range: 0..0,
            map_cursor: 0,
            sanitizer: Sanitizer::default(),
            slugs: reserved_ids(src, tex),
            footnotes: HashMap::new(),
            inline_depth: 0,
            links: 0,
            paragraph: None,
            after_display: false,
            in_heading: None,
            in_table_cell: false,
            table: TableState::default(),
            alt_depth: 0,
            pending_image: Vec::new(),
        }
    }

    pub fn run<'e>(mut self, events: impl Iterator<Item = (Ev<'e>, Range<usize>)>) -> Self {
        for (ev, range) in events {
            let opens = matches!(ev, Ev::Md(Event::Start(_)));
            let closes = matches!(ev, Ev::Md(Event::End(_)));
            if self.depth == 0 {
                self.block_range = range.clone();
            }
            if opens {
                self.depth += 1;
            }
            self.event(ev);
            if closes {
                self.depth = self.depth.saturating_sub(1);
            }
            if self.depth == 0 {
                self.finish_block(range);
            }
        }
        self
    }

    fn finish_block(&mut self, range: Range<usize>) {
        self.sanitizer.finish(&mut self.out);
        let start = self.block_range.start.min(range.start);
        let end = self.block_range.end.max(range.end);
        let p = self.protected;
        let range = p.to_source_from(start, &mut self.map_cursor)
            ..p.to_source_from(end, &mut self.map_cursor);
        if self.out.is_empty() {
            return;
        }
        // The block gets an exact-size copy and the buffer is kept for the next block: a
        // copy is one allocation and a memcpy, while handing the buffer over meant shrinking
        // it (a realloc) and growing a fresh one through reallocs for every block. A
        // buffer that one huge block grew is given away instead, so it does not stay held.
        let html = if self.out.capacity() > BLOCK_ROOM_LIMIT {
            let mut html = std::mem::take(&mut self.out);
            html.shrink_to_fit();
            html
        } else {
            let html = self.out.as_str().to_owned();
            self.out.clear();
            html
        };
        self.blocks.push(Block::new(html, range));
    }

    /// The original source of a formula, delimiters included: what a placeholder stands for
    /// wherever math cannot be drawn (code, URLs, raw HTML).
    fn restore(&self, text: &str) -> String {
        let mut s = String::with_capacity(text.len());
        for piece in self.protected.pieces(text) {
            match piece {
                Piece::Text(t) => s.push_str(t),
                Piece::Math(i) => s.push_str(&self.src[self.spans[i].range.clone()]),
            }
        }
        s
    }

    /// [`Self::restore`] for link destinations and titles, where pulldown-cmark would have
    /// applied backslash escapes to the text we hid from it.
    fn restore_unescaped(&self, text: &str) -> String {
        if !self.protected.has_sentinel(text) {
            return text.to_string();
        }
        let mut s = String::with_capacity(text.len());
        for piece in self.protected.pieces(text) {
            match piece {
                Piece::Text(t) => s.push_str(t),
                Piece::Math(i) => {
                    let raw = &self.src[self.spans[i].range.clone()];
                    let mut chars = raw.chars().peekable();
                    while let Some(c) = chars.next() {
                        match chars.peek() {
                            Some(&n) if c == '\\' && n.is_ascii_punctuation() => {
                                s.push(n);
                                chars.next();
                            }
                            _ => s.push(c),
                        }
                    }
                }
            }
        }
        s
    }

    fn event(&mut self, ev: Ev<'_>) {
        match ev {
            Ev::Math(m) => self.math(m),
            Ev::Md(e) => self.md(e),
        }
    }

    fn math(&mut self, m: MathRef) {
        // Copies of the shared references, so borrowing a formula's TeX does not borrow
        // `self` (no per-formula clone).
        let (spans, tex_pass) = (self.spans, self.tex);
        let (tex, display) = match &m {
            MathRef::Span(i) => (spans[*i].tex.as_str(), spans[*i].display()),
            MathRef::Fence(t) => (t.as_str(), true),
        };
        if self.alt_depth > 0 {
            let source = match m {
                MathRef::Span(i) => self.src[self.spans[i].range.clone()].to_string(),
                MathRef::Fence(ref t) => t.clone(),
            };
            self.push_alt_text(&source);
            return;
        }
        if let Some((_, text)) = &mut self.in_heading {
            text.push_str(tex);
        }
        let formula = match &m {
            MathRef::Span(i) => tex_pass.formulas.get(*i),
            MathRef::Fence(_) => None,
        };
        if let Some(r) = formula.and_then(|f| f.reference.as_ref()) {
            self.reopen_paragraph();
            if let (Some(_), MathRef::Span(i)) = (&r.unknown, &m) {
                if spans[*i].kind == Kind::Ref {
                    // A bare `\ref` no formula answers stays the text it was.
                    push_escaped_text(&mut self.out, &self.src[spans[*i].range.clone()]);
                    return;
                }
            }
            self.formulas += 1;
            if r.unknown.is_some() {
                self.errors += 1;
            }
            push_reference(&mut self.out, self.engine, tex, r, self.links == 0);
            return;
        }
        let fence_tex;
        let (engine_tex, anchors): (&str, &[String]) = match formula {
            Some(f) => (f.engine_tex(tex), &f.anchors),
            None => {
                fence_tex = tex_pass.fence_tex(tex, self.options);
                (&fence_tex, &[])
            }
        };
        // A display formula directly in a paragraph splits it: `<p>` may not hold a block.
        // Inside raw inline markup the paragraph kept open (`<b>x $$y$$</b>`) it is a span,
        // as inside emphasis.
        let block = display
            && self.inline_depth == 0
            && !self.sanitizer.open_inside()
            && self.in_heading.is_none()
            && !self.in_table_cell;
        if block {
            if self.paragraph == Some(true) {
                trim_trailing_whitespace(&mut self.out);
                self.out.push_str("</p>\n");
                self.paragraph = Some(false);
            } else if !self.out.is_empty() && !self.out.ends_with('\n') {
                trim_trailing_whitespace(&mut self.out);
                self.out.push('\n');
            }
        } else {
            self.reopen_paragraph();
        }
        self.formulas += 1;
        let ok = push_formula(
            &mut self.out,
            self.engine,
            tex,
            engine_tex,
            display,
            block,
            self.options.max_tex_length,
            anchors,
        );
        if !ok {
            self.errors += 1;
        }
        if block {
            self.out.push('\n');
        }
        self.after_display = block;
    }

    /// After a display formula closed the paragraph, the next visible inline content opens a
    /// new `<p>`; whitespace and line breaks between them are dropped.
    fn reopen_paragraph(&mut self) {
        self.after_display = false;
        if self.paragraph == Some(false) {
            self.out.push_str("<p>");
            self.paragraph = Some(true);
        }
    }

    fn paragraph_is_closed(&self) -> bool {
        self.paragraph == Some(false)
    }

    fn push_alt_text(&mut self, t: &str) {
        if let Some(alt) = self.pending_image.last_mut() {
            alt.push_str(t);
        }
    }

    fn md(&mut self, e: Event<'_>) {
        if self.alt_depth > 0 {
            match e {
                Event::Start(Tag::Image { .. }) => {
                    self.alt_depth += 1;
                }
                Event::End(TagEnd::Image) => {
                    self.alt_depth -= 1;
                    if self.alt_depth == 0 {
                        self.close_image();
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    let t = self.restore(&t);
                    self.push_alt_text(&t);
                }
                Event::SoftBreak | Event::HardBreak => self.push_alt_text("\n"),
                _ => {}
            }
            return;
        }
        match e {
            // The line break after a display formula is dropped only up to the next tag:
            // leading whitespace of what follows (a code block's indentation) is content.
            Event::Start(tag) => {
                self.after_display = false;
                // An image's end is read in alt-text mode, which writes no raw markup.
                if !matches!(tag, Tag::Image { .. }) {
                    self.sanitizer.enter();
                }
                self.start(tag)
            }
            Event::End(tag) => {
                self.after_display = false;
                self.sanitizer.leave(&mut self.out);
                self.end(tag)
            }
            Event::Text(t) => {
                let t: &str = if self.after_display {
                    // Only the line break and its spaces: an `&nbsp;` is content.
                    t.trim_start_matches([' ', '\t', '\n', '\r'])
                } else {
                    &t
                };
                if t.is_empty() {
                    return;
                }
                self.reopen_paragraph();
                if let Some((_, text)) = &mut self.in_heading {
                    text.push_str(t);
                }
                push_escaped_text(&mut self.out, t);
            }
            Event::Code(t) => {
                self.reopen_paragraph();
                let t = self.restore(&t);
                if let Some((_, text)) = &mut self.in_heading {
                    text.push_str(&t);
                }
                self.out.push_str("<code>");
                push_escaped_text(&mut self.out, &t);
                self.out.push_str("</code>");
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                // pulldown-cmark's own math is off; keep the text if it ever appears.
                push_escaped_text(&mut self.out, &t);
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                self.reopen_paragraph();
                let t = self.restore(&t);
                self.raw_html(&t);
            }
            Event::SoftBreak => {
                if !self.paragraph_is_closed() {
                    self.out.push('\n');
                }
            }
            Event::HardBreak => {
                if !self.paragraph_is_closed() {
                    self.out.push_str("<br />\n");
                }
            }
            Event::Rule => {
                self.newline();
                self.out.push_str("<hr />\n");
            }
            Event::FootnoteReference(name) => {
                self.reopen_paragraph();
                // A formula in the label is its source in the id, not its placeholder.
                let name = self.restore(&name);
                let n = self.footnote_number(&name);
                self.out
                    .push_str("<sup class=\"footnote-reference\"><a href=\"#");
                push_escaped_attr(&mut self.out, &name);
                self.out.push_str(&format!("\">{n}</a></sup>"));
            }
            Event::TaskListMarker(checked) => {
                self.reopen_paragraph();
                self.out.push_str(if checked {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n"
                } else {
                    "<input disabled=\"\" type=\"checkbox\"/>\n"
                });
            }
        }
    }

    fn raw_html(&mut self, t: &str) {
        match self.options.html {
            HtmlPolicy::Allow => self.out.push_str(t),
            HtmlPolicy::Escape => push_escaped_text(&mut self.out, t),
            HtmlPolicy::Sanitize => self.sanitizer.push(&mut self.out, t),
        }
    }

    fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_string()).or_insert(next)
    }

    fn newline(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                // Opened lazily by the first visible content, so a paragraph that starts
                // with display math does not leave an empty `<p></p>` behind.
                self.newline();
                self.paragraph = Some(false);
            }
            Tag::Heading { level, .. } => {
                self.newline();
                self.out.push('<');
                self.out.push_str(heading_tag(level));
                self.in_heading = Some((self.out.len(), String::new()));
                self.out.push('>');
            }
            Tag::Table(alignments) => {
                self.newline();
                self.table = TableState {
                    alignments,
                    ..Default::default()
                };
                self.out.push_str("<table>");
            }
            Tag::TableHead => {
                self.table.in_head = true;
                self.table.cell = 0;
                self.out.push_str("<thead><tr>");
            }
            Tag::TableRow => {
                self.table.cell = 0;
                self.out.push_str("<tr>");
            }
            Tag::TableCell => {
                self.in_table_cell = true;
                self.out
                    .push_str(if self.table.in_head { "<th" } else { "<td" });
                match self.table.alignments.get(self.table.cell) {
                    Some(Alignment::Left) => self.out.push_str(" style=\"text-align: left\""),
                    Some(Alignment::Center) => self.out.push_str(" style=\"text-align: center\""),
                    Some(Alignment::Right) => self.out.push_str(" style=\"text-align: right\""),
                    _ => {}
                }
                self.out.push('>');
            }
            Tag::BlockQuote(_) => {
                self.newline();
                self.out.push_str("<blockquote>\n");
            }
            Tag::CodeBlock(kind) => {
                self.newline();
                match kind {
                    CodeBlockKind::Fenced(info) => {
                        let lang = info.split_whitespace().next().unwrap_or("");
                        if lang.is_empty() {
                            self.out.push_str("<pre><code>");
                        } else {
                            self.out.push_str("<pre><code class=\"language-");
                            let lang = self.restore(lang);
                            push_escaped_attr(&mut self.out, &lang);
                            self.out.push_str("\">");
                        }
                    }
                    CodeBlockKind::Indented => self.out.push_str("<pre><code>"),
                }
            }
            Tag::List(Some(1)) => {
                self.newline();
                self.out.push_str("<ol>\n");
            }
            Tag::List(Some(start)) => {
                self.newline();
                self.out.push_str(&format!("<ol start=\"{start}\">\n"));
            }
            Tag::List(None) => {
                self.newline();
                self.out.push_str("<ul>\n");
            }
            Tag::Item => {
                self.newline();
                self.out.push_str("<li>");
            }
            Tag::Emphasis => self.inline_open("<em>"),
            Tag::Strong => self.inline_open("<strong>"),
            Tag::Strikethrough => self.inline_open("<del>"),
            Tag::Superscript => self.inline_open("<sup>"),
            Tag::Subscript => self.inline_open("<sub>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.reopen_paragraph();
                self.inline_depth += 1;
                self.links += 1;
                let url = self.restore_unescaped(&dest_url);
                self.out.push_str("<a href=\"");
                if link_type == LinkType::Email {
                    self.out.push_str("mailto:");
                }
                if url_is_safe(&url, false) {
                    push_escaped_href(&mut self.out, &url);
                } else {
                    self.out.push_str(UNSAFE_URL_REPLACEMENT);
                }
                if !title.is_empty() {
                    self.out.push_str("\" title=\"");
                    let title = self.restore_unescaped(&title);
                    push_escaped_attr(&mut self.out, &title);
                }
                self.out.push_str("\">");
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.reopen_paragraph();
                let url = self.restore_unescaped(&dest_url);
                self.out.push_str("<img src=\"");
                if url_is_safe(&url, true) {
                    push_escaped_href(&mut self.out, &url);
                } else {
                    self.out.push_str(UNSAFE_URL_REPLACEMENT);
                }
                self.out.push_str("\" alt=\"");
                self.pending_image.push(self.restore_unescaped(&title));
                self.pending_image.push(String::new());
                self.alt_depth = 1;
            }
            Tag::FootnoteDefinition(name) => {
                self.newline();
                let name = self.restore(&name);
                self.out
                    .push_str("<div class=\"footnote-definition\" id=\"");
                push_escaped_attr(&mut self.out, &name);
                let n = self.footnote_number(&name);
                self.out.push_str(&format!(
                    "\"><sup class=\"footnote-definition-label\">{n}</sup>"
                ));
            }
            _ => {}
        }
    }

    fn inline_open(&mut self, html: &str) {
        self.reopen_paragraph();
        self.inline_depth += 1;
        self.out.push_str(html);
    }

    fn inline_close(&mut self, html: &str) {
        self.inline_depth = self.inline_depth.saturating_sub(1);
        self.out.push_str(html);
    }

    fn close_image(&mut self) {
        let alt = self.pending_image.pop().unwrap_or_default();
        let title = self.pending_image.pop().unwrap_or_default();
        push_escaped_attr(&mut self.out, &alt);
        if !title.is_empty() {
            self.out.push_str("\" title=\"");
            push_escaped_attr(&mut self.out, &title);
        }
        self.out.push_str("\" />");
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                if self.paragraph == Some(true) {
                    self.out.push_str("</p>\n");
                }
                self.paragraph = None;
            }
            TagEnd::Heading(level) => {
                if let Some((at, text)) = self.in_heading.take() {
                    if self.options.heading_ids {
                        let id = self.slugs.unique(&text);
                        let mut attr = String::from(" id=\"");
                        push_escaped_attr(&mut attr, &id);
                        attr.push('"');
                        self.out.insert_str(at, &attr);
                    }
                }
                self.out.push_str("</");
                self.out.push_str(heading_tag(level));
                self.out.push_str(">\n");
            }
            TagEnd::Table => self.out.push_str("</tbody></table>\n"),
            TagEnd::TableHead => {
                self.out.push_str("</tr></thead><tbody>\n");
                self.table.in_head = false;
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                self.in_table_cell = false;
                self.out
                    .push_str(if self.table.in_head { "</th>" } else { "</td>" });
                self.table.cell += 1;
            }
            TagEnd::BlockQuote(_) => self.out.push_str("</blockquote>\n"),
            TagEnd::CodeBlock => self.out.push_str("</code></pre>\n"),
            TagEnd::List(true) => self.out.push_str("</ol>\n"),
            TagEnd::List(false) => self.out.push_str("</ul>\n"),
            TagEnd::Item => self.out.push_str("</li>\n"),
            TagEnd::Emphasis => self.inline_close("</em>"),
            TagEnd::Strong => self.inline_close("</strong>"),
            TagEnd::Strikethrough => self.inline_close("</del>"),
            TagEnd::Superscript => self.inline_close("</sup>"),
            TagEnd::Subscript => self.inline_close("</sub>"),
            TagEnd::Link => {
                self.links = self.links.saturating_sub(1);
                self.inline_close("</a>");
            }
            TagEnd::FootnoteDefinition => self.out.push_str("</div>\n"),
            TagEnd::HtmlBlock => self.sanitizer.finish(&mut self.out),
            _ => {}
        }
    }
}

/// The ids the document gives footnotes and equation anchors, which headings must not take.
fn reserved_ids(src: &str, tex: &TexPass) -> Slugs {
    let mut slugs = Slugs::default();
    slugs.reserve_footnote_labels(src);
    for id in tex.formulas.iter().flat_map(|f| &f.anchors) {
        slugs.reserve(id);
    }
    slugs
}

fn trim_trailing_whitespace(s: &mut String) {
    let t = s.trim_end_matches([' ', '\t', '\n']).len();
    s.truncate(t);
}

/// The element name of a heading level (what its `Display` writes, without a `format!` per
/// heading).
fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::HeadingLevel::*;

    #[test]
    fn heading_tags_are_what_display_writes() {
        for level in [H1, H2, H3, H4, H5, H6] {
            assert_eq!(super::heading_tag(level), level.to_string());
        }
    }
}
