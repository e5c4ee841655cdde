//! The 40 real blog posts of ../shared/corpus/kexue render with no formula lost: the
//! formulas found match the independently counted MANIFEST, and no delimiter is left in
//! the visible text.

mod common;

use common::read_shared;
use mathdown::{render, Options, StandIn};
use serde_json::Value;

/// Visible text of rendered HTML: tags dropped, formulas and code removed whole.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Remove formula roots and code elements with their content.
    loop {
        let f = rest.find("<span class=\"mathdown-math");
        let d = rest.find("<div class=\"mathdown-math");
        let c = rest.find("<code");
        let next = [f, d, c].into_iter().flatten().min();
        let Some(p) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..p]);
        let (open, close) = if Some(p) == c {
            ("<code", "</code>")
        } else if Some(p) == d {
            ("<div", "</div>")
        } else {
            ("<span", "</span>")
        };
        // Skip to the matching close tag, counting nesting of the same element.
        let mut depth = 0;
        let mut j = p;
        loop {
            let o = rest[j..].find(open).map(|x| x + j);
            let cl = rest[j..].find(close).map(|x| x + j).expect("balanced HTML");
            match o {
                Some(o) if o < cl => {
                    depth += 1;
                    j = o + open.len();
                }
                _ => {
                    depth -= 1;
                    j = cl + close.len();
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
        rest = &rest[j..];
    }
    let mut text = String::new();
    let mut in_tag = false;
    for ch in out.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn every_formula_of_every_post_is_found() {
    let manifest: Value = serde_json::from_str(&read_shared("corpus/kexue/MANIFEST.json")).unwrap();
    let mut problems = Vec::new();
    for f in manifest["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        let c = &f["counts"];
        let src = read_shared(&format!("corpus/kexue/{name}"));
        let doc = render(&src, &Options::default(), &mut StandIn::default()).unwrap();
        let html = doc.html();
        let inline = count(&html, "mathdown-math mathdown-inline");
        let display = count(&html, "mathdown-math mathdown-display");
        let want_inline =
            (c["inline_dollar"].as_u64().unwrap() + c["inline_paren"].as_u64().unwrap()) as usize;
        let want_display = c["display"].as_u64().unwrap() as usize;
        if inline != want_inline || display != want_display {
            problems.push(format!(
                "{name}: {inline} inline (MANIFEST {want_inline}), {display} display (MANIFEST {want_display})"
            ));
        }
        let text = visible_text(&html);
        for delim in ["$", "\\(", "\\[", "\\begin{equation}"] {
            if let Some(p) = text.find(delim) {
                let start = text[..p].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
                let end = text[p..]
                    .char_indices()
                    .nth(30)
                    .map_or(text.len(), |(i, _)| p + i);
                problems.push(format!(
                    "{name}: {delim:?} left in visible text: …{}…",
                    &text[start..end]
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
