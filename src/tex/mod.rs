//! Document-level TeX: equation numbers, `\label`/`\eqref`/`\ref`, `\tag`, and macros
//! defined in one formula for the rest of the document. Computed once for the whole
//! document, in document order, before anything is drawn, so numbers and macros come out
//! the same whatever order (or laziness) formulas are rendered in later.

mod macros;
mod numbering;
pub(crate) mod parse;
mod refs;

pub use refs::label_id;

use crate::compat;
use crate::document::{Diagnostic, Problem};
use crate::options::Options;
use crate::scan::{Kind, MathSpan};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// What the document pass decided for one formula.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Formula {
    /// The TeX the engine gets: compat rewrites, numbers as `\tag`s, labels removed,
    /// references resolved, earlier macros prepended. `None` when that is the formula's own
    /// TeX (most formulas): no copy of it is made ([`Formula::engine_tex`]).
    pub engine_tex: Option<String>,
    /// Anchor ids of the labels this formula defines.
    pub anchors: Vec<String>,
    /// The formula is nothing but a reference: drawn as a plain link.
    pub reference: Option<Reference>,
}

impl Formula {
    /// The TeX the engine gets, for a formula whose own TeX is `own`.
    pub fn engine_tex<'a>(&'a self, own: &'a str) -> &'a str {
        self.engine_tex.as_deref().unwrap_or(own)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub href: String,
    /// `(3)` for `\eqref`, `3` for `\ref`, `(??)` when the label is unknown.
    pub text: String,
    /// When the number is a `\tag` with markup (`\tag{\dagger}`): the TeX the engine
    /// draws for it, `\text{(\dagger)}` as KaTeX draws the tag. `text` is then the TeX.
    pub tex: Option<String>,
    /// The label, when no formula defines it.
    pub unknown: Option<String>,
}

/// A label's number as references show it: the automatic number or the `\tag` text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Label {
    number: String,
    id: String,
}

/// A formula after pass 1: its engine TeX so far (`None`: its own TeX), the anchors of its
/// labels, the commands it uses, and (while that TeX is what was lexed) its control words in
/// the shared list.
struct Numbered {
    tex: Option<String>,
    anchors: Vec<String>,
    uses: parse::Uses,
    words: Option<Range<usize>>,
}

pub struct TexPass {
    pub formulas: Vec<Formula>,
    pub diagnostics: Vec<Diagnostic>,
    /// Automatic equation numbers given in the document.
    pub auto_numbers: usize,
    /// Formulas or rows with an explicit `\tag`.
    pub tags: usize,
    /// Macros known at the end of the document (for ```` ```math ```` fences).
    final_preamble: macros::Macros,
}

