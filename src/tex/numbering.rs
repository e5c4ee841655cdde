//! Equation numbers, AMS style: which formulas and rows get a number, `\nonumber`/`\notag`,
//! explicit `\tag`s, and `\label`s. Numbers are handed to the engine as explicit `\tag`s in
//! the starred environment, because KaTeX numbers every formula from (1) on its own.

use super::parse::{command_at, group_at, optional_at, Uses};
use crate::options::Numbering;

/// Environments numbered once as a whole.
const SINGLE: &[&str] = &["equation", "multline"];
/// Environments numbered row by row.
const ROWS: &[&str] = &[
    "align", "gather", "alignat", "flalign", "eqnarray", "xalignat",
];
/// Environments whose `\begin` takes one argument (the column count).
const WITH_ARGUMENT: &[&str] = &["alignat", "xalignat"];

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Numbered {
    pub engine_tex: String,
    /// (label key, number as references show it) in order.
    pub labels: Vec<(String, String)>,
    /// Automatic numbers given.
    pub auto: usize,
    /// Rows or formulas with an explicit `\tag`.
    pub tags: usize,
}

/// Number one display formula. `counter` is the document's equation counter.
/// `uses` says which commands the formula holds, so rows skip searches for absent ones.
pub fn number(tex: &str, mode: Numbering, counter: &mut usize, uses: Uses) -> Numbered {
    if let Some(env) = whole_environment(tex) {
        let numbered = mode != Numbering::None && !env.starred;
        if numbered && ROWS.contains(&env.name) {
            return number_rows(tex, &env, counter, uses);
        }
        if numbered && SINGLE.contains(&env.name) {
            let mut n = number_row(&tex[env.body.clone()], true, counter, uses);
            n.engine_tex = format!(
                "{}{}{}",
                starred_begin(tex, &env),
                n.engine_tex,
                starred_end(&env)
            );
            return n;
        }
    }
    number_row(tex, mode == Numbering::All, counter, uses)
}

/// One row (or a whole formula): labels out, and an automatic `\tag` if `auto` and the row
/// has neither `\tag` nor `\nonumber`/`\notag`.
fn number_row(row: &str, auto: bool, counter: &mut usize, uses: Uses) -> Numbered {
    if !auto && !uses.label && !uses.tag {
        return Numbered {
            engine_tex: row.to_string(),
            ..Default::default()
        };
    }
    let (mut text, keys) = if uses.label {
        take_labels(row)
    } else {
        (row.to_string(), Vec::new())
    };
    let tag = if uses.tag { find_tag(&text) } else { None };
    let suppressed = uses.tag && (has_command(&text, "nonumber") || has_command(&text, "notag"));
    let mut out = Numbered::default();
    let number = if let Some(t) = tag {
        out.tags = 1;
        Some(t)
    } else if auto && !suppressed && !text.trim().is_empty() {
        *counter += 1;
        out.auto = 1;
        let trimmed = text.trim_end().len();
        text.insert_str(trimmed, &format!(" \\tag{{{counter}}}"));
        Some(counter.to_string())
    } else {
        None
    };
    out.labels = keys
        .into_iter()
        .map(|k| (k, number.clone().unwrap_or_else(|| "??".to_string())))
        .collect();
    out.engine_tex = text;
    out
}

fn number_rows(tex: &str, env: &Env, counter: &mut usize, uses: Uses) -> Numbered {
    let body = &tex[env.body.clone()];
    let mut out = Numbered {
        engine_tex: starred_begin(tex, env),
        ..Default::default()
    };
    let rows = split_rows(body);
    let last = rows.len().saturating_sub(1);
    for (i, (row, sep)) in rows.into_iter().enumerate() {
        // An empty last row after a trailing `\\` is not a row.
        let auto = !(i == last && i > 0 && row.trim().is_empty());
        let n = number_row(row, auto, counter, uses);
        out.engine_tex.push_str(&n.engine_tex);
        out.engine_tex.push_str(sep);
        out.labels.extend(n.labels);
        out.auto += n.auto;
        out.tags += n.tags;
    }
    out.engine_tex.push_str(&starred_end(env));
    out
}

