//! Growth stays linear on the pathological inputs of ../shared/corpus/pathological: each
//! case at N and 4N, the 4N render may take at most [`MAX_RATIO`] times as long. Quadratic
//! behaviour shows as about 16x, far above the bound; the benchmark (benches/core.rs) prints
//! the same ratios from a release build, and `scripts/instructions.sh` counts instructions.

mod common;

use common::growth::{cases, keep_freed_memory, Case, Fastest};

/// 4x the input may cost at most this many times as much (the bound). Linear work
/// is 4x: the instruction counts grow at most 4.08x on every case (`scripts/instructions.sh`),
/// but the time of a debug build measures up to about 4.9x on a quiet machine, as the 4N
/// inputs and their output no longer fit in the caches the N ones fit in.
const MAX_RATIO: f64 = 5.0;

/// Interleaved samples of a case over the bound before it fails: a quadratic case stays
/// over it however often it is measured, a burst of load does not.
const ATTEMPTS: usize = 8;

#[test]
fn pathological_inputs_grow_linearly() {
    let dir = common::pathological();
    let cases = cases(&dir);
    keep_freed_memory();
    assert!(cases.len() >= 20, "gen.py should give every case");
    let mut report = Vec::new();
    let mut bad = Vec::new();
    for name in &cases {
        let case = Case::read(&dir, name);
        let limit = MAX_RATIO * case.bytes_ratio() / 4.0;
        let mut fastest = Fastest::new();
        for _ in 0..ATTEMPTS {
            fastest.measure(&case);
            if fastest.ratio() <= limit {
                break;
            }
        }
        let ratio = fastest.ratio();
        report.push(format!(
            "{name:40} {:>10.2?} {:>10.2?} {ratio:5.2}x",
            fastest.one, fastest.four
        ));
        if ratio > limit {
            bad.push(format!(
                "{name}: {ratio:.2}x for {:.1}x the bytes, should be at most {limit:.2}x",
                case.bytes_ratio()
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(bad.is_empty(), "superlinear growth:\n{}", bad.join("\n"));
}
