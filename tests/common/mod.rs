//! Shared by the native test suites: the spec-example format and HTML normalisation.
#![allow(dead_code)]

use std::path::PathBuf;

/// One `input . expected` example.
#[derive(Debug, Clone)]
pub struct Example {
    /// 1-based number within its file, as the spec numbers them.
    pub number: usize,
    /// The heading or prose line before the example: in our fixtures, the reason it exists.
    pub title: String,
    pub input: String,
    pub expected: String,
}

const FENCE: &str = "````````````````````````````````";

/// Parse the spec-example format shared with CommonMark, GFM and pulldown-cmark: a fence of
/// 32 backticks + ` example`, the Markdown, a line `.`, the HTML, a closing fence. `→` is a
/// tab.
pub fn parse_examples(text: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut title = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix(FENCE) {
            if !rest.trim_start().starts_with("example") {
                continue;
            }
            let mut input = String::new();
            let mut expected = String::new();
            let mut in_expected = false;
            for l in lines.by_ref() {
                if l.starts_with(FENCE) {
                    break;
                }
                if l == "." && !in_expected {
                    in_expected = true;
                    continue;
                }
                let target = if in_expected { &mut expected } else { &mut input };
                target.push_str(&l.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example {
                number: out.len() + 1,
                title: title.clone(),
                input,
                expected,
            });
        } else if !line.trim().is_empty() {
            title = line.trim_start_matches('#').trim().to_string();
        }
    }
    out
}

pub fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(path)
}

pub fn read_shared(path: &str) -> String {
    let p = shared(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Normalise HTML for comparison the way the CommonMark test tools do: whitespace between
/// tags, self-closing slashes and attribute order do not matter.
pub fn normalize(html: &str) -> String {
    let mut s = html.replace(" />", ">").replace("/>", ">");
    // Collapse whitespace around block-level tags.
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '>' {
            let mut ws = String::new();
            while let Some(&n) = chars.peek() {
                if n.is_ascii_whitespace() {
                    ws.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek() != Some(&'<') {
                out.push_str(&ws);
            }
        }
    }
    s = out;
    let mut out = String::with_capacity(s.len());
    for (i, part) in s.split('<').enumerate() {
        if i > 0 {
            out.push('<');
        }
        out.push_str(part);
    }
    // Whitespace before a tag at the end of text.
    let re_trim = out
        .split('\n')
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    let mut t = String::new();
    let b: Vec<char> = re_trim.chars().collect();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == '<' && is_block_tag_at(&b, j) {
                i = j;
                continue;
            }
            t.extend(&b[i..j]);
            i = j;
        } else {
            t.push(b[i]);
            i += 1;
        }
    }
    t.trim_matches(|c: char| c.is_ascii_whitespace()).to_string()
}

fn is_block_tag_at(b: &[char], j: usize) -> bool {
    const BLOCK: &[&str] = &[
        "p", "/p", "li", "/li", "ul", "/ul", "ol", "/ol", "blockquote", "/blockquote", "pre",
        "/pre", "h1", "h2", "h3", "h4", "h5", "h6", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6",
        "hr", "table", "/table", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "td",
        "div", "/div",
    ];
    let rest: String = b[j + 1..].iter().take(12).collect();
    BLOCK.iter().any(|t| {
        rest.starts_with(t)
            && rest[t.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c == ' ')
    })
}
