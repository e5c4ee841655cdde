//! Time one render of each file given (release build): `cargo run --release --example timecase -- FILES`.
fn main() {
    for p in std::env::args().skip(1) {
        let src = std::fs::read_to_string(&p).unwrap();
        let t = std::time::Instant::now();
        let doc = mathdown::render(
            &src,
            &mathdown::Options::default(),
            &mut mathdown::StandIn::default(),
        )
        .unwrap();
        println!(
            "{:60} {:>8} bytes {:>10.2?} formulas {}",
            p,
            src.len(),
            t.elapsed(),
            doc.formulas
        );
    }
}
