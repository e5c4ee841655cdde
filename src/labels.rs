//! Reference-link labels that hold math: pulldown-cmark matches a label by its text, and
//! there each formula is a placeholder of its own, so `[$\alpha$-stable]` and its
//! definition `[$\alpha$-stable]: url` only match once both are read with the formulas'
//! source put back.

use crate::protect::{Piece, Protected};
use pulldown_cmark::{BrokenLink, BrokenLinkCallback, CowStr, RefDefs};
use std::{cell::OnceCell, collections::HashMap, rc::Rc};

/// The definitions whose label holds a formula: by the label with the formulas' source in
/// place, lowercased, the index of the definition's URL and title. A map, so a document of
/// many such references and definitions stays linear.
///
/// CommonMark compares labels with Unicode case folding (pulldown-cmark's `UniCase`);
/// lowercasing each `char` differs from it only for a few letters (`ß` against `SS`, the
/// final sigma) and keeps the wasm small: `UniCase` cost 1.2 KB more gzipped, and
/// `str::to_lowercase` 2.0 KB (`make size`). The map has the slugs' and footnotes' type.
#[derive(Default)]
pub struct Found {
    index: HashMap<String, usize>,
    /// Position in the source, URL, title.
    defs: Vec<(usize, String, String)>,
}

/// [`Found`], known once the parser's block pass is done: pulldown-cmark takes its
/// broken-link callback before it has read the definitions, so [`MathLabels::fill`] hands
/// them over afterwards.
pub type Defs = Rc<OnceCell<Found>>;

/// pulldown-cmark's broken-link callback: a reference whose label holds a placeholder
/// resolves to the definition whose label holds the same formulas.
pub struct MathLabels<'a> {
    protected: &'a Protected,
    src: &'a str,
    defs: Defs,
}

impl<'a> MathLabels<'a> {
    pub fn new(protected: &'a Protected, src: &'a str) -> (MathLabels<'a>, Defs) {
        let defs = Defs::default();
        let labels = MathLabels {
            protected,
            src,
            defs: Rc::clone(&defs),
        };
        (labels, defs)
    }

    /// Record the document's definitions that hold math, from the parser built with this
    /// callback. Most documents have none, and then nothing is copied.
    pub fn fill(defs: &Defs, found: &RefDefs<'_>, protected: &Protected, src: &str) {
        let mut map = Found::default();
        for (label, def) in found.iter() {
            if !protected.has_sentinel(label) {
                continue;
            }
            let title = def.title.as_deref().unwrap_or("").to_string();
            let entry = (def.span.start, def.dest.to_string(), title);
            let key = folded(label, protected, src);
            match map.index.get(&key).copied() {
                // Two definitions can differ in their placeholders and hold the same
                // formulas: the first in the document wins, as for any label.
                Some(i) if map.defs[i].0 < entry.0 => {}
                Some(i) => map.defs[i] = entry,
                None => {
                    map.index.insert(key, map.defs.len());
                    map.defs.push(entry);
                }
            }
        }
        // Set once per parser, right after it is built; a second call would be a bug.
        let _ = defs.set(map);
    }
}

impl<'a> BrokenLinkCallback<'a> for MathLabels<'a> {
    fn handle_broken_link(&mut self, link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
        let found = self.defs.get()?;
        if found.defs.is_empty() || !self.protected.has_sentinel(&link.reference) {
            return None;
        }
        let key = folded(&link.reference, self.protected, self.src);
        let (_, dest, title) = &found.defs[*found.index.get(&key)?];
        Some((dest.clone().into(), title.clone().into()))
    }
}

/// `label` with each placeholder replaced by its formula's source, delimiters included (so
/// `$x$` and `\(x\)` stay different labels, as they are different text), lowercased, each
/// run of whitespace one space (as CommonMark reads labels; pulldown-cmark did so for the
/// text around the formulas, not inside them).
fn folded(label: &str, protected: &Protected, src: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut space = false;
    for piece in protected.pieces(label) {
        let text = match piece {
            Piece::Text(t) => t,
            Piece::Math(i) => &src[protected.source_range(i)],
        };
        for c in text.chars() {
            // ASCII whitespace, as pulldown-cmark folds it: not every Unicode space.
            if matches!(c, ' ' | '\t'..='\r') {
                space = true;
                continue;
            }
            if std::mem::take(&mut space) {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}
