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

/// Equation numbers, tags and references of every post match the MANIFEST's independent
/// count (its `counting_rules` say how rows are counted).
#[test]
fn numbers_tags_and_references_match_the_manifest() {
    use mathdown::regions::Regions;
    use mathdown::tex::TexPass;
    let manifest: Value = serde_json::from_str(&read_shared("corpus/kexue/MANIFEST.json")).unwrap();
    let options = Options::default();
    let mut problems = Vec::new();
    for f in manifest["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        let c = &f["counts"];
        let src = read_shared(&format!("corpus/kexue/{name}"));
        let regions = Regions::read(&src, mathdown::markdown::parser_options());
        let spans = mathdown::scan::scan(&src, &regions, &options.delimiters);
        let tex = TexPass::new(&spans, &options);
        let want = (
            c["equation_numbers"].as_u64().unwrap() as usize,
            c["tags"].as_u64().unwrap() as usize,
        );
        if (tex.auto_numbers, tex.tags) != want {
            problems.push(format!(
                "{name}: {} numbers, {} tags (MANIFEST {} and {})",
                tex.auto_numbers, tex.tags, want.0, want.1
            ));
        }
        // Every reference resolves (the MANIFEST lists no undefined label in any post), and
        // there are as many as the MANIFEST counts.
        let doc = render(&src, &options, &mut StandIn::default()).unwrap();
        let html = doc.html();
        let links = count(&html, "mathdown-ref\" translate");
        let inside = count(&html, "\\text{(");
        let undefined = f["labels_referenced_but_undefined"]
            .as_array()
            .unwrap()
            .len();
        let unknown = count(&html, "unknown label: ") + count(&html, "{\\text{(??)}");
        if unknown != undefined {
            problems.push(format!(
                "{name}: {unknown} unresolved references, MANIFEST lists {undefined}"
            ));
        }
        let refs = c["refs"].as_u64().unwrap() as usize;
        if links + inside < refs {
            problems.push(format!("{name}: {links} reference links + {inside} in formulas, MANIFEST counts {refs} references"));
        }
        let dups = f["duplicate_labels"].as_array().unwrap().len();
        let dup_diags = doc
            .diagnostics
            .iter()
            .filter(|d| matches!(d.problem, mathdown::Problem::DuplicateLabel(_)))
            .count();
        if dup_diags != dups {
            problems.push(format!(
                "{name}: {dup_diags} duplicate-label diagnostics, MANIFEST lists {dups}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
