//! Growth stays linear on the pathological inputs of ../shared/corpus/pathological: each
//! case at N and 4N, the 4N render may take at most [`MAX_RATIO`] times as long. Quadratic
//! behaviour shows as about 16x, far above the bound; the benchmark (benches/core.rs) prints
//! the same ratios from a release build, where the 5x is shown, and
//! `scripts/instructions.sh` counts instructions.

mod common;

use common::growth::{cases, keep_freed_memory, Case, Fastest};

/// 4x the input may cost at most this many times as much: a generous margin over linear
/// work (4x), as the issue asks of the test, and far below what superlinear growth costs
/// (n^1.5 is 8x, quadratic 16x). The 5x is what the benchmark shows (release
/// build, at most 4.41x on 2026-12-03). This debug build measured up to 4.96x on a quiet
/// machine and 5.53x once under load for `ddollars-line`, whose 4N output (12.7 MB in one
/// block) no longer fits the caches its N output fits in, with the instructions at 3.89x.
const MAX_RATIO: f64 = 6.0;

/// Interleaved samples of a case over the bound before it is set aside: a quadratic case
/// stays over it however often it is measured, a burst of load does not.
const ATTEMPTS: usize = 8;

/// A case still over the bound is measured again after the others and this pause, so that
/// load lasting longer than its attempts (another VM on the host, a build beside the test)
/// has had time to pass. Costs nothing when every case is within the bound.
const PAUSE: std::time::Duration = std::time::Duration::from_secs(3);

/// More samples for `fastest` until it is within `limit` or `ATTEMPTS` more were taken.
fn settle(fastest: &mut Fastest, case: &Case, limit: f64) {
    for _ in 0..ATTEMPTS {
        fastest.measure(case);
        if fastest.ratio() <= limit {
            break;
        }
    }
}

#[test]
fn pathological_inputs_grow_linearly() {
    let dir = common::pathological();
    let cases = cases(&dir);
    keep_freed_memory();
    assert!(cases.len() >= 20, "gen.py should give every case");
    let limit = |case: &Case| MAX_RATIO * case.bytes_ratio() / 4.0;
    let mut results = Vec::new();
    for name in &cases {
        let case = Case::read(&dir, name);
        let mut fastest = Fastest::new();
        settle(&mut fastest, &case, limit(&case));
        results.push((name, case, fastest));
    }
    for (_, case, fastest) in &mut results {
        if fastest.ratio() > limit(case) {
            std::thread::sleep(PAUSE);
            settle(fastest, case, limit(case));
        }
    }
    let mut bad = Vec::new();
    for (name, case, fastest) in &results {
        let ratio = fastest.ratio();
        println!(
            "{name:40} {:>10.2?} {:>10.2?} {ratio:5.2}x",
            fastest.one, fastest.four
        );
        if ratio > limit(case) {
            bad.push(format!(
                "{name}: {ratio:.2}x for {:.1}x the bytes, should be at most {:.2}x",
                case.bytes_ratio(),
                limit(case)
            ));
        }
    }
    assert!(bad.is_empty(), "superlinear growth:\n{}", bad.join("\n"));
}
