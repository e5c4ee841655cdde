//! Heading ids: Unicode-aware slugs, unique within a document.

use std::collections::{HashMap, HashSet};

/// GitHub-style: lowercase, letters/digits/`-`/`_` kept (any script), spaces become `-`,
/// other punctuation dropped. `Ünïcode Straße` → `ünïcode-straße`, `数学 公式` → `数学-公式`.
pub fn slugify(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            s.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            s.push('-');
        }
    }
    s
}

/// CommonMark's limit on link labels (999 characters), which footnote labels share: a
/// longer bracket is not a label, and stopping there keeps the scan linear.
const MAX_FOOTNOTE_LABEL: usize = 1000;

/// Hands out unique ids: the second `intro` becomes `intro-1`, and so on.
#[derive(Debug, Default)]
pub struct Slugs {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Slugs {
    /// Marks an id the document uses for something else (a footnote, an equation anchor), so
    /// no heading gets it: `# Notes` beside `[^notes]` must not give two elements one id.
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    /// Reserves every footnote label `src` may define or cite (`[^label]`): pulldown-cmark
    /// writes a footnote's label, as written, as its id and link target. A `[^x]` that is
    /// not a footnote only costs a heading `x` its plain slug.
    pub fn reserve_footnote_labels(&mut self, src: &str) {
        let bytes = src.as_bytes();
        // memchr, not memmem: the wasm module carries memchr already, and memmem's
        // searcher added 3.5 KB to it after gzip (`make size`).
        for start in memchr::memchr_iter(b'^', bytes) {
            if start == 0 || bytes[start - 1] != b'[' {
                continue;
            }
            let rest = &src[start + 1..];
            let end = rest
                .bytes()
                .take(MAX_FOOTNOTE_LABEL)
                .position(|b| matches!(b, b']' | b'[' | b'\n'));
            if let Some(end) = end.filter(|&e| e > 0 && rest.as_bytes()[e] == b']') {
                self.reserve(&rest[..end]);
            }
        }
    }

    pub fn unique(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "section".to_string();
        }
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(0);
        let mut candidate = base.clone();
        loop {
            if n > 0 {
                candidate = format!("{base}-{n}");
            }
            n += 1;
            if !self.taken.contains(&candidate) {
                break;
            }
        }
        self.next_suffix.insert(base, n);
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unicode_aware_and_unique() {
        let mut s = Slugs::default();
        assert_eq!(s.unique("Hello, World!"), "hello-world");
        assert_eq!(s.unique("Hello World"), "hello-world-1");
        assert_eq!(s.unique("Hello World"), "hello-world-2");
        assert_eq!(s.unique("重温SSM（一）"), "重温ssm一");
        assert_eq!(s.unique("Straße"), "straße");
        assert_eq!(s.unique("!!!"), "section");
        assert_eq!(s.unique("hello-world-1"), "hello-world-1-1");
    }

    #[test]
    fn reserved_ids_go_to_no_heading() {
        let mut s = Slugs::default();
        s.reserve_footnote_labels(
            "# Notes\n\nSee[^notes] and [^1].\n\n[^notes]: x\n[^]: y [^a\nb]",
        );
        assert_eq!(s.unique("Notes"), "notes-1", "`notes` is a footnote's id");
        assert_eq!(s.unique("1"), "1-1", "`1` is a footnote's id");
        assert_eq!(s.unique("a"), "a", "`[^a` broken by a newline is no label");
        s.reserve("mathdown-eq-x");
        assert_eq!(s.unique("mathdown eq x"), "mathdown-eq-x-1");
    }
}
