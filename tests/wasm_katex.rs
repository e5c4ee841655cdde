//! Browser tests of the wasm API with real KaTeX in headless Chromium (`wasm-pack test`):
//! formulas become `.katex` markup, rejected ones `.mathdown-error`, options reach KaTeX,
//! bad calls throw and leave the module usable.
#![cfg(target_arch = "wasm32")]

use mathdown::wasm::{render, render_math, TYPESCRIPT};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(source: &str) -> JsValue {
    js_sys::JSON::parse(source).expect("test options are valid JSON")
}

fn render_ok(markdown: &str, options: &str) -> String {
    let options = if options.is_empty() {
        JsValue::UNDEFINED
    } else {
        js(options)
    };
    render(&JsValue::from_str(markdown), &options).unwrap_or_else(|e| {
        panic!(
            "render({markdown:?}, {options:?}) threw {:?}",
            JsValue::from(e)
        )
    })
}

fn render_err(markdown: &JsValue, options: &str) -> String {
    let e = match render(markdown, &js(options)) {
        Ok(html) => panic!("render with {options} should throw, gave {html}"),
        Err(e) => JsValue::from(e),
    };
    let e: js_sys::Error = e.dyn_into().expect("thrown value is a JS Error");
    String::from(e.message())
}

/// Parse HTML the way a page would, so assertions are about elements, not substrings.
fn dom(html: &str) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    div.set_inner_html(html);
    div
}

fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
fn formulas_render_with_katex() {
    let root = dom(&render_ok(
        "Inline $e^{i\\pi} + 1 = 0$ and display\n\n$$\\int_0^1 x^2\\,dx$$\n",
        "",
    ));
    assert_eq!(count(&root, ".mathdown-inline > .katex"), 1);
    assert_eq!(count(&root, ".mathdown-display .katex-display > .katex"), 1);
    // htmlAndMathml by default: visual HTML and MathML for screen readers.
    assert_eq!(count(&root, ".katex-html"), 2);
    assert_eq!(count(&root, ".katex-mathml math"), 2);
    assert_eq!(count(&root, ".mathdown-error"), 0);
}

#[wasm_bindgen_test]
fn a_rejected_formula_becomes_an_error_box() {
    let root = dom(&render_ok("Broken $\\frac{1}$ and fine $x$", ""));
    let error = root
        .query_selector(".mathdown-math.mathdown-error")
        .unwrap()
        .expect("an error box");
    let title = error.get_attribute("title").unwrap_or_default();
    assert!(
        title.contains("KaTeX parse error"),
        "KaTeX's message reaches the title: {title:?}"
    );
    assert_eq!(
        error.get_attribute("data-tex").as_deref(),
        Some("\\frac{1}")
    );
    assert_eq!(count(&root, ".mathdown-error .katex"), 0);
    assert_eq!(
        count(&root, ".mathdown-inline:not(.mathdown-error) > .katex"),
        1
    );
}

