//! Core throughput: mathdown (stand-in engine) beside pulldown-cmark's own `push_html` on
//! the 40-post corpus, in the same run, plus growth on the pathological inputs.
//!
//! `cargo bench --bench core` prints criterion's figures, then a side-by-side table of
//! medians with the throughput ratio, then the N/4N growth table.

use criterion::{black_box, criterion_group, Criterion};
use mathdown::{render, Options, StandIn};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

use common::growth::{cases, keep_freed_memory, Case, Fastest};

fn corpus() -> String {
    common::read_shared("corpus/kexue/all.md")
}

fn mathdown_render(src: &str) -> usize {
    render(src, &Options::default(), &mut StandIn::default())
        .unwrap()
        .blocks
        .len()
}

fn pulldown_render(src: &str) -> usize {
    let mut out = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(
        &mut out,
        pulldown_cmark::Parser::new_ext(src, mathdown::markdown::parser_options()),
    );
    out.len()
}

fn bench_corpus(c: &mut Criterion) {
    let src = corpus();
    let mut g = c.benchmark_group("all.md");
    g.throughput(criterion::Throughput::Bytes(src.len() as u64));
    g.sample_size(30);
    g.bench_function("mathdown (stand-in engine)", |b| {
        b.iter(|| mathdown_render(black_box(&src)))
    });
    g.bench_function("pulldown-cmark push_html", |b| {
        b.iter(|| pulldown_render(black_box(&src)))
    });
    g.finish();
}

criterion_group!(benches, bench_corpus);

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Interleaved runs, so both see the same machine state: the ratio is what we report.
fn side_by_side() {
    let src = corpus();
    let rounds = 31;
    let (mut md, mut pd) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(mathdown_render(&src));
        md.push(t.elapsed());
        let t = Instant::now();
        black_box(pulldown_render(&src));
        pd.push(t.elapsed());
    }
    let (m, p) = (median(md), median(pd));
    let mb = src.len() as f64 / 1e6;
    println!(
        "\nside by side on all.md ({} bytes), median of {rounds} interleaved runs",
        src.len()
    );
    println!("| renderer | median | MB/s |");
    println!("| --- | --- | --- |");
    println!(
        "| mathdown, stand-in engine | {m:.2?} | {:.1} |",
        mb / m.as_secs_f64()
    );
    println!(
        "| pulldown-cmark push_html | {p:.2?} | {:.1} |",
        mb / p.as_secs_f64()
    );
    println!(
        "mathdown throughput = {:.2}x pulldown-cmark's (goal: at least 0.6x)",
        p.as_secs_f64() / m.as_secs_f64()
    );
}

/// Interleaved samples at N and 4N per case; each size keeps its fastest (load only adds
/// time), so the ratio shows the growth of the work, not of the machine's load.
fn growth() {
    const ROUNDS: usize = 7;
    let dir = common::pathological();
    // Last in main, so the corpus figures above see the allocator's default behaviour.
    keep_freed_memory();
    println!(
        "\npathological inputs, fastest of {ROUNDS} interleaved samples per size (release build)"
    );
    println!("| case | bytes 1x | 1x | 4x | ratio |");
    println!("| --- | --- | --- | --- | --- |");
    for name in cases(&dir) {
        let case = Case::read(&dir, &name);
        let mut fastest = Fastest::new();
        for _ in 0..ROUNDS {
            fastest.measure(&case);
        }
        println!(
            "| {name} | {} | {:.2?} | {:.2?} | {:.2}x |",
            case.one.len(),
            fastest.one,
            fastest.four,
            fastest.ratio()
        );
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    side_by_side();
    growth();
}
