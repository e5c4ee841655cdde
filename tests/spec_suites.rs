//! The peer suites in ../shared/specs run through mathdown's full pipeline with math on.
//! Each difference from the spec is listed with its reason; anything else must match.

mod common;

use common::{normalize, parse_examples, read_shared};
use mathdown::{render, HtmlPolicy, Options, StandIn};

/// Options for the Markdown peer suites: every delimiter on, raw HTML passed through (the
/// suites test Markdown, not our HTML policy, which has its own fixtures), no heading ids
/// (the suites' expected HTML has none).
fn suite_options() -> Options {
    Options {
        html: HtmlPolicy::Allow,
        heading_ids: false,
        ..Options::default()
    }
}

/// Run every example of a spec file: `extract` turns HTML into what is compared (the
/// normalised HTML, or the list of formulas). Examples listed in `differences` must differ,
/// all others must match.
fn run_examples<T: PartialEq + std::fmt::Debug>(
    file: &str,
    options: &Options,
    differences: &[(usize, &str)],
    extract: impl Fn(&str) -> T,
) {
    let examples = parse_examples(&read_shared(file));
    assert!(!examples.is_empty(), "{file} should hold examples");
    let mut unexpected = Vec::new();
    let mut now_passing = Vec::new();
    for ex in &examples {
        let doc = render(&ex.input, options, &mut StandIn::default()).unwrap();
        let got = extract(&doc.html());
        let want = extract(&ex.expected);
        let listed = differences.iter().any(|(n, _)| *n == ex.number);
        match (got == want, listed) {
            (false, false) => unexpected.push(format!(
                "example {} ({}):\n--- input\n{}--- expected\n{:?}\n--- got\n{:?}\n",
                ex.number, ex.title, ex.input, want, got
            )),
            (true, true) => now_passing.push(ex.number),
            _ => {}
        }
    }
    assert!(
        unexpected.is_empty(),
        "{file}: {} of {} examples should match the spec but do not:\n{}",
        unexpected.len(),
        examples.len(),
        unexpected.join("\n")
    );
    assert!(
        now_passing.is_empty(),
        "{file}: examples {now_passing:?} are listed as differences but now match: unlist them"
    );
}

fn run_suite(file: &str, differences: &[(usize, &str)]) {
    run_examples(file, &suite_options(), differences, normalize);
}

#[test]
fn commonmark_spec() {
    run_suite("specs/commonmark-spec.txt", COMMONMARK_DIFFERENCES);
}

#[test]
fn gfm_tables() {
    run_suite("specs/gfm_table.txt", &[]);
}

#[test]
fn gfm_strikethrough() {
    run_suite("specs/gfm_strikethrough.txt", &[]);
}

#[test]
fn gfm_tasklist() {
    run_suite("specs/gfm_tasklist.txt", &[]);
}

#[test]
fn footnotes() {
    run_suite("specs/pulldown-cmark-footnotes.txt", &[]);
}

/// CommonMark examples whose output differs on purpose, with the reason.
const COMMONMARK_DIFFERENCES: &[(usize, &str)] = &[(
    12,
    "`\\(\\)` and `\\[\\\\\\]` open math (inline `\\(...\\)`, display `\\[...\\]`) instead of being \
     escaped punctuation; switch `delimiters.paren`/`bracket` off to get CommonMark's output",
)];

/// pulldown-cmark's math examples whose formulas differ on purpose, with the reason.
/// The same list, for people, is in docs/spec-differences.md.
const MATH_DIFFERENCES: &[(usize, &str)] = &[
    (
        18,
        "display math is found before block structure: `$$ x + y` / `> z $$` is one formula",
    ),
    (
        26,
        "`` $`y`$ `` is GitHub's inline math syntax, so the TeX is `y`, not `` `y` ``",
    ),
    (27, "```` ```math ```` fences are display math"),
    (42, "a `|` inside math does not split a table cell"),
    (
        43,
        "math in a table cell reaches the engine as written: `\\|` stays `\\|` (a norm)",
    ),
    (
        44,
        "math in a table cell reaches the engine as written: `\\|` stays `\\|` (a norm)",
    ),
    (
        45,
        "braces are counted at any depth; pulldown-cmark stops counting past a fixed depth",
    ),
    (
        47,
        "braces are counted at any depth, so an unclosed `{` keeps the `$` from closing",
    ),
];

/// `(tex, display)` of every formula in pulldown-cmark's expected HTML, in order.
fn expected_formulas(html: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find("<span class=\"math math-") {
        let after = &rest[p + "<span class=\"math math-".len()..];
        let display = after.starts_with("display");
        let body = &after[after.find('>').unwrap() + 1..];
        let end = body.find("</span>").unwrap();
        out.push((unescape(&body[..end]), display));
        rest = &body[end..];
    }
    out
}

/// `(tex, display)` of every formula mathdown drew, from `data-tex` and the class.
fn our_formulas(html: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find("class=\"mathdown-math mathdown-") {
        let after = &rest[p + "class=\"mathdown-math mathdown-".len()..];
        let display = after.starts_with("display");
        let d = after.find("data-tex=\"").unwrap() + "data-tex=\"".len();
        let end = after[d..].find('"').unwrap();
        out.push((unescape(&after[d..d + end]), display));
        rest = &after[d + end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// With `strictDollar`, pulldown-cmark's own whitespace rule for `$`.
#[test]
fn pulldown_cmark_math_strict() {
    let mut options = suite_options();
    options.delimiters.strict_dollar = true;
    run_math_suite(&options, MATH_DIFFERENCES);
}

/// With the defaults, whose whitespace exception for TeX-looking formulas changes none of
/// pulldown-cmark's examples.
#[test]
fn pulldown_cmark_math_default() {
    run_math_suite(&suite_options(), MATH_DIFFERENCES);
}

fn run_math_suite(options: &Options, differences: &[(usize, &str)]) {
    // pulldown-cmark's expected HTML marks formulas its own way; compare the formulas.
    run_examples(
        "specs/pulldown-cmark-math.txt",
        options,
        differences,
        |html| {
            if html.contains("class=\"math math-") {
                expected_formulas(html)
            } else {
                our_formulas(html)
            }
        },
    );
}
