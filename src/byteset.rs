//! Which bytes of a 16-byte chunk are in a small set, tested all at once: SSE2 on x86-64
//! (every such processor has it), a byte loop elsewhere. For passes over a whole text that
//! look for a few bytes which TeX is dense in, where a vectorised search per hit costs more
//! in setting up than it skips.

/// Bytes [`mask`] tests at once.
pub const CHUNK: usize = 16;

/// Bit `j` set for each `chunk[j]` in `set` (`chunk` is at most [`CHUNK`] bytes long; the
/// set does not hold 0).
pub fn mask<const N: usize>(chunk: &[u8], set: &[u8; N]) -> u32 {
    debug_assert!(!set.contains(&0) && chunk.len() <= CHUNK);
    #[cfg(target_arch = "x86_64")]
    {
        // A short chunk (a line's last bytes) is padded with zeros, which are not in the set.
        let full = <&[u8; CHUNK]>::try_from(chunk)
            .copied()
            .unwrap_or_else(|_| {
                let mut padded = [0; CHUNK];
                padded[..chunk.len()].copy_from_slice(chunk);
                padded
            });
        sse2::mask(&full, set)
    }
    #[cfg(not(target_arch = "x86_64"))]
    bytewise(chunk, set)
}

/// The offsets of the bytes of `text` that are in `set`, in order: [`mask`] chunk after
/// chunk.
pub fn positions<'a, const N: usize>(text: &'a [u8], set: &'a [u8; N]) -> Positions<'a, N> {
    Positions {
        text,
        set,
        base: 0,
        next: 0,
        hits: 0,
    }
}

pub struct Positions<'a, const N: usize> {
    text: &'a [u8],
    set: &'a [u8; N],
    /// Where the chunk of `hits` starts.
    base: usize,
    /// Where the next chunk starts.
    next: usize,
    /// The hits of the current chunk not yet given.
    hits: u32,
}

impl<const N: usize> Iterator for Positions<'_, N> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.hits == 0 {
            if self.next >= self.text.len() {
                return None;
            }
            let end = (self.next + CHUNK).min(self.text.len());
            self.hits = mask(&self.text[self.next..end], self.set);
            self.base = self.next;
            self.next = end;
        }
        let k = self.base + self.hits.trailing_zeros() as usize;
        self.hits &= self.hits - 1;
        Some(k)
    }
}

/// [`mask`] one byte at a time.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn bytewise<const N: usize>(chunk: &[u8], set: &[u8; N]) -> u32 {
    chunk.iter().enumerate().fold(0, |m, (j, c)| {
        m | (u32::from(set.iter().any(|s| s == c)) << j)
    })
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::CHUNK;
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };

    /// A dozen instructions for 16 bytes and a set of a few.
    pub fn mask<const N: usize>(chunk: &[u8; CHUNK], set: &[u8; N]) -> u32 {
        // SAFETY: SSE2 is part of the x86-64 baseline, so these instructions exist on every
        // processor this code runs on; the unaligned load reads exactly the CHUNK bytes of
        // `chunk`.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let mut any = _mm_setzero_si128();
            for &c in set {
                any = _mm_or_si128(any, _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8)));
            }
            _mm_movemask_epi8(any) as u32
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn chunks_and_bytes_agree() {
        let all: Vec<u8> = (0..=255).collect();
        let set = *b"_*~`&\\\"'<>";
        for chunk in all.chunks(super::CHUNK) {
            assert_eq!(super::mask(chunk, &set), super::bytewise(chunk, &set));
            assert_eq!(
                super::mask(&chunk[3..], &set),
                super::bytewise(&chunk[3..], &set)
            );
        }
    }
}
