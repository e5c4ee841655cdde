//! Macros for the whole document: `\newcommand`, `\renewcommand`, `\def` and `\gdef` in one
//! formula apply to every later formula, as MathJax does. Each later formula that uses a
//! macro gets its definition prepended as `\def` (which, unlike `\newcommand`, may
//! redefine), and its own `\newcommand`s become `\def`s so a redefinition is never an
//! error.

use super::parse::{command_at, command_names, group_at, mask_comments, optional_at, Shapes};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// More parameters than TeX allows (nine) is not a definition.
const MAX_PARAMS: usize = 9;

#[derive(Clone, Debug, Default)]
pub struct Macros {
    /// name (without backslash) -> `\def\name#1..{body}`.
    defs: HashMap<String, String>,
    /// Shapes of the names in `defs`: most control words are ruled out without a lookup.
    shapes: Shapes,
}

impl Macros {
    pub fn new(preset: &BTreeMap<String, String>) -> Macros {
        let mut m = Macros::default();
        for (name, body) in preset {
            let name = name.trim_start_matches('\\');
            m.define(name.to_string(), format!("\\def\\{name}{{{body}}}"));
        }
        m
    }

    fn define(&mut self, name: String, def: String) {
        self.shapes = self.shapes.with(&name);
        self.defs.insert(name, def);
    }

    fn is_defined(&self, name: &str) -> bool {
        self.shapes.may_contain(name) && self.defs.contains_key(name)
    }

    /// [`Macros::apply`] taking the formula by value: a formula that uses no macro, the
    /// common case, is returned as it is, with no copy.
    pub fn apply_owned(&mut self, tex: String, defines: bool) -> String {
        if self.changes(&tex, defines, None) {
            self.apply(&tex, defines)
        } else {
            tex
        }
    }

    /// Whether [`Macros::apply`] would change `tex`: it defines macros, or uses one. `words`
    /// are its control words (byte ranges into `tex`) when the caller has lexed them.
    pub fn changes(&self, tex: &str, defines: bool, words: Option<&[Range<usize>]>) -> bool {
        defines
            || !self.defs.is_empty()
                && match words {
                    Some(words) => words.iter().any(|r| self.is_defined(&tex[r.clone()])),
                    None => command_names(tex).any(|name| self.is_defined(name)),
                }
    }

    /// The engine TeX for a formula: the definitions it uses (transitively) first, its own
    /// definitions rewritten as `\def`; then its definitions are remembered for later ones.
    pub fn apply(&mut self, tex: &str, defines: bool) -> String {
        if !defines {
            return self.prepend_used(tex);
        }
        let (rewritten, found) = rewrite_definitions(tex);
        let out = self.prepend_used(&rewritten);
        for (name, def) in found {
            self.define(name, def);
        }
        out
    }

    pub fn prepend_used(&self, tex: &str) -> String {
        if self.defs.is_empty() || !tex.contains('\\') {
            return tex.to_string();
        }
        let mut used: Vec<&str> = Vec::new();
        let mut work = vec![tex];
        while let Some(t) = work.pop() {
            for name in command_names(t) {
                if !self.shapes.may_contain(name) {
                    continue;
                }
                if let Some((k, def)) = self.defs.get_key_value(name) {
                    if !used.contains(&k.as_str()) {
                        used.push(k);
                        work.push(def);
                    }
                }
            }
        }
        if used.is_empty() {
            return tex.to_string();
        }
        // Dependencies first is not needed: `\def` bodies expand at use, not at definition.
        used.sort_unstable();
        let mut out = String::new();
        for name in used {
            out.push_str(&self.defs[name]);
        }
        out.push_str(tex);
        out
    }
}

