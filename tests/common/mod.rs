//! Shared by the test suites and the benchmark: the spec-example format, HTML normalisation,
//! the shared inputs and growth measurement (compiled for wasm32 too, run only natively).
#![allow(dead_code)]

use std::path::PathBuf;

pub mod growth;

/// One `input . expected` example.
#[derive(Debug, Clone)]
pub struct Example {
    /// 1-based number within its file, as the spec numbers them.
    pub number: usize,
    /// The heading or prose line before the example: in our fixtures, the reason it exists.
    pub title: String,
    pub input: String,
    pub expected: String,
    /// JSON options after `example` on the fence line (our fixtures only).
    pub options: String,
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
            let Some(options) = rest.trim_start().strip_prefix("example") else {
                continue;
            };
            let options = options.trim().to_string();
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
                let target = if in_expected {
                    &mut expected
                } else {
                    &mut input
                };
                target.push_str(&l.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example {
                number: out.len() + 1,
                title: title.clone(),
                input,
                expected,
                options,
            });
        } else if !line.trim().is_empty() {
            title = line.trim_start_matches('#').trim().to_string();
        }
    }
    out
}

pub fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path)
}

/// The pathological inputs of ../shared/corpus/pathological, generated once into the
/// target's temporary folder: the folder that holds them.
pub fn pathological() -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pathological");
    if !out.join("MANIFEST.json").exists() {
        let status = std::process::Command::new("python3")
            .arg(shared("corpus/pathological/gen.py"))
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("python3 runs gen.py");
        assert!(status.success(), "gen.py should succeed");
    }
    out
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
    t.trim_matches(|c: char| c.is_ascii_whitespace())
        .to_string()
}

fn is_block_tag_at(b: &[char], j: usize) -> bool {
    const BLOCK: &[&str] = &[
        "p",
        "/p",
        "li",
        "/li",
        "ul",
        "/ul",
        "ol",
        "/ol",
        "blockquote",
        "/blockquote",
        "pre",
        "/pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "/h1",
        "/h2",
        "/h3",
        "/h4",
        "/h5",
        "/h6",
        "hr",
        "table",
        "/table",
        "thead",
        "/thead",
        "tbody",
        "/tbody",
        "tr",
        "/tr",
        "th",
        "td",
        "div",
        "/div",
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

/// Rewrite formula markup into a compact form for fixtures: `<m>TEX</m>` inline,
/// `<dm>TEX</dm>` display block, `<dm-span>TEX</dm-span>` display inside inline content,
/// `<m-error title="...">` / `<dm-error ...>` for error boxes. `TEX` is the `data-tex`;
/// when the engine received something else, it is shown in an `engine` attribute, and
/// label anchors are shown as `id` attributes.
pub fn compact_formulas(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let s = rest.find("<span class=\"mathdown-math");
        let d = rest.find("<div class=\"mathdown-math");
        let Some(p) = [s, d].into_iter().flatten().min() else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..p]);
        let tag = if Some(p) == d { "div" } else { "span" };
        let open_end = rest[p..].find('>').unwrap() + p;
        let open = &rest[p..open_end];
        let attr = |name: &str| -> Option<String> {
            let k = open.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(open[k..k + open[k..].find('"').unwrap()].to_string())
        };
        let tex = attr("data-tex").expect("every formula carries data-tex");
        assert!(
            open.contains("translate=\"no\"") && open.contains("notranslate"),
            "{open}"
        );
        let display = open.contains("mathdown-display");
        let error = open.contains("mathdown-error");
        let close = format!("</{tag}>");
        // Engine output never contains our root tags, so the next close of the same tag
        // name after the inner content's own closes is ours: count opens.
        let mut depth = 1;
        let mut j = open_end + 1;
        let inner_start = j;
        while depth > 0 {
            let o = rest[j..].find(&format!("<{tag}")).map(|x| x + j);
            let c = rest[j..]
                .find(&close)
                .map(|x| x + j)
                .expect("closed formula");
            match o {
                Some(o) if o < c => {
                    depth += 1;
                    j = o + 1;
                }
                _ => {
                    depth -= 1;
                    j = c + close.len();
                }
            }
        }
        let inner = &rest[inner_start..j - close.len()];
        let name = match (display, tag) {
            (false, _) => "m",
            (true, "div") => "dm",
            (true, _) => "dm-span",
        };
        if open.contains("mathdown-ref") && !error {
            // A formula that is only a reference: a plain link, or (inside a link of the
            // document's own) the bare number.
            match inner.strip_prefix("<a href=\"") {
                Some(a) => {
                    let q = a.find('"').unwrap();
                    let text = &a[q + 2..a.find("</a>").unwrap()];
                    out.push_str(&format!(
                        "<m-ref href=\"{}\" text=\"{text}\">{tex}</m-ref>",
                        &a[..q]
                    ));
                }
                None => out.push_str(&format!("<m-ref text=\"{inner}\">{tex}</m-ref>")),
            }
        } else if error {
            let title = attr("title").expect("error boxes carry the message in title");
            out.push_str(&format!(
                "<{name}-error title=\"{title}\">{tex}</{name}-error>"
            ));
        } else {
            // Anchors for labels come first, then the stand-in's echo of the engine TeX.
            let mut anchors = String::new();
            let mut inner = inner;
            while let Some(rest_a) = inner.strip_prefix("<span class=\"mathdown-anchor\" id=\"") {
                let q = rest_a.find('"').unwrap();
                anchors.push_str(&format!(" id=\"{}\"", &rest_a[..q]));
                inner = &rest_a[q + "\"></span>".len()..];
            }
            let echoed = inner
                .trim_start_matches("<span class=\"standin-display\">")
                .trim_start_matches("<span class=\"standin\">")
                .trim_end_matches("</span>");
            let same = echoed.replace("&quot;", "\"").replace("&#39;", "'")
                == tex.replace("&quot;", "\"").replace("&#39;", "'");
            if same {
                out.push_str(&format!("<{name}{anchors}>{tex}</{name}>"));
            } else {
                // The engine got something else (numbers, resolved references, macros).
                out.push_str(&format!(
                    "<{name}{anchors} engine=\"{echoed}\">{tex}</{name}>"
                ));
            }
        }
        rest = &rest[j..];
    }
}
