//! The names in the formula markup contract (DESIGN.md): the classes and attributes that
//! the core writes and that the DOM layer, the stylesheet and users' own code select by.
//!
//! The writers (`html`, `page`, `stream`) spell these inside string literals, so one copy of
//! each tag is written per formula; the tests below check that what they write carries
//! these names, so a rename here that misses a writer fails `cargo test`.

/// On every formula's root element.
pub const ROOT_CLASS: &str = "mathdown-math";
/// Every formula root, as a selector.
pub const ROOT_SELECTOR: &str = ".mathdown-math";
/// On the root of inline math, beside [`ROOT_CLASS`].
pub const INLINE_CLASS: &str = "mathdown-inline";
/// On the root of display math, beside [`ROOT_CLASS`].
pub const DISPLAY_CLASS: &str = "mathdown-display";
/// On a root whose TeX the engine rejected (message in `title`), or an unknown `\eqref`.
pub const ERROR_CLASS: &str = "mathdown-error";
/// On a root not drawn yet: auto-render's lazy placeholders, a streamed display formula
/// waiting for its closer. Its box holds TeX source, whose width says nothing about the
/// formula's.
pub const PENDING_CLASS: &str = "mathdown-pending";
/// The formula roots a fitter sizes: drawn ones. Placeholders and error boxes are left out
/// by the query itself, so a page of a thousand placeholders costs a pass nothing per
/// placeholder (checking each one's classes from wasm was 3,000 calls per pass).
pub const FITTED_SELECTOR: &str = ".mathdown-math:not(.mathdown-pending, .mathdown-error)";
/// The class page translators (Google's, Chrome's) honour besides `translate="no"`.
pub const NOTRANSLATE_CLASS: &str = "notranslate";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Delimiters;
    use crate::page::{find, push_placeholder};
    use crate::{render, Options, StandIn};

    /// The class list of the first element in `html` whose class attribute has `needle`.
    fn classes_of<'a>(html: &'a str, needle: &str) -> Vec<&'a str> {
        let at = html
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in {html}"));
        let start = html[..at]
            .rfind("class=\"")
            .expect("inside a class attribute")
            + 7;
        let end = start + html[start..].find('"').expect("a closed class attribute");
        html[start..end].split(' ').collect()
    }

    fn assert_classes(html: &str, want: &[&str], what: &str) {
        let classes = classes_of(html, ROOT_CLASS);
        for class in want {
            assert!(
                classes.contains(class),
                "{what} should carry class {class:?}, has {classes:?}"
            );
        }
    }

    fn rendered(src: &str) -> String {
        let doc = render(src, &Options::default(), &mut StandIn::default()).unwrap();
        doc.blocks.iter().map(|b| b.html.as_str()).collect()
    }

    #[test]
    fn rendered_formulas_carry_the_contract_names() {
        let inline = rendered("a $x$ b");
        assert_classes(
            &inline,
            &[ROOT_CLASS, INLINE_CLASS, NOTRANSLATE_CLASS],
            "inline math",
        );
        let display = rendered("$$x$$");
        assert_classes(
            &display,
            &[ROOT_CLASS, DISPLAY_CLASS, NOTRANSLATE_CLASS],
            "display math",
        );
        let error = rendered("$$\\error$$");
        assert_classes(
            &error,
            &[ROOT_CLASS, DISPLAY_CLASS, ERROR_CLASS],
            "an engine error",
        );
        let unknown = rendered("see $\\eqref{nowhere}$");
        assert_classes(
            &unknown,
            &[ROOT_CLASS, INLINE_CLASS, ERROR_CLASS],
            "an unknown \\eqref",
        );
        assert_eq!(
            ROOT_SELECTOR,
            format!(".{ROOT_CLASS}"),
            "the root selector should select the root class"
        );
        assert_eq!(
            FITTED_SELECTOR,
            format!("{ROOT_SELECTOR}:not(.{PENDING_CLASS}, .{ERROR_CLASS})"),
            "the fitter should select roots that are neither pending nor errors"
        );
    }

    #[test]
    fn pending_formulas_carry_the_contract_names() {
        for (text, kind) in [("a $x$ b", INLINE_CLASS), ("a $$x$$ b", DISPLAY_CLASS)] {
            let span = &find(text, &Delimiters::default())[0];
            let mut out = String::new();
            push_placeholder(&mut out, 0, span, &text[span.range.clone()], &[]);
            let want = [ROOT_CLASS, kind, NOTRANSLATE_CLASS, PENDING_CLASS];
            assert_classes(&out, &want, "an auto-render placeholder");
        }
        let block = crate::stream::pending_block("\\int", 0..6);
        let want = [ROOT_CLASS, DISPLAY_CLASS, NOTRANSLATE_CLASS, PENDING_CLASS];
        assert_classes(
            &block.html,
            &want,
            "a streamed formula waiting for its closer",
        );
    }
}
