//! MathJax-era content with real KaTeX in headless Chromium (`wasm-pack test`): the 40 posts
//! of `../shared/corpus/kexue/` render with no formula error; every compat rule's fixture
//! input is one KaTeX rejects and its output one KaTeX accepts; KaTeX's own test expressions
//! (`../shared/specs/katex-expressions.jsonl`) draw identically with and without the pass;
//! the MathJax-isms that need no rule are drawn by KaTeX as written.
#![cfg(target_arch = "wasm32")]

mod common;

use common::parse_examples;
use mathdown::compat::{rewrite, RULES};
use mathdown::wasm::render;
use mathdown::Compat;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// KaTeX itself, the same module the crate draws with, to compare TeX in and HTML out without
// the Markdown around it.
#[wasm_bindgen(module = "/js/katex.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = renderToString)]
    fn katex_render(tex: &str, options: &JsValue) -> Result<String, JsValue>;
}

/// KaTeX with the settings mathdown gives it by default (see `src/wasm/katex.rs`).
fn katex(tex: &str, display: bool) -> Result<String, String> {
    let options = js_sys::JSON::parse(&format!(
        r#"{{"displayMode":{display},"throwOnError":true,"trust":false,"strict":"ignore","maxExpand":1000,"maxSize":100,"output":"htmlAndMathml"}}"#
    ))
    .unwrap();
    katex_render(tex, &options).map_err(|e| {
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| format!("{e:?}"))
    })
}

macro_rules! post {
    ($name:literal) => {
        (
            concat!($name, ".md"),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/corpus/kexue/",
                $name,
                ".md"
            )),
        )
    };
}

const POSTS: &[(&str, &str)] = &[
    post!("10114"),
    post!("10122"),
    post!("10180"),
    post!("10289"),
    post!("10320"),
    post!("10332"),
    post!("10407"),
    post!("10474"),
    post!("10501"),
    post!("10542"),
    post!("10567"),
    post!("10592"),
    post!("10699"),
    post!("10735"),
    post!("10757"),
    post!("10770"),
    post!("10878"),
    post!("10902"),
    post!("10922"),
    post!("10958"),
    post!("10972"),
    post!("11025"),
    post!("11033"),
    post!("11158"),
    post!("11267"),
    post!("11307"),
    post!("11390"),
    post!("3757"),
    post!("4677"),
    post!("5716"),
    post!("6016"),
    post!("6280"),
    post!("7302"),
    post!("8512"),
    post!("9209"),
    post!("9344"),
    post!("9370"),
    post!("9461"),
    post!("9467"),
    post!("9783"),
];

/// Every formula error of a rendered document: (data-tex, KaTeX's message).
fn formula_errors(markdown: &str, options: &str) -> (Vec<(String, String)>, u32) {
    let html = render(
        &JsValue::from_str(markdown),
        &js_sys::JSON::parse(options).unwrap(),
    )
    .unwrap_or_else(|e| panic!("render threw {:?}", JsValue::from(e)));
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    root.set_inner_html(&html);
    let drawn = root
        .query_selector_all(".mathdown-math .katex")
        .unwrap()
        .length();
    let errors = root.query_selector_all(".mathdown-error").unwrap();
    let errors = (0..errors.length())
        .filter_map(|i| errors.item(i))
        .map(|node| {
            let el: web_sys::Element = node.unchecked_into();
            (
                el.get_attribute("data-tex").unwrap_or_default(),
                el.get_attribute("title").unwrap_or_default(),
            )
        })
        .collect();
    (errors, drawn)
}

/// KaTeX's message without the position and the excerpt after it, to group errors by cause.
fn cause(message: &str) -> &str {
    message.split(" at position ").next().unwrap_or(message)
}

#[wasm_bindgen_test]
fn the_forty_posts_render_with_no_formula_error() {
    assert_eq!(POSTS.len(), 40);
    let mut errors = Vec::new();
    let mut before = 0;
    let mut drawn = 0;
    for (post, markdown) in POSTS {
        let (found, ok) = formula_errors(markdown, r#"{"compat":"mathjax"}"#);
        drawn += ok;
        errors.extend(found.into_iter().map(|(tex, msg)| (*post, tex, msg)));
        before += formula_errors(markdown, r#"{"compat":"none"}"#).0.len();
    }
    console_log!(
        "kexue corpus: {} formula errors with compat \"none\", {} with \"mathjax\"; {drawn} formulas drawn",
        before,
        errors.len()
    );
    // The corpus has formulas KaTeX rejects as written, and the test sees them: without the
    // pass the count is not zero.
    assert!(before > 0, "compat none should show the MathJax-isms");
    assert!(drawn > 4000, "only {drawn} formulas drawn");
    if !errors.is_empty() {
        let mut by_cause: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, _, msg) in &errors {
            *by_cause.entry(cause(msg)).or_default() += 1;
        }
        let list: Vec<String> = errors
            .iter()
            .map(|(post, tex, msg)| format!("{post}: {msg}\n    TeX: {tex}"))
            .collect();
        panic!(
            "{} formula errors in the kexue corpus, by cause {by_cause:#?}:\n{}",
            errors.len(),
            list.join("\n")
        );
    }
}

macro_rules! fixture {
    ($rule:literal) => {
        (
            $rule,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/compat/",
                $rule,
                ".txt"
            )),
        )
    };
}

