//! Growth stays linear on the pathological inputs of ../shared/corpus/pathological: each
//! case at N and 4N, the 4N render may take at most [`MAX_RATIO`] times as long. Quadratic
//! behaviour shows as about 16x, far above the bound;
//! the real ratios are measured by `cargo bench` (benches/core.rs).

mod common;

use mathdown::{render, Options, StandIn};
use std::time::{Duration, Instant};

/// 4x the input may cost at most this many times as much (the bound). Linear is 4,
/// quadratic 16; best-of-three timing keeps noise well under the gap.
const MAX_RATIO: f64 = 5.0;

/// Measurements of a case over the bound before it fails: quadratic growth stays over it
/// however often it is measured.
const ATTEMPTS: usize = 5;

/// Below this, timer noise dominates: repeat the render until the total reaches it.
const MIN_SAMPLE: Duration = Duration::from_millis(20);

/// Best of three samples of the time per render.
fn time_render(src: &str) -> Duration {
    let options = Options::default();
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < MIN_SAMPLE || n == 0 {
            let doc = render(src, &options, &mut StandIn::default()).unwrap();
            std::hint::black_box(doc);
            n += 1;
        }
        best = best.min(start.elapsed() / n);
    }
    best
}

#[test]
fn pathological_inputs_grow_linearly() {
    let dir = common::pathological();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("MANIFEST.json")).unwrap()).unwrap();
    let mut cases: Vec<String> = manifest
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["case"].as_str().unwrap().to_string())
        .collect();
    cases.dedup();
    assert!(cases.len() >= 20, "gen.py should give every case");
    let mut report = Vec::new();
    let mut bad = Vec::new();
    for case in &cases {
        let one = std::fs::read_to_string(dir.join(format!("{case}.1x.md"))).unwrap();
        let four = std::fs::read_to_string(dir.join(format!("{case}.4x.md"))).unwrap();
        let bytes_ratio = four.len() as f64 / one.len() as f64;
        // `backtick-increasing` grows its bytes by 4 with 2x the runs: judge by bytes.
        let limit = MAX_RATIO * bytes_ratio / 4.0;
        // Superlinear growth is systematic; load from other processes is not, and only ever
        // adds time. A case over the bound is measured again, N and 4N alternately, and each
        // keeps its fastest time: a burst of load during one sample cannot fail the test.
        let (mut t1, mut t4) = (Duration::MAX, Duration::MAX);
        let mut ratio = f64::MAX;
        for _ in 0..ATTEMPTS {
            t1 = t1.min(time_render(&one));
            t4 = t4.min(time_render(&four));
            ratio = t4.as_secs_f64() / t1.as_secs_f64();
            if ratio <= limit {
                break;
            }
        }
        report.push(format!("{case:40} {t1:>10.2?} {t4:>10.2?} {ratio:5.2}x"));
        if ratio > limit {
            bad.push(format!(
                "{case}: {ratio:.2}x for {bytes_ratio:.1}x the bytes"
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(bad.is_empty(), "superlinear growth:\n{}", bad.join("\n"));
}
