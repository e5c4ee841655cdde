//! Where the time goes: each pipeline phase on one file, interleaved with pulldown-cmark's
//! `push_html` on the same text so that every figure is also a ratio to it (the machine's
//! load cancels out). `cargo run --profile bench --example phases -- FILE [ROUNDS]`.
//!
//! Each phase runs on the previous phases' output, computed once; `render` is the whole
//! pipeline (what `cargo bench --bench core` times). Medians and minimums over the rounds.
use mathdown::{markdown, protect, regions, scan, tex, write, Options, StandIn};
use std::time::Instant;

/// Rounds when none is given: enough for a stable median on a loaded machine.
const DEFAULT_ROUNDS: usize = 41;

type Phase<'a> = (&'static str, Box<dyn Fn() -> usize + 'a>);

fn main() {
    let mut args = std::env::args().skip(1);
    let src = std::fs::read_to_string(args.next().expect("FILE")).unwrap();
    let rounds = args.next().map_or(DEFAULT_ROUNDS, |n| n.parse().unwrap());
    let md = markdown::parser_options();
    let o = Options::default();
    let regions = regions::Regions::read(&src, md);
    let spans = scan::scan(&src, &regions, &o.delimiters);
    let prot = protect::Protected::new(&src, &spans);
    let texp = tex::TexPass::new(&spans, &o);
    let phases: Vec<Phase> = vec![
        (
            "push_html",
            Box::new(|| {
                let mut s = String::with_capacity(src.len() * 3 / 2);
                pulldown_cmark::html::push_html(&mut s, pulldown_cmark::Parser::new_ext(&src, md));
                s.len()
            }),
        ),
        (
            "regions",
            Box::new(|| regions::Regions::read(&src, md).breaks.len()),
        ),
        (
            "scan",
            Box::new(|| scan::scan(&src, &regions, &o.delimiters).len()),
        ),
        (
            "protect",
            Box::new(|| protect::Protected::new(&src, &spans).text.len()),
        ),
        (
            "tex pass",
            Box::new(|| tex::TexPass::new(&spans, &o).formulas.len()),
        ),
        (
            "events",
            Box::new(|| markdown::events(&prot, &src, true).count()),
        ),
        (
            "events+write",
            Box::new(|| {
                let mut e = StandIn::default();
                write::Writer::new(&src, &spans, &texp, &prot, &o, &mut e)
                    .run(markdown::events(&prot, &src, true))
                    .blocks
                    .len()
            }),
        ),
        (
            "render",
            Box::new(|| {
                mathdown::render(&src, &o, &mut StandIn::default())
                    .unwrap()
                    .blocks
                    .len()
            }),
        ),
    ];
    let mut times = vec![Vec::new(); phases.len()];
    for _ in 0..rounds {
        for (k, (_, f)) in phases.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(f());
            times[k].push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    for v in &mut times {
        v.sort_by(f64::total_cmp);
    }
    let (med, min) = (|v: &[f64]| v[v.len() / 2], |v: &[f64]| v[0]);
    let html_bytes = mathdown::render(&src, &o, &mut StandIn::default())
        .unwrap()
        .html()
        .len();
    println!(
        "{} bytes, {} spans, HTML {} bytes (push_html {}); ms and x push_html, {rounds} rounds",
        src.len(),
        spans.len(),
        html_bytes,
        phases[0].1()
    );
    for (k, (name, _)) in phases.iter().enumerate() {
        let v = &times[k];
        println!(
            "{name:13} median {:7.3} ms {:5.2}x   min {:7.3} ms {:5.2}x",
            med(v),
            med(v) / med(&times[0]),
            min(v),
            min(v) / min(&times[0])
        );
    }
}
