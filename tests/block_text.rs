//! The block-structure pass reads a blanked copy of the source (`mathdown::blank`): it must
//! find exactly the regions it finds in the source itself, for every input the suites have
//! (the corpus, every spec and fixture example, the pathological inputs) and for random
//! sequences of the fragments block structure turns on.

mod common;

use mathdown::markdown::parser_options;
use mathdown::regions::Regions;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn assert_same_regions(name: &str, src: &str) {
    let blanked = Regions::read(src, parser_options());
    let exact = Regions::read_exact(src, parser_options());
    assert_eq!(blanked, exact, "{name}: regions differ for {src:?}");
}

/// Every file of a directory, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn corpus_posts() {
    for p in files(&common::shared("corpus/kexue")) {
        if p.extension().is_some_and(|e| e == "md") {
            let src = std::fs::read_to_string(&p).unwrap();
            assert_same_regions(&p.display().to_string(), &src);
        }
    }
}

#[test]
fn spec_and_fixture_examples() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        common::shared("specs"),
        root.join("tests/fixtures"),
        root.join("tests/compat"),
    ];
    let mut n = 0;
    for dir in dirs {
        for p in files(&dir) {
            if p.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for ex in common::parse_examples(&text) {
                let name = format!("{} example {}", p.display(), ex.number);
                assert_same_regions(&name, &ex.input);
                // The same example with CRLF and with lone CR line endings.
                assert_same_regions(&name, &ex.input.replace('\n', "\r\n"));
                assert_same_regions(&name, &ex.input.replace('\n', "\r"));
                n += 1;
            }
        }
    }
    assert!(n > 800, "only {n} examples found");
}

#[test]
fn xss_vectors() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/xss/vectors.txt")).unwrap();
    for (k, v) in text.split("\n%%%\n").enumerate() {
        assert_same_regions(&format!("xss vector {k}"), v);
    }
}

#[test]
fn pathological_inputs() {
    let out = common::pathological();
    for p in files(&out) {
        if p.to_string_lossy().ends_with(".1x.md") {
            let src = std::fs::read_to_string(&p).unwrap();
            assert_same_regions(&p.display().to_string(), &src);
        }
    }
}

#[test]
fn fuzz_regressions() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for target in ["render", "scan"] {
        for p in files(&root.join(target)) {
            let data = std::fs::read(&p).unwrap();
            // The render target reads its first byte as flags; try the text with and without.
            for text in [&data[..], data.get(1..).unwrap_or_default()] {
                if let Ok(src) = std::str::from_utf8(text) {
                    assert_same_regions(&p.display().to_string(), src);
                }
            }
        }
    }
}

/// Inputs the property test below found, kept as they were found.
#[test]
fn found_by_random_fragments() {
    for src in [
        // A lone CR after a fence: its info string runs on into the next line.
        "p\r数1) \\<``\r\n```\r>\\\\|\\alpha``\\*",
        // An escaped `?` before `>`: the end of a `<?` HTML block.
        "<?\n&\\?>\\\n\r\n",
    ] {
        assert_same_regions("found", src);
    }
}

/// The edge cases of the blanking rules: container and list markers, lines whose start is
/// kept, escapes (kept and blanked), hard breaks, table pipes, link reference definitions
/// spread over lines, HTML block ends, every line ending.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    " ",
    "   ",
    "    ",
    "\t",
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "-",
    "*",
    "+",
    "1. ",
    "1) ",
    "2. ",
    "1234567890. ",
    "a",
    "x_1",
    "_",
    "__",
    "**",
    "~",
    "~~",
    "~~~",
    "`",
    "``",
    "```",
    "&",
    "&amp;",
    "&#35;",
    "\\",
    "\\\\",
    "\\|",
    "\\\\|",
    "\\*",
    "\\_",
    "\\{",
    "\\`",
    "\\[",
    "\\]",
    "\\(",
    "\\)",
    "\\\"",
    "\\<",
    "\\alpha",
    "\\\n",
    "|",
    "| a |",
    "|---|",
    "---",
    "===",
    "***",
    "* * *",
    "_ _ _",
    "#",
    "# ",
    "[",
    "]",
    "]:",
    "[a]: ",
    "[a]:",
    "[^1]: ",
    "[^1]",
    "[ ] ",
    "[x] ",
    "(",
    ")",
    "\"",
    "'",
    "<",
    ">",
    "/url",
    "<url>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<?",
    "?>",
    "<![CDATA[",
    "]]>",
    "<!X",
    "é",
    "数",
    "$",
    "$$",
    // Appended, so the saved regression seeds keep their fragments.
    "\\?",
    "\\-",
    "\\?>",
    "\\-->",
    "\\]]>",
    "\\\\?>",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn random_fragments(parts in proptest::collection::vec(0..FRAGMENTS.len(), 0..40)) {
        let src: String = parts.iter().map(|&i| FRAGMENTS[i]).collect();
        assert_same_regions("fragments", &src);
    }
}