#[wasm_bindgen_test]
fn output_option_reaches_katex_and_the_cache_keeps_options_apart() {
    let tex = "$a^2+b^2$";
    let both = dom(&render_ok(tex, ""));
    let html = dom(&render_ok(tex, r#"{"output":"html"}"#));
    let mathml = dom(&render_ok(tex, r#"{"output":"mathml"}"#));
    let again = dom(&render_ok(tex, ""));
    assert_eq!((count(&both, ".katex-html"), count(&both, "math")), (1, 1));
    assert_eq!((count(&html, ".katex-html"), count(&html, "math")), (1, 0));
    assert_eq!(
        (count(&mathml, ".katex-html"), count(&mathml, "math")),
        (0, 1)
    );
    assert_eq!(
        (count(&again, ".katex-html"), count(&again, "math")),
        (1, 1),
        "a formula cached under other options must not come back"
    );
}

#[wasm_bindgen_test]
fn katex_limits_and_strictness_are_passed_through() {
    // maxExpand: ten expansions of \a are too many under a limit of 5.
    let loop_tex = "$\\def\\a{x}\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a$";
    assert_eq!(count(&dom(&render_ok(loop_tex, "")), ".mathdown-error"), 0);
    let limited = dom(&render_ok(loop_tex, r#"{"maxExpand":5}"#));
    let title = limited
        .query_selector(".mathdown-error")
        .unwrap()
        .expect("too many expansions is an error")
        .get_attribute("title")
        .unwrap();
    assert!(title.contains("Too many expansions"), "{title:?}");

    // maxSize clamps a rule's width.
    let rule = "$\\rule{50em}{1em}$";
    assert!(render_ok(rule, "").contains("border-right-width:50em"));
    assert!(render_ok(rule, r#"{"maxSize":2}"#).contains("border-right-width:2em"));

    // strict: Unicode text in math mode is drawn by default, an error when strict.
    let unicode = "$é$";
    assert_eq!(count(&dom(&render_ok(unicode, "")), ".mathdown-error"), 0);
    assert_eq!(
        count(
            &dom(&render_ok(unicode, r#"{"strict":"error"}"#)),
            ".mathdown-error"
        ),
        1
    );
}

#[wasm_bindgen_test]
fn untrusted_commands_make_no_links() {
    let root = dom(&render_ok("$\\href{https://example.com}{x}$", ""));
    assert_eq!(
        count(&root, "a"),
        0,
        "trust is false: \\href must not become a link"
    );
}

#[wasm_bindgen_test]
fn render_math_uses_the_formula_markup() {
    let root = dom(&render_math(&"x^2".into(), &js(r#"{"display":true}"#)).unwrap());
    assert_eq!(
        count(&root, "div.mathdown-display[translate=no] .katex-display"),
        1
    );
    let root = dom(&render_math(&"x^2".into(), &JsValue::UNDEFINED).unwrap());
    assert_eq!(count(&root, "span.mathdown-inline .katex"), 1);
    assert_eq!(count(&root, ".katex-display"), 0);
    let err = render_math(&"x".into(), &js(r#"{"displa":true}"#))
        .err()
        .expect("unknown renderMath option throws");
    let message = String::from(
        JsValue::from(err)
            .unchecked_into::<js_sys::Error>()
            .message(),
    );
    assert!(message.contains("displa"), "{message}");
}

#[wasm_bindgen_test]
fn bad_calls_throw_errors_naming_the_problem_and_the_module_stays_usable() {
    let text = JsValue::from_str("$x$");
    let unknown = render_err(&text, r#"{"dolar":false}"#);
    assert!(
        unknown.contains("dolar") && unknown.contains("expected one of"),
        "{unknown}"
    );
    let nested = render_err(&text, r#"{"delimiters":{"dollar":"no"}}"#);
    assert!(
        nested.contains("delimiters.dollar") && nested.contains("expected a boolean"),
        "{nested}"
    );
    let variant = render_err(&text, r#"{"output":"svg"}"#);
    assert!(
        variant.contains("output") && variant.contains("htmlAndMathml"),
        "{variant}"
    );
    let too_large = render_err(&text, r#"{"maxInputBytes":2}"#);
    assert!(too_large.contains("maxInputBytes"), "{too_large}");
    let not_text = render_err(&JsValue::from_f64(5.0), "{}");
    assert!(not_text.contains("must be a string"), "{not_text}");
    let not_object = render_err(&text, r#""html""#);
    assert!(not_object.contains("expected an object"), "{not_object}");

    let root = dom(&render_ok("$x$", ""));
    assert_eq!(
        count(&root, ".katex"),
        1,
        "a good call after bad ones renders"
    );
}

/// The hand-written TypeScript must list exactly the fields the Rust options have, or the
/// published types lie. Field names are read back from `Options::default()` serialized.
#[wasm_bindgen_test]
fn typescript_interfaces_match_the_options() {
    fn ts_fields(interface: &str) -> Vec<String> {
        let start = TYPESCRIPT
            .find(&format!("export interface {interface} {{"))
            .unwrap_or_else(|| panic!("interface {interface} missing"));
        let body = &TYPESCRIPT[start..];
        let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
        let mut fields: Vec<String> = body
            .lines()
            .filter_map(|l| l.trim().split_once("?:").map(|(name, _)| name.to_string()))
            .filter(|name| !name.contains(' ') && !name.starts_with('*'))
            .collect();
        fields.sort();
        fields
    }
    fn rust_fields(value: serde_json::Value) -> Vec<String> {
        let mut fields: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        fields.sort();
        fields
    }
    let options = serde_json::to_value(mathdown::Options::default()).unwrap();
    assert_eq!(ts_fields("Options"), rust_fields(options.clone()));
    assert_eq!(
        ts_fields("Delimiters"),
        rust_fields(options["delimiters"].clone())
    );
    // The hand-written JS options reader knows the same keys.
    let sorted = |keys: &[&str]| {
        let mut k: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(
        sorted(mathdown::wasm::options::OPTION_KEYS),
        rust_fields(options.clone())
    );
    assert_eq!(
        sorted(mathdown::wasm::options::DELIMITER_KEYS),
        rust_fields(options["delimiters"].clone())
    );
}

/// `mathdown-auto.js` reads a data- attribute of its tag only if it names an option: its
/// list must hold every option a string, number or boolean can set (all but `delimiters`,
/// set one by one, and `macros`), every auto-render option and `root`, and nothing else.
#[wasm_bindgen_test]
fn the_script_tags_data_options_are_the_options() {
    let js = include_str!("../js/mathdown-auto.js");
    let list = &js[js
        .find("const OPTIONS = [")
        .expect("OPTIONS in mathdown-auto.js")..];
    let list = &list[list.find('[').unwrap() + 1..list.find("];").unwrap()];
    let mut listed: Vec<&str> = list
        .split(',')
        .map(|k| k.trim().trim_matches('\''))
        .filter(|k| !k.is_empty())
        .collect();
    listed.sort_unstable();
    let mut want: Vec<&str> = mathdown::wasm::options::OPTION_KEYS
        .iter()
        .chain(mathdown::wasm::AUTO_KEYS)
        .copied()
        .filter(|k| !matches!(*k, "delimiters" | "macros"))
        .chain(["root"])
        .collect();
    want.sort_unstable();
    assert_eq!(
        listed, want,
        "mathdown-auto.js OPTIONS against the wasm's option keys"
    );
}

/// Every option the reader accepts is really applied: a non-default value for each key
/// reads back into the struct.
#[wasm_bindgen_test]
fn every_option_is_read() {
    const ALL: &str = r#"{"delimiters":{"dollar":false,"strictDollar":true,"doubleDollar":false,
        "paren":false,"bracket":false,"backtickDollar":false,"mathFence":false,"environments":false,
        "refs":false},
        "html":"escape","headingIds":false,"maxInputBytes":5,"maxTexLength":6,"compat":"none",
        "numbering":"all","leqno":true,"macros":{"\\R":"\\mathbb{R}"},"output":"mathml",
        "maxExpand":7,"maxSize":8.5,"strict":"error","fit":false,"minScale":0.25}"#;
    let o = mathdown::wasm::options::read(&js(ALL))
        .ok()
        .expect("valid options read");
    let want: serde_json::Value = serde_json::from_str(ALL).unwrap();
    assert_eq!(serde_json::to_value(&o).unwrap(), want);
}

#[wasm_bindgen_test]
fn an_option_set_to_undefined_takes_its_default() {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"output".into(), &JsValue::UNDEFINED).unwrap();
    let html = render(&"$x$".into(), &options).expect("undefined means the default");
    assert_eq!(count(&dom(&html), ".katex-mathml math"), 1, "htmlAndMathml");
}
