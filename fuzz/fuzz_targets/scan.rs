//! Fuzz the math scanner: block regions and math spans for any text, never a panic, and
//! every span well formed (in bounds, on char boundaries, in order, not overlapping).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        mathdown_fuzz_check(src);
    }
});

fn mathdown_fuzz_check(src: &str) {
    let opts = mathdown::Options::default();
    let regions = mathdown::regions::Regions::read(src, mathdown::markdown::parser_options());
    let spans = mathdown::scan::scan(src, &regions, &opts.delimiters);
    let mut last = 0;
    for s in &spans {
        assert!(s.range.start >= last && s.range.start < s.range.end && s.range.end <= src.len());
        assert!(src.is_char_boundary(s.range.start) && src.is_char_boundary(s.range.end));
        last = s.range.end;
    }
}
