//! Small TeX lexing helpers shared by the document pass: commands, brace groups.

/// If `tex[i..]` starts with the command `\name` (not followed by a letter), the offset
/// after it.
pub fn command_at(tex: &str, i: usize, name: &str) -> Option<usize> {
    let b = tex.as_bytes();
    if b.get(i) != Some(&b'\\') || !tex[i + 1..].starts_with(name) {
        return None;
    }
    let end = i + 1 + name.len();
    match b.get(end) {
        Some(c) if c.is_ascii_alphabetic() => None,
        _ => Some(end),
    }
}

/// Skip spaces from `i`.
pub fn skip_spaces(tex: &str, mut i: usize) -> usize {
    let b = tex.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A `{...}` group at `i` (after spaces): (content range start, end, offset after `}`).
/// Escaped braces do not count.
pub fn group_at(tex: &str, i: usize) -> Option<(usize, usize, usize)> {
    let b = tex.as_bytes();
    let i = skip_spaces(tex, i);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut depth = 0usize;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((i + 1, j, j + 1));
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// A `[...]` optional argument at `i` (after spaces): (content start, end, offset after).
pub fn optional_at(tex: &str, i: usize) -> Option<(usize, usize, usize)> {
    let b = tex.as_bytes();
    let i = skip_spaces(tex, i);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let close = tex[i..].find(']')? + i;
    Some((i + 1, close, close + 1))
}

/// Which of the commands the document pass cares about a formula uses, found in one pass so
/// the common formula (none of them) costs one scan and no substring searches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    pub label: bool,
    pub reference: bool,
    pub tag: bool,
    pub definition: bool,
    /// Any command at all (macros may apply).
    pub command: bool,
}

pub fn uses(tex: &str) -> Uses {
    let mut u = Uses::default();
    for name in command_names(tex) {
        u.command = true;
        match name {
            "label" => u.label = true,
            "eqref" | "ref" => u.reference = true,
            "tag" | "nonumber" | "notag" => u.tag = true,
            "newcommand" | "renewcommand" | "providecommand" | "def" => u.definition = true,
            _ => {}
        }
    }
    u
}

/// Names of the control words (`\\name`, letters only) in `tex`, in order. `\\\\` is a
/// row break, not the start of a name.
pub fn command_names(tex: &str) -> impl Iterator<Item = &str> {
    let b = tex.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if b[i] == b'\\' {
                let s = i + 1;
                let mut e = s;
                while e < b.len() && b[e].is_ascii_alphabetic() {
                    e += 1;
                }
                i = e.max(s + 1);
                if e > s {
                    return Some(&tex[s..e]);
                }
            } else {
                i += 1;
            }
        }
        None
    })
}
