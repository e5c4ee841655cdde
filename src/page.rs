//! A web page's formulas as one document, for auto-render: TeX found in the page's text,
//! numbered and cross-referenced page-wide, drawn one formula at a time in any order.
//!
//! The text of a page is not Markdown: it is scanned with the Markdown scanner's delimiter
//! rules ([`crate::scan`]) but with no block structure, because the page's HTML already
//! decided what is code (those elements are never read) and where paragraphs end.
//! Formulas arrive in batches (the page at load, then "load more" content); numbers and
//! references are recomputed over all of them, so a forward `\eqref` to an equation that
//! arrives later is mended when it does.

use crate::engine::MathEngine;
use crate::html::{
    push_anchors, push_escaped_attr, push_escaped_text, push_formula, push_reference,
};
use crate::options::{Delimiters, Options};
use crate::regions::Regions;
use crate::scan::{scan, MathSpan};
use crate::tex::{Formula, TexPass};

/// Formulas found in `text` (a run of one element's text), in order; ranges are byte
/// offsets into `text` and include the delimiters.
pub fn find(text: &str, delimiters: &Delimiters) -> Vec<MathSpan> {
    if !text.bytes().any(|b| b == b'$' || b == b'\\') {
        return Vec::new();
    }
    // A bare `\ref` stays the page's prose (`Delimiters::refs` is for Markdown): which are
    // references is only known once the labels of content that loads later are.
    let delimiters = Delimiters {
        refs: false,
        ..delimiters.clone()
    };
    scan(text, &Regions::default(), &delimiters)
}

/// The attribute that names a page's formulas: the formula's id (auto-render's, never
/// reused), on its placeholder and on its drawn root.
pub const INDEX_ATTR: &str = "data-mathdown-n";
/// Every element that carries [`INDEX_ATTR`].
pub const INDEX_SELECTOR: &str = "[data-mathdown-n]";

/// The placeholder of the formula with id `n`, found as `source` (delimiters included): the
/// formula markup contract (`translate="no"`, `notranslate`, `data-tex`) from its first moment in
/// the page, showing its source until it is drawn. Its label `anchors` are in it already,
/// so an `\eqref` link or a deep link to an equation not drawn yet lands on it (and so
/// draws it).
pub fn push_placeholder(
    out: &mut String,
    n: usize,
    span: &MathSpan,
    source: &str,
    anchors: &[String],
) {
    out.push_str(if span.display() {
        "<span class=\"mathdown-math mathdown-display notranslate mathdown-pending\""
    } else {
        "<span class=\"mathdown-math mathdown-inline notranslate mathdown-pending\""
    });
    out.push_str(" translate=\"no\" data-tex=\"");
    push_escaped_attr(out, &span.tex);
    out.push_str("\" ");
    out.push_str(INDEX_ATTR);
    out.push_str("=\"");
    out.push_str(&n.to_string());
    out.push_str("\">");
    push_placeholder_content(out, source, anchors);
    out.push_str("</span>");
}

/// A source that [`find`] reads as one formula with this TeX and display flag, and that
/// formula, for a drawn formula that lost its record (its delimiters are not kept): the TeX
/// itself (a bare environment), else the first of the family's delimiters that gives it back.
pub fn source_for(tex: &str, display: bool, delimiters: &Delimiters) -> Option<(String, MathSpan)> {
    let candidates = if display {
        [
            tex.to_string(),
            format!("$${tex}$$"),
            format!("\\[{tex}\\]"),
        ]
    } else {
        [
            format!("${tex}$"),
            format!("\\({tex}\\)"),
            format!("$`{tex}`$"),
        ]
    };
    candidates.into_iter().find_map(|c| {
        let mut spans = find(&c, delimiters);
        let span = spans.pop().filter(|s| {
            spans.is_empty() && s.range == (0..c.len()) && s.tex == tex && s.display() == display
        })?;
        Some((c, span))
    })
}

/// What a placeholder holds: its anchors and its source.
pub fn push_placeholder_content(out: &mut String, source: &str, anchors: &[String]) {
    push_anchors(out, anchors);
    push_escaped_text(out, source);
}

