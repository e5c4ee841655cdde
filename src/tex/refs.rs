//! Labels and references: anchor ids that are safe for any key, and `\eqref`/`\ref`
//! replaced by the numbers they point to.

use super::parse::{command_at, group_at, mask_comments};

/// Prefix of every equation anchor id, so ids never collide with headings or footnotes.
pub const ID_PREFIX: &str = "mathdown-eq-";

/// The anchor id of a label: letters, digits, `-` and `_` kept, every other byte written as
/// `.` and two hex digits. Injective, and safe in an attribute and in a URL fragment (no
/// `%`, which browsers would decode before matching).
pub fn label_id(key: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(ID_PREFIX.len() + key.len());
    id.push_str(ID_PREFIX);
    for &b in key.as_bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            id.push(b as char);
        } else {
            // `.` and two lowercase hex digits, written without a `format!` per byte.
            id.push('.');
            id.push(char::from(HEX[usize::from(b >> 4)]));
            id.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    id
}

/// What a reference shows, and the anchor it points to (`None`: unknown label).
pub type Resolved = (String, Option<String>);

/// Replace each `\eqref{key}` and `\ref{key}` by what `lookup(key, is_eqref)` says.
pub fn resolve(tex: &str, lookup: &mut dyn FnMut(&str, bool) -> Resolved) -> String {
    if !tex.contains("ref") {
        return tex.to_string();
    }
    // Commands are looked for in `code` (comments blanked, same offsets), and `tex` is
    // copied: a reference inside a comment stays as written, unread.
    let code = mask_comments(tex);
    let mut out = String::with_capacity(tex.len());
    let mut last = 0;
    let mut i = 0;
    while let Some(p) = code[i..].find('\\') {
        let at = i + p;
        let hit = [("eqref", true), ("ref", false)]
            .iter()
            .find_map(|&(name, eq)| command_at(&code, at, name).map(|e| (e, eq)));
        if let Some((after, eq)) = hit {
            if let Some((ks, ke, end)) = group_at(&code, after) {
                out.push_str(&tex[last..at]);
                // The number is a count or a `\tag`'s TeX, which KaTeX draws in `\text`
                // as it draws the tag itself (`\tag{\dagger}`, `\tag{50\%}`).
                let (text, id) = lookup(code[ks..ke].trim(), eq);
                if id.is_some() {
                    out.push_str("\\text{");
                    out.push_str(&text);
                    out.push('}');
                } else {
                    // An unknown label: the `(??)` is red, as KaTeX draws its own errors.
                    out.push_str("\\textcolor{#cc0000}{\\text{");
                    out.push_str(&text);
                    out.push_str("}}");
                }
                last = end;
                i = end;
                continue;
            }
        }
        // Skip the escaped character so `\\ref` (a row break, then `ref`) is not a command.
        i = (at + 2).min(tex.len());
        while !tex.is_char_boundary(i) {
            i += 1;
        }
    }
    out.push_str(&tex[last..]);
    out
}

/// A `\tag`'s TeX as plain text, its escaped specials (`\%`, `\#`, ...) unescaped; `None`
/// when it holds markup only the engine can draw (`\dagger`, `$\ast$`, `^`, the ligature
/// `--` and the quotes `` ` `` and `'`, which KaTeX draws as a dash and curly quotes).
pub fn plain_text(tex: &str) -> Option<String> {
    if tex.contains("--") {
        return None;
    }
    let mut out = String::with_capacity(tex.len());
    let mut chars = tex.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n) if "%#&$_{} ".contains(n) => out.push(n),
                _ => return None,
            },
            '$' | '^' | '_' | '{' | '}' | '~' | '`' | '\'' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// If the whole formula is one `\eqref{key}` or `\ref{key}`: (key, is_eqref).
pub fn sole_reference(tex: &str) -> Option<(String, bool)> {
    let code = mask_comments(tex);
    let t = code.trim();
    for (name, eq) in [("eqref", true), ("ref", false)] {
        if let Some(after) = command_at(t, 0, name) {
            if let Some((ks, ke, end)) = group_at(t, after) {
                if t[end..].trim().is_empty() {
                    return Some((t[ks..ke].trim().to_string(), eq));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_for_any_key() {
        assert_eq!(label_id("eq:loss"), "mathdown-eq-eq.3aloss");
        assert_eq!(label_id("a\"b<c"), "mathdown-eq-a.22b.3cc");
        assert_eq!(label_id("x.y"), "mathdown-eq-x.2ey");
        assert_ne!(
            label_id("a.3a"),
            label_id("a:"),
            "distinct keys, distinct ids"
        );
    }

    #[test]
    fn references_resolve_inside_formulas() {
        let out = resolve("a \\eqref{x} + \\ref{ y } \\\\ref", &mut |k, eq| {
            (
                if eq { format!("({k})") } else { k.to_string() },
                Some(String::new()),
            )
        });
        assert_eq!(out, "a \\text{(x)} + \\text{y} \\\\ref");
        assert_eq!(
            plain_text("50\\%"),
            Some("50%".into()),
            "escaped specials are text"
        );
        assert_eq!(plain_text("\\dagger"), None, "a command needs the engine");
        assert_eq!(plain_text("$\\ast$"), None, "so does math");
        assert_eq!(plain_text("1--2"), None, "and a ligature, drawn as a dash");
        assert_eq!(
            sole_reference(" \\eqref{eq:a} "),
            Some(("eq:a".into(), true))
        );
        assert_eq!(sole_reference("\\eqref{a} + 1"), None);
    }
}
