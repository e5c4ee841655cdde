//! `\boldsymbol{U}_\boldsymbol{A}`, `x^\sqrt{2}`, `\min_\hat{x}`: a command with arguments
//! written as a bare sub- or superscript. MathJax reads the command with its arguments as
//! the script; KaTeX reads only the command ("Got function '\boldsymbol' with no arguments
//! as subscript"), so the script is braced: `_{\boldsymbol{A}}`.
//!
//! Only commands KaTeX 0.19 refuses there are braced (the table below; KaTeX's functions
//! without `allowedInArgument`). `\frac`, `\mathrm`, `\text` and the like KaTeX already
//! takes bare (`x^\frac12`), so they are left alone.

use super::lex::{optional_end, skip_space, token_at, Braces, Edit, Lexer, Tok};

/// How many arguments a command takes: mandatory ones, and `[...]` optional ones before them.
struct Args {
    required: usize,
    optional: usize,
    /// `\operatorname*`: a `*` right after the name belongs to the command.
    star: bool,
}

const fn args(required: usize, optional: usize) -> Args {
    Args {
        required,
        optional,
        star: false,
    }
}

/// Longest optional argument scanned for its `]`; real ones (`\sqrt[3]`, `\xrightarrow[n]`)
/// are short, and the bound keeps a stray `[` from costing a rescan of the formula.
const MAX_OPTIONAL: usize = 1024;

/// KaTeX functions (and the macros that expand to them) that fail as a bare script.
fn arity(name: &str) -> Option<Args> {
    Some(match name {
        // Accents and over/under arrows.
        "acute"
        | "grave"
        | "ddot"
        | "tilde"
        | "bar"
        | "breve"
        | "check"
        | "hat"
        | "vec"
        | "dot"
        | "mathring"
        | "widecheck"
        | "widehat"
        | "widetilde"
        | "overrightarrow"
        | "overleftarrow"
        | "Overrightarrow"
        | "overleftrightarrow"
        | "overgroup"
        | "overlinesegment"
        | "overleftharpoon"
        | "overrightharpoon"
        | "underleftarrow"
        | "underrightarrow"
        | "underleftrightarrow"
        | "undergroup"
        | "underlinesegment"
        | "utilde"
        | "dddot"
        | "ddddot" => args(1, 0),
        "xleftarrow" | "xrightarrow" | "xLeftarrow" | "xRightarrow" | "xleftrightarrow"
        | "xLeftrightarrow" | "xhookleftarrow" | "xhookrightarrow" | "xmapsto"
        | "xrightharpoondown" | "xrightharpoonup" | "xleftharpoondown" | "xleftharpoonup"
        | "xrightleftharpoons" | "xleftrightharpoons" | "xlongequal" | "xtwoheadrightarrow"
        | "xtwoheadleftarrow" | "xtofrom" | "xrightleftarrows" | "xrightequilibrium"
        | "xleftequilibrium" => args(1, 1),
        // Bold, classes, boxes, decorations.
        "boldsymbol"
        | "bm"
        | "pmb"
        | "mathord"
        | "mathbin"
        | "mathrel"
        | "mathopen"
        | "mathclose"
        | "mathpunct"
        | "mathinner"
        | "mathop"
        | "fbox"
        | "boxed"
        | "cancel"
        | "bcancel"
        | "xcancel"
        | "sout"
        | "phase"
        | "overline"
        | "underline"
        | "phantom"
        | "vphantom"
        | "hphantom"
        | "mathllap"
        | "mathrlap"
        | "mathclap"
        | "llap"
        | "rlap"
        | "clap"
        | "overbrace"
        | "underbrace"
        | "overbracket"
        | "underbracket"
        | "hbox"
        | "operatornamewithlimits" => args(1, 0),
        "operatorname" => Args {
            star: true,
            ..args(1, 0)
        },
        "stackrel" | "overset" | "underset" | "textcolor" | "colorbox" | "raisebox" => args(2, 0),
        "fcolorbox" => args(3, 0),
        "sqrt" | "smash" => args(1, 1),
        "big" | "Big" | "bigg" | "Bigg" | "bigl" | "Bigl" | "biggl" | "Biggl" | "bigr" | "Bigr"
        | "biggr" | "Biggr" | "bigm" | "Bigm" | "biggm" | "Biggm" => args(1, 0),
        // Large operators and named functions: no arguments, but still refused bare.
        "sum" | "prod" | "coprod" | "bigvee" | "bigwedge" | "biguplus" | "bigcap" | "bigcup"
        | "bigotimes" | "bigoplus" | "bigodot" | "bigsqcup" | "smallint" | "intop" | "lim"
        | "max" | "min" | "sup" | "inf" | "det" | "gcd" | "Pr" | "limsup" | "liminf" | "log"
        | "ln" | "lg" | "exp" | "sin" | "cos" | "tan" | "sec" | "csc" | "cot" | "sinh" | "cosh"
        | "tanh" | "coth" | "arcsin" | "arccos" | "arctan" | "arg" | "deg" | "dim" | "hom"
        | "ker" => args(0, 0),
        _ => return None,
    })
}

