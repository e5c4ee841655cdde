//! Spec-format fixtures in tests/fixtures/*.txt: Markdown with math in, HTML out, through
//! the full pipeline with the stand-in engine. Formula markup is compacted (see
//! `common::compact_formulas`); the exact markup contract has its own test in `contract.rs`.
//!
//! `MATHDOWN_BLESS=1 cargo test --test fixtures` rewrites the expected HTML from the current
//! output, for review in `git diff`: never bless without reading every changed example.

mod common;

use common::{compact_formulas, parse_examples};
use mathdown::{render, Options, StandIn};
use std::path::PathBuf;

fn fixture_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn render_example(input: &str, options: &str) -> String {
    let options: Options = if options.is_empty() {
        Options::default()
    } else {
        serde_json::from_str(options).unwrap_or_else(|e| panic!("bad options {options}: {e}"))
    };
    let doc = render(input, &options, &mut StandIn::default()).unwrap();
    compact_formulas(&doc.html())
}

#[test]
fn fixtures() {
    let bless = std::env::var_os("MATHDOWN_BLESS").is_some();
    let mut failures = Vec::new();
    let mut total = 0;
    for path in fixture_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let examples = parse_examples(&text);
        assert!(!examples.is_empty(), "{} holds no examples", path.display());
        let mut blessed = text.clone();
        for ex in &examples {
            total += 1;
            let got = render_example(&ex.input, &ex.options);
            if got.trim_end() != ex.expected.trim_end() {
                if bless {
                    let old = format!("{}.\n{}", ex.input, ex.expected);
                    let new = format!("{}.\n{}\n", ex.input, got.trim_end());
                    blessed = blessed.replacen(&old, &new, 1);
                } else {
                    failures.push(format!(
                        "{} example {} ({}):\n--- input\n{}--- expected\n{}--- got\n{}\n",
                        path.file_name().unwrap().to_string_lossy(),
                        ex.number,
                        ex.title,
                        ex.input,
                        ex.expected,
                        got
                    ));
                }
            }
        }
        if bless && blessed != text {
            std::fs::write(&path, blessed).unwrap();
        }
    }
    assert!(total > 0);
    assert!(
        failures.is_empty(),
        "{} of {total} fixtures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
