//! Equation numbers, AMS style: which formulas and rows get a number, `\nonumber`/`\notag`,
//! explicit `\tag`s, and `\label`s. Numbers are handed to the engine as explicit `\tag`s in
//! the starred environment, because KaTeX numbers every formula from (1) on its own.

use super::parse::{command_at, group_at, mask_comments, optional_at, Uses};
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
    /// (label key, number as references show it) in order; `None` for a label on a formula
    /// or row without a number (`$$x\label{a}$$`), which references can only show as `??`.
    pub labels: Vec<(String, Option<String>)>,
    /// Automatic numbers given.
    pub auto: usize,
    /// Rows or formulas with an explicit `\tag`.
    pub tags: usize,
}

/// Number one display formula. `counter` is the document's equation counter.
/// `uses` says which commands the formula holds, so rows skip searches for absent ones.
pub fn number(tex: &str, mode: Numbering, counter: &mut usize, uses: Uses) -> Numbered {
    // The TeX is copied once, into the result, whatever numbering adds to it.
    let mut out = Numbered {
        engine_tex: String::with_capacity(tex.len() + TAG_ROOM),
        ..Default::default()
    };
    if let Some(env) = whole_environment(tex) {
        let numbered = mode != Numbering::None && !env.starred;
        let rows = ROWS.contains(&env.name);
        if numbered && (rows || SINGLE.contains(&env.name)) {
            push_starred_begin(&mut out.engine_tex, tex, &env);
            let body = &tex[env.body.clone()];
            if rows {
                number_rows(body, true, counter, uses, &mut out);
            } else {
                number_row(body, true, counter, uses, &mut out);
            }
            out.engine_tex.push_str("\\end{");
            out.engine_tex.push_str(env.name);
            out.engine_tex.push_str("*}");
            return out;
        }
        // Unnumbered rows (starred, or numbering "none") may still carry `\tag`s: each row's
        // labels take that row's tag, not the formula's first. Under "all" the formula is
        // numbered as a whole unless its rows tag themselves.
        let row_tags =
            uses.tag && (mode != Numbering::All || find_tag(&mask_comments(tex)).is_some());
        if rows && !numbered && row_tags {
            out.engine_tex.push_str(&tex[..env.begin_end]);
            number_rows(&tex[env.body.clone()], false, counter, uses, &mut out);
            out.engine_tex.push_str(&tex[env.body.end..]);
            return out;
        }
    }
    number_row(tex, mode == Numbering::All, counter, uses, &mut out);
    out
}

/// Room for one automatic ` \tag{n}` without growing the engine TeX.
const TAG_ROOM: usize = 16;

/// One row (or a whole formula), appended to `out`: labels out, and an automatic `\tag` if
/// `auto` and the row has neither `\tag` nor `\nonumber`/`\notag`.
fn number_row(row: &str, auto: bool, counter: &mut usize, uses: Uses, out: &mut Numbered) {
    if !auto && !uses.label && !uses.tag {
        out.engine_tex.push_str(row);
        return;
    }
    let start = out.engine_tex.len();
    let keys = if uses.label {
        take_labels(row, &mut out.engine_tex)
    } else {
        out.engine_tex.push_str(row);
        Vec::new()
    };
    // Commands in a `%` comment are not read, and a tag put after one would be commented
    // out: both are looked for in the row with its comments blanked.
    let text = mask_comments(&out.engine_tex[start..]);
    let tag = if uses.tag { find_tag(&text) } else { None };
    let suppressed = uses.tag && (has_command(&text, "nonumber") || has_command(&text, "notag"));
    let number = if let Some(t) = tag {
        out.tags += 1;
        Some(t)
    } else if auto && !suppressed && !text.trim().is_empty() {
        *counter += 1;
        out.auto += 1;
        let number = counter.to_string();
        // Before the row's trailing whitespace and a comment closing it, which stay where
        // they were.
        let at = start + text.trim_end().len();
        for piece in ["}", &number, " \\tag{"] {
            out.engine_tex.insert_str(at, piece);
        }
        Some(number)
    } else {
        None
    };
    out.labels
        .extend(keys.into_iter().map(|k| (k, number.clone())));
}

