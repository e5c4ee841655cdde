//! The benchmark's growth figures for chosen cases, from a release build, without the rest
//! of the benchmark: `cargo run --release --example growth -- DIR [CASE...]`, where DIR is
//! gen.py's output folder (every case when none is named).
#[path = "../tests/common/growth.rs"]
mod growth;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("gen.py's output folder"));
    let mut names: Vec<String> = args.collect();
    if names.is_empty() {
        names = growth::cases(&dir);
    }
    growth::keep_freed_memory();
    for name in names {
        let case = growth::Case::read(&dir, &name);
        let mut fastest = growth::Fastest::new();
        for _ in 0..7 {
            fastest.measure(&case);
        }
        println!(
            "{name:40} {:>10.2?} {:>10.2?} {:5.2}x for {:.1}x the bytes",
            fastest.one,
            fastest.four,
            fastest.ratio(),
            case.bytes_ratio()
        );
    }
}
