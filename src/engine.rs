//! The math engine seam: a trait that turns one formula into HTML, a bounded cache in front
//! of it, and the deterministic stand-in used by native tests.
//!
//! The core never knows whether KaTeX or the stand-in is drawing: browser builds plug in the
//! KaTeX binding (`wasm` module), native tests plug in [`StandIn`].

use std::collections::HashMap;

/// Renders one formula. `Err` carries the engine's message for the error box.
pub trait MathEngine {
    fn render(&mut self, tex: &str, display: bool) -> Result<String, String>;

    /// [`MathEngine::render`], appending the HTML to `out` instead of returning it. The
    /// writer calls this with one buffer reused for every formula, so an engine that can
    /// write in place (the stand-in, the cache) costs no allocation per formula. On `Err`,
    /// `out` is left as it was.
    fn render_into(&mut self, tex: &str, display: bool, out: &mut String) -> Result<(), String> {
        self.render(tex, display).map(|html| out.push_str(&html))
    }
}

impl<E: MathEngine + ?Sized> MathEngine for &mut E {
    fn render(&mut self, tex: &str, display: bool) -> Result<String, String> {
        (**self).render(tex, display)
    }

    fn render_into(&mut self, tex: &str, display: bool, out: &mut String) -> Result<(), String> {
        (**self).render_into(tex, display, out)
    }
}

/// The searcher for the command the stand-in rejects, built once: `str::contains` sets up a
/// new search for every formula, which costs more than the search on a short one.
static ERROR_COMMAND: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\\error"));

/// A deterministic engine for native tests: it echoes the TeX, escaped, and fails on the
/// things a real engine fails on that tests care about (unbalanced braces, `\error`).
#[derive(Debug, Default, Clone)]
pub struct StandIn {
    /// How many formulas reached the engine (cache misses), so tests can see the cache work.
    pub calls: usize,
}

impl StandIn {
    /// The error a real engine would report for `tex`, if any.
    fn check(tex: &str) -> Result<(), String> {
        let mut depth = 0i64;
        let mut lowest = 0i64;
        let mut escaped = false;
        // Without branches on the bytes (TeX is dense with `\\`, `{` and `}`, which a
        // branchy loop mispredicts); the first `}` too many is still what is reported,
        // because the lowest depth is below zero exactly when some prefix has one.
        for &c in tex.as_bytes() {
            let live = !escaped;
            depth += i64::from(live && c == b'{') - i64::from(live && c == b'}');
            lowest = lowest.min(depth);
            escaped = live && c == b'\\';
        }
        if lowest < 0 {
            return Err("Extra }".to_string());
        }
        if depth != 0 {
            return Err("Expected '}', got 'EOF'".to_string());
        }
        if ERROR_COMMAND.find(tex.as_bytes()).is_some() {
            return Err("Undefined control sequence: \\error".to_string());
        }
        Ok(())
    }
}

impl MathEngine for StandIn {
    fn render(&mut self, tex: &str, display: bool) -> Result<String, String> {
        let mut out = String::new();
        self.render_into(tex, display, &mut out).map(|()| out)
    }

    fn render_into(&mut self, tex: &str, display: bool, out: &mut String) -> Result<(), String> {
        self.calls += 1;
        Self::check(tex)?;
        out.push_str(if display {
            "<span class=\"standin-display\">"
        } else {
            "<span class=\"standin\">"
        });
        crate::html::push_escaped_text(out, tex);
        out.push_str("</span>");
        Ok(())
    }
}

/// Cache budget by default: enough for every distinct formula of a long paper several times
/// over (the 1 MB corpus renders to about 10 MB of KaTeX HTML), small next to a tab's memory.
pub const DEFAULT_CACHE_BYTES: usize = 32 * 1024 * 1024;

type Entry = (bool, Box<str>);

/// A bounded formula cache in front of any engine.
///
/// Two generations instead of a linked LRU: new entries go into `young`; when `young` holds
/// half the budget it becomes `old` and the previous `old` is dropped. A hit in `old` moves
/// back to `young`. Memory stays under the budget, every operation is O(1), and what is used
/// every render (the formulas of the document being edited) is never evicted.
#[derive(Debug)]
pub struct Cache<E> {
    engine: E,
    young: HashMap<Entry, Result<Box<str>, Box<str>>>,
    old: HashMap<Entry, Result<Box<str>, Box<str>>>,
    young_bytes: usize,
    budget: usize,
    /// Formulas answered from the cache since the last [`Cache::take_stats`].
    pub hits: usize,
    /// Formulas sent to the engine since the last [`Cache::take_stats`].
    pub misses: usize,
}

