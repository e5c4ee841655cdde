//! The committed fuzz corpus (fuzz/regressions/): inputs the fuzzers found interesting,
//! crashes included once fixed, replayed through the same checks as the fuzz targets on
//! every `cargo test`. `make fuzz` runs the fuzzers themselves.

use mathdown::{Options, StandIn};
use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            let data = std::fs::read(&p).unwrap();
            (p, data)
        })
        .collect();
    out.sort();
    out
}

#[path = "../fuzz/flags.rs"]
mod flags;

#[test]
fn render_corpus_replays_without_panic() {
    let all = inputs("render");
    assert!(
        all.len() >= 20,
        "the committed render corpus should not be empty"
    );
    for (path, data) in all {
        let Some((&flags, rest)) = data.split_first() else {
            continue;
        };
        let Ok(src) = std::str::from_utf8(rest) else {
            continue;
        };
        let doc = mathdown::render(src, &flags::options(flags), &mut StandIn::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for b in &doc.blocks {
            assert!(
                b.range.end <= src.len(),
                "{}: block range out of the input",
                path.display()
            );
        }
    }
}

#[test]
fn scan_corpus_replays_with_well_formed_spans() {
    let all = inputs("scan");
    assert!(
        all.len() >= 20,
        "the committed scan corpus should not be empty"
    );
    let opts = Options::default();
    for (path, data) in all {
        let Ok(src) = std::str::from_utf8(&data) else {
            continue;
        };
        let regions = mathdown::regions::Regions::read(src, mathdown::markdown::parser_options());
        let spans = mathdown::scan::scan(src, &regions, &opts.delimiters);
        let mut last = 0;
        for s in &spans {
            assert!(
                s.range.start >= last && s.range.start < s.range.end && s.range.end <= src.len(),
                "{}: spans should be ordered, disjoint and in bounds",
                path.display()
            );
            last = s.range.end;
        }
    }
}