pub fn apply(tex: &str) -> Option<String> {
    if !has_bare_command_script(tex) {
        return None;
    }
    let mut braces = None;
    let mut edit = Edit::new(tex);
    // Where the `}` of each script opened so far goes. Scripts nest inside each other's
    // arguments, so the innermost, nearest one is always on top.
    let mut closes: Vec<usize> = Vec::new();
    let mut lex = Lexer::new(tex);
    while let Some((at, tok)) = lex.next() {
        while closes.last().is_some_and(|&c| c <= at) {
            let close = closes.pop().unwrap_or(at);
            edit.insert(close, "}");
        }
        if !matches!(tok, Tok::Char('_' | '^')) {
            continue;
        }
        let script = skip_space(tex, lex.pos());
        let Some((Tok::Word(name), len)) = token_at(tex, script) else {
            continue;
        };
        let Some(arity) = arity(name) else {
            continue;
        };
        let braces = braces.get_or_insert_with(|| Braces::new(tex));
        if let Some(end) = command_end(tex, braces, script + len, &arity) {
            edit.insert(script, "{");
            closes.push(end);
        }
        // The command's arguments are scanned like any TeX: they may hold scripts too.
        lex.seek(script);
    }
    while let Some(close) = closes.pop() {
        edit.insert(close, "}");
    }
    edit.finish()
}

/// Where a command whose name ends at `at` ends with its arguments, as TeX reads them;
/// `None` if they are incomplete (then KaTeX's own error is the right message).
fn command_end(tex: &str, braces: &Braces, mut at: usize, arity: &Args) -> Option<usize> {
    if arity.star && tex[skip_space(tex, at)..].starts_with('*') {
        at = skip_space(tex, at) + 1;
    }
    for _ in 0..arity.optional {
        if let Some(end) = optional_end(tex, braces, at, MAX_OPTIONAL) {
            at = end;
        }
    }
    for _ in 0..arity.required {
        at = braces.argument_end(tex, at)?;
    }
    Some(at)
}

/// A `_` or `^` followed (after spaces) by a command this rule braces: the only shape it
/// changes, so formulas without one skip the lexer. It reads raw bytes, so it sees every
/// script the lexer would (and some it would not, in comments or after a `\\`).
fn has_bare_command_script(tex: &str) -> bool {
    let b = tex.as_bytes();
    crate::byteset::positions(b, b"_^").any(|i| {
        let Some(k) = b[i + 1..].iter().position(|c| !c.is_ascii_whitespace()) else {
            return false;
        };
        let name = i + 1 + k + 1;
        b[name - 1] == b'\\' && {
            let len = b[name..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            arity(&tex[name..name + len]).is_some()
        }
    })
}
