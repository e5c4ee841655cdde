//! A drawn formula's MathML, split off its markup so that it can go into the page a moment
//! after the visible part.
//!
//! KaTeX's `htmlAndMathml` output is two trees: the HTML that is seen, and a visually hidden
//! `<math>` copy for screen readers. The browser lays both out, and the MathML costs about
//! as much as the HTML (Chromium, a first screen of 15 formulas: 25 ms of layout for the
//! HTML, 15 more for the MathML). Auto-render puts the first screen in without its MathML,
//! and adds it in the task after the first paint (`dom::auto`).

/// Where KaTeX's MathML tree sits: `<span class="katex-mathml"><math …>…</math></span>`,
/// followed at once by the visible tree.
const MATHML_OPEN: &str = "<span class=\"katex-mathml\">";
const MATHML_CLOSE: &str = "</math></span><span class=\"katex-html\"";

/// `html` with its MathML taken out of its `katex-mathml` span (left in place, empty), and
/// the MathML (`<math>…</math>`), or `None` when there is none to split (an error box,
/// `output: "html"`, `output: "mathml"` where the MathML is all there is).
///
/// The end is found by `</math>` directly followed by the visible tree's opening tag:
/// text inside the MathML is escaped, so neither can occur in it.
pub fn split(html: &str) -> Option<(String, &str)> {
    let open = html.find(MATHML_OPEN)? + MATHML_OPEN.len();
    let close = open + html[open..].find(MATHML_CLOSE)? + "</math>".len();
    let mut visible = String::with_capacity(html.len() - (close - open));
    visible.push_str(&html[..open]);
    visible.push_str(&html[close..]);
    Some((visible, &html[open..close]))
}

#[cfg(test)]
mod tests {
    use super::split;

    /// KaTeX's markup for `x^2`, shortened inside the trees.
    const KATEX: &str = "<span class=\"mathdown-math mathdown-inline\" translate=\"no\"><span class=\"katex\"><span class=\"katex-mathml\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow><annotation encoding=\"application/x-tex\">x^2</annotation></semantics></math></span><span class=\"katex-html\" aria-hidden=\"true\"><span class=\"mord\">x</span></span></span></span>";

    #[test]
    fn the_mathml_comes_out_and_its_span_stays_empty() {
        let (visible, mathml) = split(KATEX).expect("KaTeX markup with MathML should split");
        assert!(
            mathml.starts_with("<math ") && mathml.ends_with("</math>"),
            "the split-off part should be the whole <math> tree: {mathml}"
        );
        assert!(
            visible.contains("<span class=\"katex-mathml\"></span><span class=\"katex-html\""),
            "the MathML span should stay, empty, before the visible tree: {visible}"
        );
        assert_eq!(
            visible.len() + mathml.len(),
            KATEX.len(),
            "nothing but the MathML should be taken out"
        );
        let mut back = visible.clone();
        let at = back.find("katex-mathml\">").unwrap() + "katex-mathml\">".len();
        back.insert_str(at, mathml);
        assert_eq!(
            back, KATEX,
            "putting the MathML back should give KaTeX's markup"
        );
    }

    #[test]
    fn markup_without_a_mathml_tree_is_left_whole() {
        let error = "<span class=\"mathdown-math mathdown-error\" title=\"x\">\\frac</span>";
        assert_eq!(split(error), None, "an error box has no MathML to split");
        let html_only =
            "<span class=\"katex\"><span class=\"katex-html\" aria-hidden=\"true\">x</span></span>";
        assert_eq!(split(html_only), None, "output: \"html\" has no MathML");
        let mathml_only = "<span class=\"katex\"><math><mi>x</mi></math></span>";
        assert_eq!(
            split(mathml_only),
            None,
            "output: \"mathml\" is all MathML: nothing visible would be left"
        );
    }

    #[test]
    fn escaped_markup_inside_the_mathml_does_not_end_it() {
        // `\text{</math></span><span class="katex-html"}`: KaTeX escapes it in both trees.
        let html = "<span class=\"katex\"><span class=\"katex-mathml\"><math><mtext>&lt;/math&gt;&lt;/span&gt;&lt;span class=&quot;katex-html&quot;</mtext></math></span><span class=\"katex-html\" aria-hidden=\"true\">…</span></span>";
        let (_, mathml) = split(html).unwrap();
        assert!(
            mathml.ends_with("</mtext></math>"),
            "the split should end at the real </math>: {mathml}"
        );
    }
}
