//! The rendered document: top-level blocks with their HTML, source range and key. This is
//! what the DOM layer patches by.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Stable identity: the same source (and, once numbering exists, the same numbering
    /// context) gives the same key, so an unchanged block is never redrawn.
    pub key: String,
    pub html: String,
    /// Byte range of the block in the original input.
    pub range: Range<usize>,
}

impl Block {
    pub(crate) fn new(html: String, range: Range<usize>, src: &str) -> Block {
        let source = src.get(range.clone()).unwrap_or("");
        Block {
            key: format!("{:016x}", fnv1a(source.as_bytes(), fnv1a(html.as_bytes(), FNV_OFFSET))),
            html,
            range,
        }
    }
}

/// Something worth telling the author that did not stop the render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
    /// Formulas drawn (including those that came out as error boxes).
    pub formulas: usize,
    /// Formulas the engine rejected.
    pub errors: usize,
}

impl Document {
    /// The whole document as one HTML string.
    pub fn html(&self) -> String {
        let mut s = String::with_capacity(self.blocks.iter().map(|b| b.html.len()).sum());
        for b in &self.blocks {
            s.push_str(&b.html);
        }
        s
    }

    /// Make keys unique: a repeated identical block gets `-1`, `-2`, ... in order.
    pub(crate) fn dedupe_keys(&mut self) {
        let mut seen = std::collections::HashMap::<String, usize>::new();
        for b in &mut self.blocks {
            let n = seen.entry(b.key.clone()).or_insert(0);
            if *n > 0 {
                b.key = format!("{}-{}", b.key, n);
            }
            *n += 1;
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
