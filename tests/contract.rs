//! The formula markup contract (DESIGN.md) to the letter: users style and script against
//! it, so any change here is a breaking change.

use mathdown::{render, render_math, Options, StandIn};

fn html(src: &str) -> String {
    render(src, &Options::default(), &mut StandIn::default())
        .unwrap()
        .html()
}

#[test]
fn inline_formula_root() {
    assert_eq!(
        html("$a<b$"),
        "<p><span class=\"mathdown-math mathdown-inline notranslate\" translate=\"no\" \
         data-tex=\"a&lt;b\"><span class=\"standin\">a&lt;b</span></span></p>\n"
    );
}

#[test]
fn display_formula_root_is_a_block_outside_any_paragraph() {
    assert_eq!(
        html("$$x$$"),
        "<div class=\"mathdown-math mathdown-display notranslate\" translate=\"no\" \
         data-tex=\"x\"><span class=\"standin-display\">x</span></div>\n"
    );
}

#[test]
fn error_root_keeps_the_contract_and_shows_the_source() {
    assert_eq!(
        html("$\\error\"$"),
        "<p><span class=\"mathdown-math mathdown-inline notranslate mathdown-error\" \
         title=\"Undefined control sequence: \\error\" translate=\"no\" \
         data-tex=\"\\error&quot;\"><code class=\"mathdown-source\">\\error\"</code></span></p>\n"
    );
}

#[test]
fn data_tex_is_the_tex_exactly_as_written() {
    let tex = "\\left\\{ a_{[:r,:r]}^* \\\\[5pt] \\| x \\|_2 & 1 \\right.";
    let out = html(&format!("$${tex}$$"));
    let escaped = tex.replace('&', "&amp;");
    assert!(
        out.contains(&format!("data-tex=\"{escaped}\"")),
        "data-tex should hold the TeX unchanged, got {out}"
    );
}

#[test]
fn render_math_uses_the_same_markup() {
    let one = render_math("x^2", false, &Options::default(), &mut StandIn::default());
    let doc = html("$x^2$");
    assert!(
        doc.contains(&one),
        "renderMath output {one} should appear in {doc}"
    );
}

#[test]
fn no_block_ever_lands_inside_a_paragraph() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/kexue/all.md"
    ))
    .unwrap();
    let out = html(&src);
    let mut in_p = false;
    for (i, _) in out.match_indices('<') {
        let rest = &out[i..];
        if rest.starts_with("<p>") {
            assert!(!in_p, "nested <p> at byte {i}");
            in_p = true;
        } else if rest.starts_with("</p>") {
            in_p = false;
        } else if in_p {
            for block in ["<div", "<p ", "<blockquote", "<ul", "<ol", "<table", "<pre"] {
                assert!(
                    !rest.starts_with(block),
                    "{block} inside <p> at byte {i}: {}",
                    &out[i.saturating_sub(200)..(i + 100).min(out.len())]
                );
            }
        }
    }
}

#[test]
fn blocks_carry_source_ranges_and_stable_keys() {
    let src = "# Title\n\nText $x$.\n\n$$y$$\n\nText $x$.\n";
    let a = render(src, &Options::default(), &mut StandIn::default()).unwrap();
    assert_eq!(a.blocks.len(), 4, "heading, paragraph, display, paragraph");
    assert_eq!(&src[a.blocks[0].range.clone()], "# Title\n");
    assert!(src[a.blocks[1].range.clone()].starts_with("Text $x$."));
    assert!(src[a.blocks[2].range.clone()].starts_with("$$y$$"));
    let keys: std::collections::HashSet<_> = a.blocks.iter().map(|b| &b.key).collect();
    assert_eq!(
        keys.len(),
        4,
        "identical paragraphs still get distinct keys"
    );
    let edited = src.replace("# Title", "# Other title");
    let b = render(&edited, &Options::default(), &mut StandIn::default()).unwrap();
    assert_ne!(
        a.blocks[0].key, b.blocks[0].key,
        "an edited block gets a new key"
    );
    for i in 1..4 {
        assert_eq!(
            a.blocks[i].key, b.blocks[i].key,
            "unedited block {i} keeps its key"
        );
    }
}

#[test]
fn oversized_input_is_a_clear_error() {
    let options = Options {
        max_input_bytes: 10,
        ..Options::default()
    };
    let err = render("01234567890", &options, &mut StandIn::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input is 11 bytes, larger than maxInputBytes (10 bytes)"
    );
}

/// A document's diagnostics, each as its message and the source its range covers.
fn diagnostics(src: &str) -> Vec<(String, &str)> {
    let doc = render(src, &Options::default(), &mut StandIn::default()).unwrap();
    doc.diagnostics
        .into_iter()
        .map(|d| (d.message(), &src[d.range.clone()]))
        .collect()
}

#[test]
fn a_label_without_a_number_is_a_diagnostic() {
    // `$$` is unnumbered under the default (AMS) numbering, so `\eqref{c}` can only show
    // `(??)`: the author should hear why rather than see it silently.
    assert_eq!(
        diagnostics("$$z\\label{c}$$\n\nSee $\\eqref{c}$.\n"),
        vec![(
            "label `c` is on a formula without a number, so references to it show ??".to_string(),
            "$$z\\label{c}$$"
        )],
        "one diagnostic, pointing at the labelled formula, and none for the reference to it"
    );
}

#[test]
fn unknown_and_duplicate_labels_are_diagnostics() {
    let src = "\\begin{equation}x\\label{a}\\end{equation}\n\n\\begin{equation}y\\label{a}\\end{equation}\n\n$\\eqref{b}$\n";
    assert_eq!(
        diagnostics(src),
        vec![
            (
                "label `a` is defined more than once".to_string(),
                "\\begin{equation}y\\label{a}\\end{equation}"
            ),
            (
                "reference to undefined label `b`".to_string(),
                "$\\eqref{b}$"
            )
        ],
        "each diagnostic's range points at the second definition and at the reference"
    );
}