impl<E: MathEngine> Cache<E> {
    pub fn new(engine: E) -> Self {
        Self::with_budget(engine, DEFAULT_CACHE_BYTES)
    }

    pub fn with_budget(engine: E, budget: usize) -> Self {
        Cache {
            engine,
            young: HashMap::new(),
            old: HashMap::new(),
            young_bytes: 0,
            budget,
            hits: 0,
            misses: 0,
        }
    }

    pub fn engine(&self) -> &E {
        &self.engine
    }

    pub fn engine_mut(&mut self) -> &mut E {
        &mut self.engine
    }

    /// (hits, misses) since the last call, then reset.
    pub fn take_stats(&mut self) -> (usize, usize) {
        let s = (self.hits, self.misses);
        self.hits = 0;
        self.misses = 0;
        s
    }

    pub fn clear(&mut self) {
        self.young.clear();
        self.old.clear();
        self.young_bytes = 0;
    }

    fn insert(&mut self, key: Entry, value: Result<Box<str>, Box<str>>) {
        let size = key.1.len()
            + match &value {
                Ok(s) | Err(s) => s.len(),
            };
        if self.young_bytes + size > self.budget / 2 {
            self.old = std::mem::take(&mut self.young);
            self.young_bytes = 0;
        }
        self.young_bytes += size;
        self.young.insert(key, value);
    }
}

impl<E: MathEngine> MathEngine for Cache<E> {
    fn render(&mut self, tex: &str, display: bool) -> Result<String, String> {
        let mut out = String::new();
        self.render_into(tex, display, &mut out).map(|()| out)
    }

    /// A hit is copied straight from the cache into `out`, with no allocation.
    fn render_into(&mut self, tex: &str, display: bool, out: &mut String) -> Result<(), String> {
        let key: Entry = (display, tex.into());
        if let Some(v) = self.young.get(&key) {
            self.hits += 1;
            return v
                .as_ref()
                .map(|s| out.push_str(s))
                .map_err(|e| e.to_string());
        }
        if let Some(v) = self.old.remove(&key) {
            self.hits += 1;
            let result = v
                .as_ref()
                .map(|s| out.push_str(s))
                .map_err(|e| e.to_string());
            self.insert(key, v);
            return result;
        }
        self.misses += 1;
        let start = out.len();
        let result = self.engine.render_into(tex, display, out);
        let stored = match &result {
            Ok(()) => Ok(out[start..].into()),
            Err(e) => Err(e.as_str().into()),
        };
        self.insert(key, stored);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_renders_each_formula_once() {
        let mut c = Cache::new(StandIn::default());
        for _ in 0..3 {
            c.render("x^2", false).unwrap();
        }
        assert_eq!(
            c.engine().calls,
            1,
            "the engine should see a repeated formula once"
        );
        c.render("x^2", true).unwrap();
        assert_eq!(
            c.engine().calls,
            2,
            "display and inline are different entries"
        );
    }

    #[test]
    fn cache_stays_within_budget_and_keeps_hot_entries() {
        let mut c = Cache::with_budget(StandIn::default(), 4096);
        for i in 0..10_000 {
            c.render("hot", false).unwrap();
            c.render(&format!("cold{i}"), false).unwrap();
        }
        let bytes: usize = c
            .young
            .iter()
            .chain(c.old.iter())
            .map(|(k, v)| k.1.len() + v.as_ref().map_or_else(|e| e.len(), |s| s.len()))
            .sum();
        assert!(bytes <= 4096, "cache holds {bytes} bytes, budget is 4096");
        let before = c.engine().calls;
        c.render("hot", false).unwrap();
        assert_eq!(
            c.engine().calls,
            before,
            "a formula used every time must stay cached"
        );
    }

    #[test]
    fn standin_reports_errors() {
        let mut s = StandIn::default();
        assert!(s.render("\\frac{1}{2", false).is_err());
        assert!(s.render("\\error", false).is_err());
        assert!(s.render("\\{ \\}", false).is_ok());
    }
}