/// The rows of a row-numbered environment's body, each numbered (automatically if `auto`),
/// appended to `out`.
fn number_rows(body: &str, auto: bool, counter: &mut usize, uses: Uses, out: &mut Numbered) {
    let rows = split_rows(body);
    let last = rows.len().saturating_sub(1);
    for (i, (row, sep)) in rows.into_iter().enumerate() {
        // An empty last row after a trailing `\\` is not a row.
        let auto = auto && !(i == last && i > 0 && mask_comments(row).trim().is_empty());
        number_row(row, auto, counter, uses, out);
        out.engine_tex.push_str(sep);
    }
}

struct Env<'a> {
    name: &'a str,
    starred: bool,
    /// End of the name inside `\begin{...}`, where a `*` goes.
    name_end: usize,
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
    // The formula must end with `\end{full}`.
    let trimmed_end = tex.trim_end().len();
    let end_start = tex[..trimmed_end]
        .strip_suffix('}')
        .and_then(|t| t.strip_suffix(full))
        .and_then(|t| t.strip_suffix("\\end{"))?
        .len();
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
        name_end: ne,
        begin_end: body_start,
        body: body_start..end_start,
    })
}

/// Opens minus closes of environment `name` in `tex`, never below zero.
fn count_envs(tex: &str, name: &str) -> i64 {
    // Every `\\begin{name}` and `\\end{name}` holds the name: a body without it (most) has
    // none, found by one substring search instead of a look at every backslash.
    if !tex.contains(name) {
        return 0;
    }
    let mut depth = 0i64;
    let mut i = 0;
    let b = tex.as_bytes();
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let rest = &tex[i..];
        if let Some(len) = env_tag_len(rest, "\\begin{", name) {
            depth += 1;
            i += len;
        } else if let Some(len) = env_tag_len(rest, "\\end{", name) {
            depth -= 1;
            if depth < 0 {
                return -1;
            }
            i += len;
        } else {
            i += 1;
        }
    }
    depth
}

/// The length of `head` + `name` + `}` if `text` starts with them.
fn env_tag_len(text: &str, head: &str, name: &str) -> Option<usize> {
    let rest = text.strip_prefix(head)?.strip_prefix(name)?;
    rest.starts_with('}').then_some(head.len() + name.len() + 1)
}

/// `\begin{name}` (and its argument) with the name starred, appended to `out`.
fn push_starred_begin(out: &mut String, tex: &str, env: &Env) {
    out.push_str(&tex[..env.name_end]);
    if !env.starred {
        out.push('*');
    }
    out.push_str(&tex[env.name_end..env.begin_end]);
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
            // A comment to the end of its line: a `\\` or brace in it is not TeX.
            b'%' => {
                i = body[i..].find('\n').map_or(b.len(), |n| i + n);
                continue;
            }
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

/// Append `tex` without its `\label{key}`s to `out`: the keys in order. A `\label` in a
/// `%` comment is left there and defines nothing.
fn take_labels(tex: &str, out: &mut String) -> Vec<String> {
    if !tex.contains("\\label") {
        out.push_str(tex);
        return Vec::new();
    }
    let code = mask_comments(tex);
    let mut keys = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(p) = code[i..].find("\\label") {
        let at = i + p;
        match command_at(&code, at, "label").and_then(|a| group_at(&code, a)) {
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
    keys
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
    (0..tex.len()).any(|at| command_at(tex, at, name).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tex: &str, mode: Numbering, start: usize) -> (Numbered, usize) {
        let mut c = start;
        (
            number(
                tex,
                mode,
                &mut c,
                super::super::parse::lex(tex, &mut Vec::new()),
            ),
            c,
        )
    }

    #[test]
    fn equation_gets_the_next_number_as_a_tag() {
        let (n, c) = run(
            "\\begin{equation}x\\label{a}\\end{equation}",
            Numbering::Ams,
            4,
        );
        assert_eq!(n.engine_tex, "\\begin{equation*}x \\tag{5}\\end{equation*}");
        assert_eq!(n.labels, vec![("a".to_string(), Some("5".to_string()))]);
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
        assert_eq!(n.labels, vec![("d".to_string(), Some("2".to_string()))]);
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
        assert_eq!(n.labels, vec![("k".to_string(), Some("A".to_string()))]);
    }
}