/// A Markdown island's source as written inside indented HTML, made Markdown again: the
/// indentation its non-blank lines share is removed (four spaces of it would make the
/// whole island a code block), and so are the blank lines around it.
pub fn dedent(src: &str) -> String {
    let indent = src
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(src.len());
    let lines: Vec<&str> = src.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    for line in lines.get(first..last).unwrap_or_default() {
        // Shared indentation is ASCII whitespace, so slicing at `indent` is on a char boundary.
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()));
        out.push('\n');
    }
    out
}

pub struct Page {
    options: Options,
    spans: Vec<MathSpan>,
    formulas: Vec<Formula>,
}

impl Page {
    pub fn new(options: Options) -> Page {
        Page {
            options,
            spans: Vec::new(),
            formulas: Vec::new(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Formula `i` as found: its TeX as written, and whether it is display math.
    pub fn formula(&self, i: usize) -> Option<&MathSpan> {
        self.spans.get(i)
    }

    /// The anchor ids of formula `i`'s labels.
    pub fn anchors(&self, i: usize) -> &[String] {
        self.formulas.get(i).map_or(&[], |f| &f.anchors)
    }

    /// Add formulas that come after every formula so far (in page order). Returns the
    /// earlier formulas whose drawing changed: references that now resolve.
    pub fn add(&mut self, spans: Vec<MathSpan>) -> Vec<usize> {
        if spans.is_empty() {
            return Vec::new();
        }
        let before = self.spans.len();
        self.spans.extend(spans);
        self.renumber(before)
    }

    /// Formulas `gone` left the page: they stop counting (numbers, labels, macros), as if
    /// they had never been found, and the page lets go of their TeX. Returns the formulas whose
    /// drawing changed. They keep their places until [`Page::retain`] drops them.
    pub fn remove(&mut self, gone: &[usize]) -> Vec<usize> {
        for &i in gone {
            if let Some(span) = self.spans.get_mut(i) {
                // Inline and empty: no number, no label, no macro.
                *span = MathSpan {
                    range: 0..0,
                    tex: String::new(),
                    kind: crate::scan::Kind::Dollar,
                };
            }
        }
        let mut gone = gone.to_vec();
        gone.sort_unstable();
        let changed = self.renumber(self.spans.len());
        changed
            .into_iter()
            .filter(|i| gone.binary_search(i).is_err())
            .collect()
    }

    /// Removed formulas back in the page, each `(i, span)` found again in its source: one
    /// pass over the page for all of them. Returns the formulas whose drawing changed,
    /// those among them.
    pub fn restore(&mut self, back: Vec<(usize, MathSpan)>) -> Vec<usize> {
        let mut any = false;
        for (i, span) in back {
            if let Some(slot) = self.spans.get_mut(i) {
                *slot = span;
                any = true;
            }
        }
        if !any {
            return Vec::new();
        }
        self.renumber(self.spans.len())
    }

    /// Only the formulas `keep` says, in order: formula `i` becomes the number of kept ones
    /// before it. Meant for removed formulas ([`Page::remove`]), which count for nothing, so
    /// the others' numbers and references stay as they were.
    pub fn retain(&mut self, keep: &[bool]) {
        let mut k = keep.iter();
        self.spans.retain(|_| k.next() == Some(&true));
        let mut k = keep.iter();
        self.formulas.retain(|_| k.next() == Some(&true));
    }

    /// Whether formula `i` was removed (its TeX let go by [`Page::remove`]).
    pub fn is_removed(&self, i: usize) -> bool {
        self.spans.get(i).is_some_and(|s| s.range.is_empty())
    }

    /// The document pass over every formula again; the formulas before `known` whose
    /// result changed.
    fn renumber(&mut self, known: usize) -> Vec<usize> {
        let formulas = TexPass::new(&self.spans, &self.options).formulas;
        let changed = (0..known.min(self.formulas.len()))
            .filter(|&i| formulas[i] != self.formulas[i])
            .collect();
        self.formulas = formulas;
        changed
    }

    /// The markup of formula `i` (the formula contract of [`crate::html::push_formula`]),
    /// with a `<span>` root for display formulas too: the page's own elements around it
    /// may be phrasing content (`<p>`), and CSS makes `.mathdown-display` a block.
    /// `in_link`: the formula stands inside one of the page's own links, where a reference
    /// is its number without a link of its own (an `<a>` inside an `<a>` is invalid).
    pub fn html(&self, i: usize, in_link: bool, engine: &mut dyn MathEngine) -> String {
        let mut out = String::new();
        let (Some(span), Some(f)) = (self.spans.get(i), self.formulas.get(i)) else {
            return out;
        };
        match &f.reference {
            Some(r) => push_reference(&mut out, engine, &span.tex, r, !in_link),
            None => {
                push_formula(
                    &mut out,
                    engine,
                    &span.tex,
                    f.engine_tex(&span.tex),
                    span.display(),
                    false,
                    self.options.max_tex_length,
                    &f.anchors,
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StandIn;

    fn page(texts: &[&str]) -> Page {
        let mut p = Page::new(Options::default());
        for t in texts {
            p.add(find(t, &Options::default().delimiters));
        }
        p
    }

    #[test]
    fn text_is_scanned_with_markdown_delimiter_rules_but_no_markdown() {
        let spans = find(
            "Costs $5 and $6, but $a_1$ and \\(b\\) are math; *$c$*",
            &Delimiters::default(),
        );
        let tex: Vec<&str> = spans.iter().map(|s| s.tex.as_str()).collect();
        assert_eq!(
            tex,
            ["a_1", "b", "c"],
            "currency stays text, every formula is found"
        );
    }

    #[test]
    fn lines_that_look_like_markdown_blocks_stay_inside_display_math() {
        let spans = find(
            "$$\n- a\n# b\n    c\n$$ and \\begin{equation}x\\end{equation}",
            &Delimiters::default(),
        );
        assert_eq!(
            spans.len(),
            2,
            "both display formulas should be found: {spans:?}"
        );
        assert_eq!(spans[0].tex, "\n- a\n# b\n    c\n");
        assert!(spans[1].display() && spans[1].tex.starts_with("\\begin{equation}"));
    }

    #[test]
    fn island_indentation_is_removed_but_relative_indentation_kept() {
        let src = "\n    # Title\n\n    - item\n        code? no, nested\n    $$x$$\n  ";
        assert_eq!(
            dedent(src),
            "# Title\n\n- item\n    code? no, nested\n$$x$$\n",
            "the shared four spaces should go, the extra four stay"
        );
    }

    #[test]
    fn placeholders_keep_the_contract_and_escape_their_source() {
        let text = "a $x<\"y\"$ b";
        let span = &find(text, &Delimiters::default())[0];
        let mut out = String::new();
        push_placeholder(&mut out, 7, span, &text[span.range.clone()], &[]);
        assert_eq!(
            out,
            "<span class=\"mathdown-math mathdown-inline notranslate mathdown-pending\" \
             translate=\"no\" data-tex=\"x&lt;&quot;y&quot;\" data-mathdown-n=\"7\">$x&lt;\"y\"$</span>",
            "a placeholder should carry the markup contract with everything escaped"
        );
    }

    #[test]
    fn numbers_and_references_span_the_whole_page() {
        let p = page(&[
            "see $\\eqref{late}$",
            "\\begin{equation}a\\end{equation}",
            "\\begin{equation}b\\label{late}\\end{equation}",
        ]);
        let html = p.html(0, false, &mut StandIn::default());
        assert!(
            html.contains("(2)") && html.contains("href=\"#"),
            "a reference to a label in a later batch should resolve to (2): {html}"
        );
    }

    #[test]
    fn removed_formulas_stop_counting_and_come_back_when_restored() {
        let src = "\\begin{equation}a\\end{equation}";
        let mut p = page(&[
            src,
            "see $\\eqref{b}$",
            "\\begin{equation}b\\label{b}\\end{equation}",
        ]);
        let reference = |p: &Page| p.html(1, false, &mut StandIn::default());
        assert!(
            reference(&p).contains("(2)"),
            "before: the second equation is (2)"
        );
        let changed = p.remove(&[0]);
        assert!(p.is_removed(0), "formula 0 should be marked removed");
        assert_eq!(
            changed,
            [1, 2],
            "the reference and the renumbered equation change"
        );
        assert!(
            reference(&p).contains("(1)"),
            "without the first, the labelled one is (1)"
        );
        let changed = p.restore(vec![(0, find(src, &Delimiters::default()).remove(0))]);
        assert!(!p.is_removed(0));
        assert_eq!(changed, [0, 1, 2], "restored, all three change back");
        assert!(
            reference(&p).contains("(2)"),
            "restored, the labelled one is (2) again"
        );
    }

    #[test]
    fn dropping_removed_formulas_keeps_every_other_number_and_reference() {
        let eq = "\\begin{equation}a\\end{equation}";
        let mut p = page(&[
            eq,
            "see $\\eqref{b}$",
            eq,
            "\\begin{equation}b\\label{b}\\end{equation}",
        ]);
        p.remove(&[0, 2]);
        let before: Vec<String> = [1, 3]
            .map(|i| p.html(i, false, &mut StandIn::default()))
            .into();
        p.retain(&[false, true, false, true]);
        assert_eq!(
            p.len(),
            2,
            "only the two formulas still in the page are kept"
        );
        let after: Vec<String> = [0, 1]
            .map(|i| p.html(i, false, &mut StandIn::default()))
            .into();
        assert_eq!(
            after, before,
            "the kept formulas draw as before, now at 0 and 1"
        );
        assert!(
            after[0].contains("(1)"),
            "the reference still finds (1): {}",
            after[0]
        );
        p.add(find(eq, &Delimiters::default()));
        assert!(
            p.html(2, false, &mut StandIn::default())
                .contains("\\tag{2}"),
            "a formula added after the drop is numbered after the kept ones"
        );
    }

    #[test]
    fn a_source_is_found_again_for_drawn_formulas() {
        let d = Delimiters::default();
        for (tex, display) in [
            ("x^2", false),
            ("a $ b", false),
            ("\\begin{equation}a\\end{equation}", true),
            ("\\sum_i x_i", true),
            ("x \\ y", true),
        ] {
            let (source, span) =
                source_for(tex, display, &d).expect("some delimiter gives it back");
            let spans = find(&source, &d);
            assert_eq!(
                spans,
                [span],
                "{source} is found as the formula returned with it"
            );
            assert_eq!(
                (spans[0].tex.as_str(), spans[0].display()),
                (tex, display),
                "{source} should be read as the same formula"
            );
        }
        let none = Delimiters {
            dollar: false,
            paren: false,
            backtick_dollar: false,
            ..Delimiters::default()
        };
        assert_eq!(
            source_for("x", false, &none),
            None,
            "no inline delimiter is on"
        );
    }

    #[test]
    fn a_later_batch_mends_references_drawn_before_it() {
        let mut p = page(&["see $\\eqref{x}$"]);
        assert!(p.html(0, false, &mut StandIn::default()).contains("(??)"));
        let changed = p.add(find(
            "\\begin{equation}y\\label{x}\\end{equation}",
            &Delimiters::default(),
        ));
        assert_eq!(
            changed,
            [0],
            "the reference drawn earlier should be redrawn"
        );
        let html = p.html(0, false, &mut StandIn::default());
        assert!(
            html.contains("(1)"),
            "the reference should now show (1): {html}"
        );
    }

    #[test]
    fn a_reference_inside_a_link_of_the_page_is_its_number_without_a_link() {
        let p = page(&[
            "$\\eqref{a}$",
            "\\begin{equation}x\\label{a}\\end{equation}",
        ]);
        let html = p.html(0, true, &mut StandIn::default());
        assert!(
            html.contains("(1)") && !html.contains("<a"),
            "inside the page's own <a>, a reference should be (1) with no <a> of its own: {html}"
        );
        assert!(
            p.html(0, false, &mut StandIn::default())
                .contains("<a href=\"#"),
            "outside a link, the same reference should link to its equation"
        );
    }

    #[test]
    fn display_formulas_have_a_span_root_that_keeps_the_contract() {
        let p = page(&["$$x<y$$"]);
        let html = p.html(0, false, &mut StandIn::default());
        assert!(
            html.starts_with("<span class=\"mathdown-math mathdown-display notranslate\"")
                && html.contains("translate=\"no\" data-tex=\"x&lt;y\""),
            "display root should be a span with the markup contract: {html}"
        );
    }
}
