//! The `html: "sanitize"` policy: raw HTML from the Markdown is re-serialised from an
//! allowlist of tags and attributes. Nothing is passed through as written: every kept tag is
//! rebuilt from parsed parts and escaped, so malformed markup cannot change meaning
//! between our parse and the browser's (mutation XSS).

use crate::html::{push_escaped_attr, url_is_safe, UNSAFE_URL_REPLACEMENT};

/// Tags kept (with their allowed attributes below). Everything else is dropped, its text
/// content kept as text, except [`DROP_CONTENT`].
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements whose content is code, or a different parsing mode, or foreign markup (SVG and
/// MathML change how the browser parses what follows): dropped with everything inside.
const DROP_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "svg",
    "math",
    "select",
    "option",
    "form",
    "base",
    "link",
    "meta",
    "head",
    "audio",
    "video",
    "canvas",
];

const VOID: &[&str] = &["br", "col", "hr", "img", "wbr"];

/// Attributes allowed on every kept tag.
const GLOBAL_ATTRS: &[&str] = &["title", "lang", "dir"];

fn tag_attrs(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href"],
        "img" => &["src", "alt", "width", "height"],
        "td" | "th" => &["align", "colspan", "rowspan"],
        "ol" => &["start", "type", "reversed"],
        "li" => &["value"],
        "time" => &["datetime"],
        "details" => &["open"],
        "q" | "blockquote" | "del" | "ins" => &["cite"],
        "col" | "colgroup" => &["span"],
        _ => &[],
    }
}

fn is_url_attr(name: &str) -> bool {
    matches!(name, "href" | "src" | "cite")
}

/// Sanitizer state for one block: which kept tags are open, and whether we are inside an
/// element whose content is dropped.
#[derive(Default, Debug)]
pub struct Sanitizer {
    open: Vec<&'static str>,
    /// Per element of the writer's own that is open, how many kept tags were open when it
    /// opened ([`Sanitizer::enter`]). Tags opened inside it close before it does, and a
    /// closing tag inside it cannot close one opened outside (`<b>[x</b>](u)` must not end
    /// the `<b>` inside the link, or a tag opened after it would outlive the link).
    scopes: Vec<usize>,
    dropping: Option<&'static str>,
    /// The text that ends a comment or declaration an earlier piece left open: an HTML
    /// block reaches us one line at a time, so `<!--`, its content and `-->` are three pieces.
    unclosed: Option<&'static str>,
}

impl Sanitizer {
    /// Sanitize one piece of raw HTML (an HTML block line or an inline tag) into `out`.
    pub fn push(&mut self, out: &mut String, html: &str) {
        let b = html.as_bytes();
        let mut i = match self.unclosed {
            Some(close) => self.skip_to(html, 0, close),
            None => 0,
        };
        while i < b.len() {
            if b[i] == b'<' {
                if let Some((tag, end)) = parse_tag(html, i) {
                    self.tag(out, &tag);
                    i = end;
                    continue;
                }
                if let Some((opener, close)) = markup_declaration(&html[i..]) {
                    i = self.skip_to(html, i + opener, close);
                    continue;
                }
            }
            // Text: copy up to the next `<`, escaping stray `<` and `>`.
            let step = html[i..].chars().next().map_or(1, char::len_utf8);
            let next = html[i + step..].find('<').map_or(b.len(), |p| i + step + p);
            if self.dropping.is_none() {
                for c in html[i..next].chars() {
                    match c {
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        _ => out.push(c),
                    }
                }
            }
            i = next;
        }
    }

    /// Close whatever the block left open, so one block can never swallow the next.
    pub fn finish(&mut self, out: &mut String) {
        self.close_to(0, out);
        self.dropping = None;
        self.unclosed = None;
    }

    /// The writer opens an element of its own (a paragraph, a link, an emphasis, ...).
    pub fn enter(&mut self) {
        self.scopes.push(self.open.len());
    }

    /// The writer closes its innermost element: the kept tags opened inside it close
    /// first. Raw markup left open inside a link, an emphasis, a list item, a paragraph
    /// must not outlive it, or the browser nests what follows in it (an open `<table>`
    /// keeps `</a>` from matching, and the link then swallows the rest of the page).
    pub fn leave(&mut self, out: &mut String) {
        if let Some(depth) = self.scopes.pop() {
            self.close_to(depth, out);
        }
    }

    /// Whether kept tags opened inside the writer's innermost element are open
    /// (`<b>x $$y$$</b>`: the formula there is inline markup).
    pub fn open_inside(&self) -> bool {
        self.open.len() > self.floor()
    }

    /// How many open tags were opened outside the writer's innermost element.
    fn floor(&self) -> usize {
        self.scopes.last().map_or(0, |&d| d.min(self.open.len()))
    }

    fn close_to(&mut self, depth: usize, out: &mut String) {
        while self.open.len() > depth {
            if let Some(t) = self.open.pop() {
                out.push_str("</");
                out.push_str(t);
                out.push('>');
            }
        }
    }

    /// The offset just after the first `close` in `html` from `from`; without one, the
    /// rest of `html` and, until `close` comes in a later piece, everything after it (an
    /// unterminated comment swallows the rest, as it does in a browser).
    fn skip_to(&mut self, html: &str, from: usize, close: &'static str) -> usize {
        match html[from..].find(close) {
            Some(p) => {
                self.unclosed = None;
                from + p + close.len()
            }
            None => {
                self.unclosed = Some(close);
                html.len()
            }
        }
    }

