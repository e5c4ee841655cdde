//! Fuzz the whole render path with the stand-in engine: the first byte picks the options
//! (delimiters, HTML policy, numbering), the rest is the Markdown. Never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mathdown::StandIn;

#[path = "../flags.rs"]
mod flags;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let options = flags::options(flags);
    let doc = mathdown::render(src, &options, &mut StandIn::default()).expect("small input");
    for b in &doc.blocks {
        assert!(b.range.end <= src.len());
    }
});