/// Find the definitions in a formula and rewrite `\newcommand`/`\renewcommand` ones as
/// `\def`: (rewritten TeX, (name, definition) in order).
fn rewrite_definitions(tex: &str) -> (String, Vec<(String, String)>) {
    if !tex.contains("command") && !tex.contains("def") {
        return (tex.to_string(), Vec::new());
    }
    // Definitions are looked for in `code` (comments blanked, same offsets) and their text
    // is taken from `tex`: one inside a comment defines nothing.
    let code = mask_comments(tex);
    let code = code.as_ref();
    let mut out = String::with_capacity(tex.len());
    let mut found = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(p) = code[i..].find('\\') {
        let at = i + p;
        let parsed = ["newcommand", "renewcommand", "providecommand"]
            .iter()
            .find_map(|c| command_at(code, at, c))
            .and_then(|after| parse_newcommand(code, tex, after))
            .or_else(|| {
                // KaTeX keeps a `\gdef` for later formulas: so does the document.
                let after = command_at(code, at, "def").or_else(|| command_at(code, at, "gdef"));
                after.and_then(|a| parse_def(code, tex, a))
            });
        match parsed {
            Some((name, def, end)) => {
                out.push_str(&tex[last..at]);
                // A `\gdef` stays one in its own formula, where it may sit in a group
                // (`{\gdef\a{x}}\a`, the cells of `aligned`) that a `\def` would not
                // outlive; later formulas get the `\def`, at their top level.
                if code[at..].starts_with("\\gdef") {
                    out.push_str(&tex[at..end]);
                } else {
                    out.push_str(&def);
                }
                found.push((name, def));
                last = end;
                i = end;
            }
            None => {
                // Past the escaped character too: in `\\def` the `\\` is a row break and
                // `def` letters, not a definition.
                i = (at + 2).min(tex.len());
                while !tex.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
    }
    out.push_str(&tex[last..]);
    (out, found)
}

/// `{\name}[n]{body}` (or `\name`, or `{name}` as MathJax tolerates) after `\newcommand`.
/// A definition with an optional argument's default (`[n][default]`) has no `\def`
/// equivalent and is left to the engine. Read from `tex`'s comment-blanked `code`; the body
/// is `tex`'s own.
fn parse_newcommand(code: &str, tex: &str, after: usize) -> Option<(String, String, usize)> {
    let (name, mut j) = match group_at(code, after) {
        Some((s, e, end)) => (code[s..e].trim().trim_start_matches('\\').to_string(), end),
        None => {
            let s = super::parse::skip_spaces(code, after);
            let e = command_end(code, s)?;
            (code[s + 1..e].to_string(), e)
        }
    };
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut params = 0;
    if let Some((s, e, end)) = optional_at(code, j) {
        params = code[s..e].trim().parse::<usize>().ok()?;
        if params > MAX_PARAMS {
            return None;
        }
        j = end;
        if optional_at(code, j).is_some() {
            return None;
        }
    }
    let (bs, be, end) = group_at(code, j)?;
    let mut def = format!("\\def\\{name}");
    for k in 1..=params {
        def.push_str(&format!("#{k}"));
    }
    def.push('{');
    def.push_str(&tex[bs..be]);
    def.push('}');
    Some((name, def, end))
}

/// `\name#1#2{body}` after `\def`: kept as written (in `tex`; read from its `code`, as
/// [`parse_newcommand`]).
fn parse_def(code: &str, tex: &str, after: usize) -> Option<(String, String, usize)> {
    let s = super::parse::skip_spaces(code, after);
    let e = command_end(code, s)?;
    let name = code[s + 1..e].to_string();
    let brace = code[e..].find('{')? + e;
    let params = &code[e..brace];
    if !params
        .bytes()
        .all(|c| c == b'#' || c.is_ascii_digit() || c == b' ')
    {
        return None;
    }
    let (_, _, end) = group_at(code, brace)?;
    Some((name, format!("\\def{}", &tex[s..end]), end))
}

/// End of a `\name` command starting at `s`.
fn command_end(tex: &str, s: usize) -> Option<usize> {
    let b = tex.as_bytes();
    if b.get(s) != Some(&b'\\') {
        return None;
    }
    let mut e = s + 1;
    while e < b.len() && b[e].is_ascii_alphabetic() {
        e += 1;
    }
    (e > s + 1).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_definition_applies_to_later_formulas() {
        let mut m = Macros::default();
        assert_eq!(
            m.apply("\\newcommand{\\sg}[1]{\\text{sg}(#1)} \\sg{x}", true),
            "\\def\\sg#1{\\text{sg}(#1)} \\sg{x}"
        );
        assert_eq!(
            m.apply("\\sg{y}", false),
            "\\def\\sg#1{\\text{sg}(#1)}\\sg{y}"
        );
        assert_eq!(
            m.apply("\\sgn{y}", false),
            "\\sgn{y}",
            "only used macros are prepended"
        );
    }

    #[test]
    fn redefinition_and_missing_backslash_and_dependencies() {
        let mut m = Macros::default();
        m.apply("\\newcommand{msign}{\\mathop{\\text{msign}}}", true);
        m.apply("\\def\\a{\\msign}", true);
        assert_eq!(
            m.apply("\\a", false),
            "\\def\\a{\\msign}\\def\\msign{\\mathop{\\text{msign}}}\\a"
        );
        assert_eq!(
            m.apply("\\newcommand{\\msign}{M}\\msign", true),
            "\\def\\msign{\\mathop{\\text{msign}}}\\def\\msign{M}\\msign",
            "a redefinition is a \\def, never an error"
        );
    }

    #[test]
    fn presets() {
        let mut preset = BTreeMap::new();
        preset.insert("\\R".to_string(), "\\mathbb{R}".to_string());
        let mut m = Macros::new(&preset);
        assert_eq!(m.apply("x\\in\\R", false), "\\def\\R{\\mathbb{R}}x\\in\\R");
    }
}
