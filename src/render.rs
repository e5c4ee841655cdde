//! The pipeline, start to end: scan → protect → parse → adapt → write.

use crate::document::Document;
use crate::engine::MathEngine;
use crate::markdown::{events, parser_options};
use crate::options::Options;
use crate::protect::Protected;
use crate::regions::Regions;
use crate::scan::scan;
use crate::tex::TexPass;
use crate::write::Writer;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The input is larger than `maxInputBytes`.
    InputTooLarge { bytes: usize, limit: usize },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InputTooLarge { bytes, limit } => write!(
                f,
                "input is {bytes} bytes, larger than maxInputBytes ({limit} bytes)"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Render a whole Markdown document.
pub fn render(
    src: &str,
    options: &Options,
    engine: &mut dyn MathEngine,
) -> Result<Document, Error> {
    if src.len() > options.max_input_bytes {
        return Err(Error::InputTooLarge {
            bytes: src.len(),
            limit: options.max_input_bytes,
        });
    }
    // Every delimiter starts with `$` or `\`: text with neither has no math, and needs no
    // block-structure pass for the scanner (half the work on plain Markdown).
    let spans = if src.bytes().any(|b| b == b'$' || b == b'\\') {
        let regions = Regions::read(src, parser_options());
        scan(src, &regions, &options.delimiters)
    } else {
        Vec::new()
    };
    let protected = Protected::new(src, &spans);
    let mut tex = TexPass::new(&spans, options);
    let diagnostics = std::mem::take(&mut tex.diagnostics);
    let w = Writer::new(src, &spans, &tex, &protected, options, engine).run(events(
        &protected,
        src,
        options.delimiters.math_fence,
    ));
    let mut doc = Document {
        blocks: w.blocks,
        diagnostics,
        formulas: w.formulas,
        errors: w.errors,
    };
    doc.dedupe_keys();
    Ok(doc)
}

/// Render one formula with the same markup contract as formulas in a document.
pub fn render_math(
    tex: &str,
    display: bool,
    options: &Options,
    engine: &mut dyn MathEngine,
) -> String {
    let mut out = String::new();
    let engine_tex = crate::compat::rewrite(tex, options.compat);
    crate::html::push_formula(
        &mut out,
        engine,
        tex,
        &engine_tex,
        display,
        display,
        options.max_tex_length,
        &[],
    );
    out
}