impl TexPass {
    pub fn new(spans: &[MathSpan], options: &Options) -> TexPass {
        let mut diagnostics = Vec::new();
        // Pass 1: numbers and labels, in document order, so forward references resolve.
        let mut counter = 0usize;
        let mut auto_numbers = 0;
        let mut tags = 0;
        let mut labels: HashMap<String, Label> = HashMap::new();
        let mut numbered: Vec<Numbered> = Vec::with_capacity(spans.len());
        // Every formula's control words, lexed once for the compat pass, the commands the
        // document pass looks for, and the macros.
        let mut words: Vec<Range<usize>> = Vec::new();
        for span in spans {
            let first = words.len();
            let mut uses = parse::lex(&span.tex, &mut words);
            let src_words = words[first..].iter().map(|r| &span.tex[r.clone()]);
            let tex = compat::rewrite_lexed(&span.tex, options.compat, src_words);
            if let Cow::Owned(rewritten) = &tex {
                words.truncate(first);
                uses = parse::lex(rewritten, &mut words);
            }
            // The words still index the TeX if numbering leaves it as it was.
            let (n, unchanged) = if span.display() {
                let n = numbering::number(&tex, options.numbering, &mut counter, uses);
                let unchanged = n.engine_tex == *tex;
                (n, unchanged)
            } else {
                (numbering::Numbered::default(), true)
            };
            let engine = match tex {
                Cow::Borrowed(_) if unchanged => None,
                Cow::Owned(t) if unchanged => Some(t),
                _ => Some(n.engine_tex),
            };
            let lexed = if unchanged {
                Some(first..words.len())
            } else {
                words.truncate(first);
                None
            };
            auto_numbers += n.auto;
            tags += n.tags;
            let found = n.labels;
            let mut ids = Vec::new();
            for (key, number) in found {
                let id = label_id(&key);
                if labels.contains_key(&key) {
                    diagnostics.push(Diagnostic {
                        problem: Problem::DuplicateLabel(key),
                        range: span.range.clone(),
                    });
                    continue;
                }
                let number = number.unwrap_or_else(|| {
                    diagnostics.push(Diagnostic {
                        problem: Problem::UnnumberedLabel(key.clone()),
                        range: span.range.clone(),
                    });
                    "??".to_string()
                });
                ids.push(id.clone());
                labels.insert(key, Label { number, id });
            }
            numbered.push(Numbered {
                tex: engine,
                anchors: ids,
                uses,
                words: lexed,
            });
        }
        // Pass 2: references and macros.
        let mut macros = macros::Macros::new(&options.macros);
        let mut formulas = Vec::with_capacity(spans.len());
        for (span, n) in spans.iter().zip(numbered) {
            let Numbered {
                tex,
                anchors,
                uses,
                words: lexed,
            } = n;
            if !uses.command {
                // The common formula: nothing to resolve, no macro to apply.
                formulas.push(Formula {
                    engine_tex: tex,
                    anchors,
                    reference: None,
                });
                continue;
            }
            if !uses.reference {
                let own = tex.as_deref().unwrap_or(&span.tex);
                let lexed = lexed.map(|r| &words[r]);
                let engine_tex = if macros.changes(own, uses.definition, lexed) {
                    Some(macros.apply(own, uses.definition))
                } else {
                    tex
                };
                formulas.push(Formula {
                    engine_tex,
                    anchors,
                    reference: None,
                });
                continue;
            }
            let tex = tex.unwrap_or_else(|| span.tex.clone());
            let mut unknown = Vec::new();
            let resolved = refs::resolve(&tex, &mut |key, eq| match labels.get(key) {
                Some(l) if eq => (format!("({})", l.number), Some(l.id.clone())),
                Some(l) => (l.number.clone(), Some(l.id.clone())),
                None => {
                    unknown.push(key.to_string());
                    ("(??)".to_string(), None)
                }
            });
            // A bare reference to no label is text (a `\ref` to a figure), not a mistake.
            if span.kind != Kind::Ref {
                for key in unknown {
                    diagnostics.push(Diagnostic {
                        problem: Problem::UnknownLabel(key),
                        range: span.range.clone(),
                    });
                }
            }
            let reference = refs::sole_reference(&tex).map(|(key, eq)| match labels.get(&key) {
                Some(l) => {
                    let (text, tex) = match refs::plain_text(&l.number) {
                        Some(plain) => (plain, None),
                        None => (l.number.clone(), Some(l.number.clone())),
                    };
                    let shown = |t: String| if eq { format!("({t})") } else { t };
                    Reference {
                        href: format!("#{}", l.id),
                        text: shown(text),
                        tex: tex.map(|t| format!("\\text{{{}}}", shown(t))),
                        unknown: None,
                    }
                }
                None => Reference {
                    href: String::new(),
                    text: "(??)".to_string(),
                    tex: None,
                    unknown: Some(key),
                },
            });
            let engine_tex = macros.apply_owned(resolved, uses.definition);
            formulas.push(Formula {
                engine_tex: Some(engine_tex),
                anchors,
                reference,
            });
        }
        TexPass {
            formulas,
            diagnostics,
            auto_numbers,
            tags,
            final_preamble: macros,
        }
    }

    /// Engine TeX for a ```` ```math ```` fence: compat, then every macro of the document.
    pub fn fence_tex(&self, tex: &str, options: &Options) -> String {
        let tex = compat::rewrite(tex, options.compat);
        self.final_preamble.prepend_used(&tex)
    }
}
