//! Render one file many times (for profiling): `cargo run --release --example loop -- FILE N`.
fn main() {
    let mut args = std::env::args().skip(1);
    let src = std::fs::read_to_string(args.next().unwrap()).unwrap();
    let n: usize = args.next().map_or(50, |s| s.parse().unwrap());
    let o = mathdown::Options::default();
    for _ in 0..n {
        let doc = mathdown::render(&src, &o, &mut mathdown::StandIn::default()).unwrap();
        std::hint::black_box(doc);
    }
}
