//! The MathJax compatibility rules (`src/compat/`): each rule's fixture in
//! `tests/compat/<rule>.txt` shows MathJax input and the TeX KaTeX receives; `data-tex` keeps
//! what was written; `compat: "none"` sends TeX untouched; no input panics or takes more
//! than linear time. That KaTeX rejects each input and accepts each output is checked with
//! real KaTeX in `tests/wasm_corpus.rs`.

mod common;

use common::parse_examples;
use mathdown::compat::{rewrite, RULES};
use mathdown::{render, Compat, MathEngine, Options};
use proptest::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/compat")
}

fn line(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

#[test]
fn every_rule_has_a_fixture_file_and_every_file_a_rule() {
    let mut files: Vec<String> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut rules: Vec<String> = RULES.iter().map(|r| r.name.to_string()).collect();
    rules.sort();
    assert_eq!(files, rules);
}

#[test]
fn fixtures() {
    let mut failures = Vec::new();
    let mut rewritten = 0;
    for rule in RULES {
        let path = fixture_dir().join(format!("{}.txt", rule.name));
        let examples = parse_examples(&std::fs::read_to_string(&path).unwrap());
        assert!(!examples.is_empty(), "{} holds no examples", path.display());
        let mut fired = false;
        for ex in &examples {
            let (input, expected) = (line(&ex.input), line(&ex.expected));
            let got = rewrite(input, Compat::Mathjax);
            if got != expected {
                failures.push(format!(
                    "{}.txt example {} ({}):\n  input    {input}\n  expected {expected}\n  got      {got}",
                    rule.name, ex.number, ex.title
                ));
            }
            // Each fixture file is about its rule: the rule itself must fire on the input of
            // at least one example, so a fixture cannot pass on other rules' work.
            fired |= (rule.apply)(input).is_some();
            assert_eq!(
                rewrite(input, Compat::None),
                input,
                "compat none is identity"
            );
            rewritten += usize::from(input != expected);
        }
        assert!(fired, "rule {} fires on none of its examples", rule.name);
    }
    assert!(rewritten >= RULES.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Records the TeX the engine is given.
#[derive(Default)]
struct Recorder(Vec<String>);

impl MathEngine for Recorder {
    fn render(&mut self, tex: &str, _display: bool) -> Result<String, String> {
        self.0.push(tex.to_string());
        Ok("<b>ok</b>".to_string())
    }
}

#[test]
fn data_tex_keeps_what_was_written_and_only_the_engine_sees_the_rewrite() {
    let source = "Bold $U_\\boldsymbol{A}$ and $$\\bbox[yellow]{E}$$\n";
    let mut engine = Recorder::default();
    let html = render(source, &Options::default(), &mut engine)
        .unwrap()
        .html();
    assert!(
        html.contains("data-tex=\"U_\\boldsymbol{A}\""),
        "the original is kept: {html}"
    );
    assert!(html.contains("data-tex=\"\\bbox[yellow]{E}\""), "{html}");
    assert!(engine.0.iter().any(|t| t.contains("U_{\\boldsymbol{A}}")));
    assert!(engine
        .0
        .iter()
        .any(|t| t.contains("\\colorbox{yellow}{$\\displaystyle E$}")));

    let none: Options = serde_json::from_str(r#"{"compat":"none"}"#).unwrap();
    let mut engine = Recorder::default();
    render(source, &none, &mut engine).unwrap();
    assert!(engine.0.iter().any(|t| t.contains("U_\\boldsymbol{A}")));
    assert!(engine.0.iter().any(|t| t.contains("\\bbox[yellow]{E}")));
}

/// TeX-ish pieces the rules look for, in every broken combination.
const FRAGMENTS: &[&str] = &[
    "_",
    "^",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "*",
    "%",
    "\n",
    " ",
    "#",
    "1",
    "x",
    "é",
    "€",
    "𝔸",
    "\\boldsymbol",
    "\\hat",
    "\\sqrt",
    "\\operatorname",
    "\\fcolorbox",
    "\\xrightarrow",
    "\\bbox",
    "\\class",
    "\\style",
    "\\unicode",
    "x263A",
    "xD800",
    "\\uproot",
    "\\mbox",
    "\\idotsint",
    "\\require",
    "\\newcommand",
    "\\DeclareMathOperator",
    "border:1px solid red",
    ",",
    "\\_",
    "\\{",
    "\\\\",
    "\\sum",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn rewrite_never_panics(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40)) {
        let tex: String = parts.concat();
        let out = rewrite(&tex, Compat::Mathjax);
        // Every rewrite of TeX without the constructs the rules target is the identity.
        if !tex.contains('\\') {
            prop_assert_eq!(out.as_ref(), tex.as_str());
        }
    }
}

/// Time to rewrite `tex`, the lower of three runs (the machine is shared: load is noise).
fn time(tex: &str) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(rewrite(tex, Compat::Mathjax));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Size of the smaller input of the growth test: big enough that the time is well above timer
/// noise, small enough that a quadratic rule would still finish in a second at 8 times it.
const GROWTH_BASE: usize = 2_000;
/// Allowed ratio for 8 times the input: linear is 8, quadratic 64; the margin absorbs noise.
const GROWTH_LIMIT: f64 = 24.0;

#[test]
fn rewriting_is_linear_on_nested_and_repeated_constructs() {
    let cases: &[(&str, &str, &str)] = &[
        ("nested bare scripts", "x_\\boldsymbol{", "}"),
        ("stray optional brackets", "x^\\sqrt[", ""),
        ("nested bbox", "\\bbox[red]{", "}"),
        ("unclosed classes", "\\class{", ""),
        ("repeated unicode", "\\unicode{x41}", ""),
    ];
    for (name, open, close) in cases {
        let make = |n: usize| format!("{}a{}", open.repeat(n), close.repeat(n));
        let ratio = |_: ()| time(&make(GROWTH_BASE * 8)) / time(&make(GROWTH_BASE)).max(1e-7);
        // One re-measure before failing: a burst of load on a shared machine is not growth.
        let r = ratio(());
        let r = if r > GROWTH_LIMIT { ratio(()) } else { r };
        assert!(r < GROWTH_LIMIT, "{name}: 8x input took {r:.1}x the time");
    }
}
