//! Time pulldown-cmark alone on each file given, for comparison with `timecase`.
fn main() {
    for p in std::env::args().skip(1) {
        let src = std::fs::read_to_string(&p).unwrap();
        let t = std::time::Instant::now();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new_ext(&src, mathdown::markdown::parser_options()));
        println!("{:60} {:>10.2?}", p, t.elapsed());
    }
}
