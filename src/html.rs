//! Escaping, the URL policy, and the formula wrapper markup (the contract users style and
//! script against; see DESIGN.md).

use crate::byteset;
use crate::engine::MathEngine;

/// Escape text content: `&`, `<`, `>` (quotes stay, as in CommonMark's reference output).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped_text(&mut out, s);
    out
}

pub fn push_escaped_text(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// Escape for a double-quoted attribute value: also `"` and `'`.
pub fn push_escaped_attr(out: &mut String, s: &str) {
    push_escaped(out, s, true);
}

fn push_escaped(out: &mut String, s: &str, attr: bool) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len());
    let mut last = 0;
    loop {
        let i = skip_plain(bytes, last, attr);
        let Some(&b) = bytes.get(i) else { break };
        out.push_str(&s[last..i]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// The bytes an attribute value escapes.
const ATTR_ESCAPED: [u8; 5] = *b"&<>\"'";

/// The offset of the first byte at or after `i` that needs escaping (`& < >`, and in
/// attributes `" '`), or the length. Most text needs none: text is searched with memchr,
/// attributes (five bytes, more than memchr takes) a chunk of bytes at a time.
fn skip_plain(b: &[u8], mut i: usize, attr: bool) -> usize {
    if !attr {
        return memchr::memchr3(b'&', b'<', b'>', &b[i..]).map_or(b.len(), |k| i + k);
    }
    while i < b.len() {
        let end = (i + byteset::CHUNK).min(b.len());
        let hits = byteset::mask(&b[i..end], &ATTR_ESCAPED);
        if hits != 0 {
            return i + hits.trailing_zeros() as usize;
        }
        i = end;
    }
    b.len()
}

/// Percent-encode a URL for an `href`/`src` the way CommonMark renderers do, then escape
/// it for the attribute. Characters already valid in URLs are kept.
pub fn push_escaped_href(out: &mut String, url: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in url.as_bytes() {
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'(' | b')' | b';' | b'/' | b'?' | b':'
            | b'@' | b'=' | b'+' | b'$' | b',' | b'%' | b'#' => out.push(b as char),
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => out.push(b as char),
            _ if b >= 0x80 => {
                // Non-ASCII: percent-encode each UTF-8 byte.
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Image types a `data:` URL may carry in an `<img src>`; everything else (HTML, SVG with
/// script, JavaScript) could run code when opened.
const SAFE_DATA_IMAGES: &[&str] = &[
    "data:image/png",
    "data:image/gif",
    "data:image/jpeg",
    "data:image/webp",
    "data:image/avif",
];

/// True if a link or image URL may be emitted. Browsers ignore ASCII whitespace and control
/// characters inside a scheme and compare it case-insensitively, so we do the same before
/// checking: `java\tscript:` and `JaVaScRiPt:` are the same scheme to them.
pub fn url_is_safe(url: &str, image: bool) -> bool {
    let mut scheme = String::new();
    for c in url.chars() {
        if c == ':' {
            break;
        }
        if c.is_ascii_whitespace() || c.is_ascii_control() {
            continue;
        }
        if !(c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.') || scheme.len() > 32 {
            // Not a scheme (a path, a query, a fragment): relative URL, safe.
            return true;
        }
        scheme.push(c.to_ascii_lowercase());
    }
    if !url.contains(':') {
        return true;
    }
    match scheme.as_str() {
        "javascript" | "vbscript" | "file" => false,
        "data" => {
            image && {
                let lower: String = url
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace())
                    .take(24)
                    .collect::<String>()
                    .to_ascii_lowercase();
                SAFE_DATA_IMAGES.iter().any(|p| lower.starts_with(p))
            }
        }
        _ => true,
    }
}

/// What stands in for a neutralised URL.
pub const UNSAFE_URL_REPLACEMENT: &str = "#";

/// Write one formula: the root element carries the markup contract, the engine's HTML (or
/// the error box) goes inside.
#[allow(clippy::too_many_arguments)]
pub fn push_formula(
    out: &mut String,
    engine: &mut dyn MathEngine,
    source_tex: &str,
    engine_tex: &str,
    display: bool,
    block: bool,
    max_tex_length: usize,
    anchors: &[String],
) -> bool {
    let tag = if block { "div" } else { "span" };
    let start = out.len();
    // Written for success first, with the engine's HTML appended in place: the common case
    // copies nothing twice. A failure is rare; it rewinds and writes the error root.
    let rendered = if engine_tex.len() > max_tex_length {
        Err(format!(
            "Formula is {} bytes, longer than maxTexLength ({} bytes)",
            engine_tex.len(),
            max_tex_length
        ))
    } else {
        push_root_open(out, tag, display, None, source_tex, anchors);
        engine.render_into(engine_tex, display, out)
    };
    let ok = rendered.is_ok();
    if let Err(msg) = rendered {
        out.truncate(start);
        push_root_open(out, tag, display, Some(&msg), source_tex, anchors);
        out.push_str("<code class=\"mathdown-source\">");
        push_escaped_text(out, source_tex);
        out.push_str("</code>");
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
    ok
}

/// The opening of a root without error, up to its `data-tex` value, as one literal per
/// shape: it is most of a formula's markup, and one copy is cheaper than eight.
macro_rules! root_head {
    ($tag:literal, $kind:literal) => {
        concat!(
            "<",
            $tag,
            " class=\"mathdown-math mathdown-",
            $kind,
            " notranslate\" translate=\"no\" data-tex=\""
        )
    };
}

/// [`root_head`] by `[block][display]`.
const ROOT_HEADS: [[&str; 2]; 2] = [
    [root_head!("span", "inline"), root_head!("span", "display")],
    [root_head!("div", "inline"), root_head!("div", "display")],
];

/// The formula root's opening tag and anchors; `error` is the engine's message.
fn push_root_open(
    out: &mut String,
    tag: &str,
    display: bool,
    error: Option<&str>,
    source_tex: &str,
    anchors: &[String],
) {
    let head = match error {
        None => ROOT_HEADS[usize::from(tag == "div")][usize::from(display)],
        Some(msg) => {
            out.push('<');
            out.push_str(tag);
            out.push_str(" class=\"mathdown-math ");
            out.push_str(if display {
                "mathdown-display"
            } else {
                "mathdown-inline"
            });
            out.push_str(" notranslate mathdown-error\" title=\"");
            push_escaped_attr(out, msg);
            "\" translate=\"no\" data-tex=\""
        }
    };
    out.push_str(head);
    push_escaped_attr(out, source_tex);
    out.push_str("\">");
    push_anchors(out, anchors);
}

/// The empty elements that carry a formula's label ids (the targets of its references).
pub fn push_anchors(out: &mut String, anchors: &[String]) {
    for id in anchors {
        out.push_str("<span class=\"mathdown-anchor\" id=\"");
        push_escaped_attr(out, id);
        out.push_str("\"></span>");
    }
}

/// A formula that is only a reference (`$\eqref{key}$`): the same root, holding a plain
/// link to the equation, or a `(??)` error when no formula defines the label. `linked:
/// false` inside a link of the document's own gives the number without a link: a second
/// `<a>` in it is invalid, and the HTML parser would end the outer link there.
pub fn push_reference(
    out: &mut String,
    engine: &mut dyn MathEngine,
    source_tex: &str,
    r: &crate::tex::Reference,
    linked: bool,
) {
    out.push_str("<span class=\"mathdown-math mathdown-inline notranslate mathdown-ref");
    if let Some(key) = &r.unknown {
        out.push_str(" mathdown-error\" title=\"unknown label: ");
        push_escaped_attr(out, key);
    }
    out.push_str("\" translate=\"no\" data-tex=\"");
    push_escaped_attr(out, source_tex);
    out.push_str("\">");
    let linked = linked && r.unknown.is_none();
    if linked {
        out.push_str("<a href=\"");
        push_escaped_attr(out, &r.href);
        out.push_str("\">");
    }
    // A tag with markup is drawn by the engine; should it fail, its TeX shows as text.
    let drawn = r
        .tex
        .as_ref()
        .is_some_and(|tex| engine.render_into(tex, false, out).is_ok());
    if !drawn {
        push_escaped_text(out, &r.text);
    }
    if linked {
        out.push_str("</a>");
    }
    out.push_str("</span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_cannot_be_broken_out_of() {
        let mut s = String::new();
        push_escaped_attr(&mut s, "\" onload='x' <b>&");
        assert_eq!(s, "&quot; onload=&#39;x&#39; &lt;b&gt;&amp;");
    }

    #[test]
    fn scripting_schemes_are_unsafe_however_written() {
        for u in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(!url_is_safe(u, false), "{u:?} should be refused as a link");
        }
        assert!(!url_is_safe(
            "data:image/svg+xml,<svg onload=alert(1)>",
            true
        ));
        assert!(url_is_safe("data:image/png;base64,AAAA", true));
        assert!(!url_is_safe("data:image/png;base64,AAAA", false));
        for u in [
            "https://x.org/a?b=c:d",
            "/path:x",
            "#frag",
            "mailto:a@b.c",
            "a.html",
        ] {
            assert!(url_is_safe(u, false), "{u:?} should be allowed");
        }
    }
}