    fn tag(&mut self, out: &mut String, tag: &Tag) {
        if let Some(d) = self.dropping {
            if tag.closing && tag.name == d {
                self.dropping = None;
            }
            return;
        }
        if let Some(&d) = DROP_CONTENT.iter().find(|&&d| d == tag.name) {
            if !tag.closing && !tag.self_closing {
                self.dropping = Some(d);
            }
            return;
        }
        let Some(&name) = TAGS.iter().find(|&&t| t == tag.name) else {
            return;
        };
        if tag.closing {
            let floor = self.floor();
            if let Some(pos) = self.open[floor..].iter().rposition(|&t| t == name) {
                let pos = floor + pos;
                while self.open.len() > pos {
                    let t = self.open.pop().unwrap_or(name);
                    out.push_str("</");
                    out.push_str(t);
                    out.push('>');
                }
            }
            return;
        }
        out.push('<');
        out.push_str(name);
        for (k, v) in &tag.attrs {
            let allowed =
                GLOBAL_ATTRS.contains(&k.as_str()) || tag_attrs(name).contains(&k.as_str());
            if !allowed {
                continue;
            }
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            if is_url_attr(k) && !url_is_safe(v, name == "img") {
                out.push_str(UNSAFE_URL_REPLACEMENT);
            } else {
                push_escaped_attr(out, v);
            }
            out.push('"');
        }
        if VOID.contains(&name) {
            out.push_str(" />");
        } else {
            out.push('>');
            self.open.push(name);
        }
    }
}

#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
}

/// Parse a start or end tag at `i` (which holds `<`) the way HTML does, loosely: a name of
/// ASCII letters and digits, then attributes. Returns the tag and the offset after `>`.
fn parse_tag(s: &str, i: usize) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    let mut j = i + 1;
    let closing = b.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    if !b.get(j)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
        j += 1;
    }
    let name = s[name_start..j].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            if b[j] == b'/' {
                self_closing = true;
            }
            j += 1;
        }
        match b.get(j) {
            None => return None,
            Some(b'>') => {
                return Some((
                    Tag {
                        name,
                        closing,
                        self_closing,
                        attrs,
                    },
                    j + 1,
                ))
            }
            _ => {}
        }
        self_closing = false;
        let k = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        if j == k {
            // A stray `=`: HTML starts an attribute name with it.
            j += 1;
        }
        let key = s[k..j].to_ascii_lowercase();
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = s[j + 1..].find(q as char)? + j + 1;
                    value = decode_entities(&s[j + 1..end]);
                    j = end + 1;
                }
                _ => {
                    let k = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&s[k..j]);
                }
            }
        }
        attrs.push((key, value));
    }
}

/// Comments, `<!DOCTYPE>`, `<?...?>`, `<![CDATA[...]]>`, all dropped whole: for one
/// starting `rest`, the length of its opener and the text that ends it.
fn markup_declaration(rest: &str) -> Option<(usize, &'static str)> {
    if let Some(comment) = rest.strip_prefix("<!--") {
        // `<!-->` and `<!--->` are whole empty comments (HTML and CommonMark agree): left
        // open, they would swallow the block's later tags.
        Some(match comment.as_bytes() {
            [b'>', ..] => (5, ""),
            [b'-', b'>', ..] => (6, ""),
            _ => (4, "-->"),
        })
    } else if rest.starts_with("<![CDATA[") {
        Some((9, "]]>"))
    } else if rest.starts_with("<!") || rest.starts_with("<?") {
        Some((2, ">"))
    } else {
        None
    }
}

/// Decode the character references an attribute value may use, so URL checks see what the
/// browser will see (`&#106;avascript:` is `javascript:`).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let body = &rest[1..end];
        let decoded = if let Some(num) = body.strip_prefix('#') {
            let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            n.map(|n| char::from_u32(n).unwrap_or('\u{FFFD}'))
        } else {
            match body {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if end > 1 => {
                out.push(c);
                let skip = if rest[end..].starts_with(';') {
                    end + 1
                } else {
                    end
                };
                rest = &rest[skip..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        let mut out = String::new();
        let mut z = Sanitizer::default();
        z.push(&mut out, s);
        z.finish(&mut out);
        out
    }

    #[test]
    fn scripts_and_handlers_are_dropped() {
        assert_eq!(clean("<script>alert(1)</script>ok"), "ok");
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "<img src=\"x\" />");
        assert_eq!(
            clean("<a href=\"&#106;avascript:alert(1)\">x</a>"),
            "<a href=\"#\">x</a>"
        );
        assert_eq!(clean("<svg><script>alert(1)</script></svg>after"), "after");
    }

    #[test]
    fn kept_markup_is_balanced_and_escaped() {
        assert_eq!(clean("<b title='a\"b'>x"), "<b title=\"a&quot;b\">x</b>");
        assert_eq!(clean("</div>x<i>"), "x<i></i>");
        assert_eq!(clean("<!-- <script> -->a"), "a");
    }

    #[test]
    fn a_comment_spans_pieces_until_its_end() {
        let mut out = String::new();
        let mut z = Sanitizer::default();
        for piece in ["<b>x<!--\n", "<i>a</i>\n", "-->y\n"] {
            z.push(&mut out, piece);
        }
        z.finish(&mut out);
        assert_eq!(out, "<b>xy\n</b>");
        // Empty comments close themselves and leave later tags alone.
        assert_eq!(clean("<!--><i>a</i><!---><b>b</b>"), "<i>a</i><b>b</b>");
        // An unclosed one swallows the block, not the next block.
        z.push(&mut out, "<!--a");
        z.finish(&mut out);
        out.clear();
        z.push(&mut out, "<i>b</i>");
        assert_eq!(out, "<i>b</i>");
    }
}
