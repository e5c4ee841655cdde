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

/// Hands out unique ids: the second `intro` becomes `intro-1`, and so on.
#[derive(Debug, Default)]
pub struct Slugs {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Slugs {
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
}