const FIXTURES: &[(&str, &str)] = &[
    fixture!("require"),
    fixture!("newcommand_name"),
    fixture!("declare_math_operator"),
    fixture!("aliases"),
    fixture!("html_decorations"),
    fixture!("bbox"),
    fixture!("unicode"),
    fixture!("root_nudge"),
    fixture!("bare_script_arg"),
];

#[wasm_bindgen_test]
fn every_rewrite_turns_tex_katex_rejects_into_tex_it_accepts() {
    let mut names: Vec<&str> = FIXTURES.iter().map(|(n, _)| *n).collect();
    let mut rules: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    names.sort();
    rules.sort();
    assert_eq!(names, rules, "FIXTURES lists every rule");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (rule, text) in FIXTURES {
        for ex in parse_examples(text) {
            let input = ex.input.strip_suffix('\n').unwrap_or(&ex.input);
            let output = ex.expected.strip_suffix('\n').unwrap_or(&ex.expected);
            if input == output {
                continue;
            }
            checked += 1;
            for display in [false, true] {
                if katex(input, display).is_ok() {
                    failures.push(format!("{rule}: KaTeX accepts the input already: {input}"));
                }
                if let Err(e) = katex(output, display) {
                    failures.push(format!("{rule}: KaTeX rejects the output {output}: {e}"));
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} rewriting examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(serde::Deserialize)]
struct Expression {
    name: String,
    tex: String,
    display: bool,
}

#[wasm_bindgen_test]
fn katex_test_expressions_render_identically_with_and_without_the_pass() {
    let jsonl = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/specs/katex-expressions.jsonl"
    ));
    let mut differ = Vec::new();
    let mut accepted = 0;
    let mut count = 0;
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let e: Expression = serde_json::from_str(line).expect("a JSON expression per line");
        count += 1;
        let written = katex(&e.tex, e.display);
        let rewritten = rewrite(&e.tex, Compat::Mathjax);
        accepted += usize::from(written.is_ok());
        // TeX KaTeX accepts is never rewritten at all, not merely rewritten to the same look.
        if written.is_ok() && rewritten != e.tex {
            differ.push(format!("{}: rewritten to {rewritten}", e.name));
        } else if katex(&rewritten, e.display) != written {
            differ.push(format!("{}: drawn differently", e.name));
        }
    }
    assert!(
        count >= 100 && accepted >= 100,
        "{accepted} of {count} accepted"
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[wasm_bindgen_test]
fn mathjax_isms_katex_already_draws_need_no_rule() {
    let cases = [
        "a \\over b",
        "n \\choose k",
        "\\operatorname*{argmax}_x f",
        "{\\bf x} {\\rm y} {\\it z}",
        "x^\\frac{1}{2} + x^\\frac12",
        "e^\\mathrm{T} + a_\\text{max}",
        "\\begin{aligned} a &= b \\nonumber \\\\ c &= d \\notag \\end{aligned}",
        // KaTeX draws `split` only in display mode, as LaTeX does.
        "\\begin{split} a &= b \\nonumber \\\\ c &= d \\end{split}",
    ];
    for tex in cases {
        assert_eq!(rewrite(tex, Compat::Mathjax), tex, "no rule touches it");
        let modes: &[bool] = if tex.contains("split") {
            &[true]
        } else {
            &[false, true]
        };
        for &display in modes {
            if let Err(e) = katex(tex, display) {
                panic!("KaTeX rejects {tex}: {e}");
            }
        }
    }
}

#[wasm_bindgen_test]
fn every_listed_mathjax_extension_renders_in_a_document() {
    // The issue's list, as a post would carry it, through the whole pipeline (compat, then
    // the document's TeX pass for `\label`, then KaTeX).
    let markdown = r#"
$\require{cancel}\cancel{x}$ $\bbox[yellow,5px]{E=mc^2}$ $\class{a}{x}$ $\cssId{b}{y}$
$\style{color:red}{z}$ $\unicode{x263A}$ $\DeclareMathOperator{\Tr}{Tr}\Tr A$
$\operatorname*{argmax}_x f$ $\idotsint_V$ $\mbox{if}$ ${\bf x}{\rm y}{\it z}$ $a\over b$
$n\choose k$ $\boldsymbol{U}_\boldsymbol{A}$ $x^\frac{1}{2}$ $e^\mathrm{T}$
$\newcommand{msign}{\mathop{\text{msign}}}\msign$

$$\begin{equation}\begin{split} a &= b \label{eq:split} \\ c &= d \end{split}\end{equation}$$

$$\begin{align} a &= b \nonumber \\ c &= d \end{align}$$
"#;
    let (errors, drawn) = formula_errors(markdown, "{}");
    assert_eq!(errors, vec![], "every formula draws");
    assert_eq!(drawn, 19);
}
