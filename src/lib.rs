//! mathdown: Markdown with LaTeX math to HTML, math found before Markdown runs and never
//! touched by it. This crate root only wires the modules together.
//!
//! ```
//! use mathdown::{render, Options, StandIn};
//! let doc = render("Euler: $e^{i\\pi} + 1 = 0$", &Options::default(), &mut StandIn::default()).unwrap();
//! assert!(doc.html().contains("data-tex=\"e^{i\\pi} + 1 = 0\""));
//! ```

pub mod blank;
pub mod byteset;
pub mod compat;
pub mod document;
pub mod engine;
pub mod fit;
pub mod html;
pub mod incremental;
pub mod labels;
pub mod markdown;
pub mod markup;
pub mod mathml;
pub mod options;
pub mod page;
pub mod protect;
pub mod regions;
pub mod render;
pub mod sanitize;
pub mod scan;
pub mod slug;
pub mod stream;
pub mod tex;
pub mod write;

#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use document::{Block, Diagnostic, Document, Problem};
pub use engine::{Cache, MathEngine, StandIn};
pub use options::{Compat, Delimiters, HtmlPolicy, Numbering, Options};
pub use render::{render, render_math, Error};