struct Env<'a> {
    name: &'a str,
    starred: bool,
    /// The `\begin{...}` (and its argument) through the body start.
    begin_end: usize,
    body: std::ops::Range<usize>,
}

/// The environment, if the formula is one environment and nothing else.
fn whole_environment(tex: &str) -> Option<Env<'_>> {
    let start = tex.len() - tex.trim_start().len();
    let after = command_at(tex, start, "begin")?;
    let (ns, ne, mut body_start) = group_at(tex, after)?;
    let full = &tex[ns..ne];
    let (name, starred) = match full.strip_suffix('*') {
        Some(n) => (n, true),
        None => (full, false),
    };
    if WITH_ARGUMENT.contains(&name) {
        body_start = group_at(tex, body_start).map_or(body_start, |g| g.2);
    }
    let end_tag = format!("\\end{{{full}}}");
    let trimmed_end = tex.trim_end().len();
    if !tex[..trimmed_end].ends_with(&end_tag) {
        return None;
    }
    let end_start = trimmed_end - end_tag.len();
    if end_start < body_start {
        return None;
    }
    // The `\end` must close this `\begin`, not a later one of the same name.
    let inner = &tex[body_start..end_start];
    if count_envs(inner, full) != 0 {
        return None;
    }
    Some(Env {
        name,
        starred,
        begin_end: body_start,
        body: body_start..end_start,
    })
}

/// Opens minus closes of environment `name` in `tex`, never below zero.
fn count_envs(tex: &str, name: &str) -> i64 {
    let open = format!("\\begin{{{name}}}");
    let close = format!("\\end{{{name}}}");
    let mut depth = 0i64;
    let mut i = 0;
    while let Some(p) = tex[i..].find('\\') {
        let at = i + p;
        if tex[at..].starts_with(&open) {
            depth += 1;
            i = at + open.len();
        } else if tex[at..].starts_with(&close) {
            depth -= 1;
            if depth < 0 {
                return -1;
            }
            i = at + close.len();
        } else {
            i = next_char(tex, at + 1);
        }
    }
    depth
}

fn next_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

fn starred_begin(tex: &str, env: &Env) -> String {
    let begin = &tex[..env.begin_end];
    if env.starred {
        return begin.to_string();
    }
    begin.replacen(
        &format!("{{{}}}", env.name),
        &format!("{{{}*}}", env.name),
        1,
    )
}

fn starred_end(env: &Env) -> String {
    format!("\\end{{{}*}}", env.name)
}

