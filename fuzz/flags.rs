//! How the render fuzz target (and the regression replay in tests/fuzz_regressions.rs)
//! turn the first input byte into options, so both exercise the same configurations.

use mathdown::{Delimiters, HtmlPolicy, Numbering, Options};

pub fn options(flags: u8) -> Options {
    Options {
        delimiters: Delimiters {
            dollar: flags & 1 == 0,
            strict_dollar: flags & 2 != 0,
            paren: flags & 4 == 0,
            ..Delimiters::default()
        },
        html: [
            HtmlPolicy::Sanitize,
            HtmlPolicy::Escape,
            HtmlPolicy::Allow,
            HtmlPolicy::Sanitize,
        ][(flags >> 3 & 3) as usize],
        numbering: [
            Numbering::Ams,
            Numbering::All,
            Numbering::None,
            Numbering::Ams,
        ][(flags >> 5 & 3) as usize],
        ..Options::default()
    }
}
