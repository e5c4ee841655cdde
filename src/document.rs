//! The rendered document: top-level blocks with their HTML, source range and key. This is
//! what the DOM layer patches by.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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
    /// The key hashes the block's HTML: whatever changes what the block shows (its source,
    /// a heading id or footnote number shifted by an earlier block, later equation numbers)
    /// changes the key, and nothing else does.
    pub(crate) fn new(html: String, range: Range<usize>) -> Block {
        Block {
            key: hex16(word_hash(html.as_bytes())),
            html,
            range,
        }
    }
}

/// Something worth telling the author that did not stop the render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub problem: Problem,
    /// The formula it is about, as byte offsets into the source.
    pub range: Range<usize>,
}

/// What a [`Diagnostic`] is about, each with its label key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A second `\label` with a key that an earlier formula defines.
    DuplicateLabel(String),
    /// A reference to a key that no formula defines.
    UnknownLabel(String),
    /// A label on a formula without a number, so references to it show `??`.
    UnnumberedLabel(String),
}

impl Diagnostic {
    /// The problem in words. Made on demand rather than at render time, so a build that
    /// never shows diagnostics (the wasm module) carries no code to word them.
    pub fn message(&self) -> String {
        match &self.problem {
            Problem::DuplicateLabel(k) => format!("label `{k}` is defined more than once"),
            Problem::UnknownLabel(k) => format!("reference to undefined label `{k}`"),
            Problem::UnnumberedLabel(k) => {
                format!("label `{k}` is on a formula without a number, so references to it show ??")
            }
        }
    }
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
        // Counted over borrowed keys first: only the (few) repeats are then rewritten.
        let mut seen = FastMap::<&str, usize>::default();
        let mut repeats = Vec::new();
        for (i, b) in self.blocks.iter().enumerate() {
            let n = seen.entry(&b.key).or_insert(0);
            if *n > 0 {
                repeats.push((i, *n));
            }
            *n += 1;
        }
        for (i, n) in repeats {
            let b = &mut self.blocks[i];
            b.key = format!("{}-{}", b.key, n);
        }
    }
}

/// `h` as 16 lowercase hex digits (what `format!("{h:016x}")` gives, without the formatter).
fn hex16(h: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..16)
        .rev()
        .map(|i| DIGITS[(h >> (i * 4)) as usize & 15] as char)
        .collect()
}

/// The FxHash multiplier.
const FX_K: u64 = 0x517c_c1b7_2722_0a95;

/// A fast non-cryptographic hash, eight bytes per step (the FxHash mix). Keys only need to
/// tell a changed block from an unchanged one.
fn word_hash(bytes: &[u8]) -> u64 {
    const K: u64 = FX_K;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ b as u64).wrapping_mul(K);
    }
    h
}

/// A map for keys mathdown makes itself and looks up once per formula or block: small
/// integers (brace depths, which move by one at a time, backtick run lengths, of which a
/// text of n bytes holds at most about sqrt(2n) distinct ones) and block keys (already
/// hashes). The FxHash mix spreads them well at a fraction of SipHash's cost.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(FX_K);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex16_is_the_zero_padded_hex_of_the_hash() {
        for h in [0, 1, 0xabc, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert_eq!(super::hex16(h), format!("{h:016x}"));
        }
    }
}