/// Split an environment body into rows at top-level `\\` (not inside braces or nested
/// environments): (row, separator including `\\`, `*` and an optional `[dimen]`).
fn split_rows(body: &str) -> Vec<(&str, &str)> {
    let b = body.as_bytes();
    let mut rows = Vec::new();
    let mut depth = 0i64;
    let mut envs = 0i64;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b'\\' => {
                if b.get(i + 1) == Some(&b'\\') && depth == 0 && envs == 0 {
                    let row_end = i;
                    let mut j = i + 2;
                    if b.get(j) == Some(&b'*') {
                        j += 1;
                    }
                    if let Some((_, _, after)) = optional_at(body, j) {
                        j = after;
                    }
                    rows.push((&body[start..row_end], &body[row_end..j]));
                    start = j;
                    i = j;
                    continue;
                }
                if command_at(body, i, "begin").is_some() {
                    envs += 1;
                } else if command_at(body, i, "end").is_some() {
                    envs -= 1;
                }
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    rows.push((&body[start..], ""));
    rows
}

/// Remove every `\label{key}`: (text without them, keys in order).
fn take_labels(tex: &str) -> (String, Vec<String>) {
    if !tex.contains("\\label") {
        return (tex.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(tex.len());
    let mut keys = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(p) = tex[i..].find("\\label") {
        let at = i + p;
        match command_at(tex, at, "label").and_then(|a| group_at(tex, a)) {
            Some((ks, ke, end)) => {
                out.push_str(&tex[last..at]);
                keys.push(tex[ks..ke].trim().to_string());
                last = end;
                i = end;
            }
            None => i = at + 1,
        }
    }
    out.push_str(&tex[last..]);
    (out, keys)
}

/// The text of the first `\tag{...}` or `\tag*{...}`.
fn find_tag(tex: &str) -> Option<String> {
    let mut i = 0;
    while let Some(p) = tex[i..].find("\\tag") {
        let at = i + p;
        let after = command_at(tex, at, "tag").map(|a| a + usize::from(tex[a..].starts_with('*')));
        if let Some((s, e, _)) = after.and_then(|a| group_at(tex, a)) {
            return Some(tex[s..e].trim().to_string());
        }
        i = at + 1;
    }
    None
}

fn has_command(tex: &str, name: &str) -> bool {
    let needle = format!("\\{name}");
    tex.match_indices(&needle)
        .any(|(at, _)| command_at(tex, at, name).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tex: &str, mode: Numbering, start: usize) -> (Numbered, usize) {
        let mut c = start;
        (number(tex, mode, &mut c, super::super::parse::uses(tex)), c)
    }

    #[test]
    fn equation_gets_the_next_number_as_a_tag() {
        let (n, c) = run(
            "\\begin{equation}x\\label{a}\\end{equation}",
            Numbering::Ams,
            4,
        );
        assert_eq!(n.engine_tex, "\\begin{equation*}x \\tag{5}\\end{equation*}");
        assert_eq!(n.labels, vec![("a".to_string(), "5".to_string())]);
        assert_eq!(c, 5);
    }

    #[test]
    fn align_rows_each_get_a_number_except_nonumber_and_tagged_rows() {
        let tex = "\\begin{align}a&=1\\\\b&=2\\nonumber\\\\[4pt]c&=3\\tag{*}\\\\d\\label{d}\\\\\n\\end{align}";
        let (n, c) = run(tex, Numbering::Ams, 0);
        assert_eq!(
            n.engine_tex,
            "\\begin{align*}a&=1 \\tag{1}\\\\b&=2\\nonumber\\\\[4pt]c&=3\\tag{*}\\\\d \\tag{2}\\\\\n\\end{align*}"
        );
        assert_eq!((n.auto, n.tags, c), (2, 1, 2));
        assert_eq!(n.labels, vec![("d".to_string(), "2".to_string())]);
    }

    #[test]
    fn nested_environments_do_not_split_rows() {
        let tex = "\\begin{gather}\\begin{aligned}a\\\\b\\end{aligned}\\\\c\\end{gather}";
        let (n, _) = run(tex, Numbering::Ams, 0);
        assert_eq!(n.auto, 2, "two gather rows; the aligned rows are one");
    }

    #[test]
    fn modes() {
        assert_eq!(run("x", Numbering::Ams, 0).0.auto, 0);
        assert_eq!(run("x", Numbering::All, 0).0.engine_tex, "x \\tag{1}");
        assert_eq!(
            run("\\begin{equation}x\\end{equation}", Numbering::None, 0)
                .0
                .auto,
            0
        );
        assert_eq!(
            run("\\begin{equation*}x\\end{equation*}", Numbering::Ams, 0)
                .0
                .auto,
            0
        );
        let (n, c) = run("x \\tag{A}\\label{k}", Numbering::All, 3);
        assert_eq!(
            (n.tags, c),
            (1, 3),
            "an explicit tag does not advance the counter"
        );
        assert_eq!(n.labels, vec![("k".to_string(), "A".to_string())]);
    }
}
