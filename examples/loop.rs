//! Render one file many times (for profiling): `cargo run --release --example loop -- FILE N`.
//! `-- FILE N pulldown` runs pulldown-cmark's own `push_html` instead, the baseline the
//! core is measured against (`cargo bench --bench core`), so instruction counts compare.
fn main() {
    let mut args = std::env::args().skip(1);
    let src = std::fs::read_to_string(args.next().unwrap()).unwrap();
    let n: usize = args.next().map_or(50, |s| s.parse().unwrap());
    let pulldown = args.next().as_deref() == Some("pulldown");
    let o = mathdown::Options::default();
    for _ in 0..n {
        if pulldown {
            let mut out = String::with_capacity(src.len() * 3 / 2);
            let md = mathdown::markdown::parser_options();
            pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(&src, md));
            std::hint::black_box(out);
        } else {
            let doc = mathdown::render(&src, &o, &mut mathdown::StandIn::default()).unwrap();
            std::hint::black_box(doc);
        }
    }
}
