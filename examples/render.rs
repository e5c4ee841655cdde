//! Render a Markdown file (or stdin) with the stand-in engine and print the HTML.
use std::io::Read;
fn main() {
    let mut src = String::new();
    match std::env::args().nth(1) {
        Some(p) => src = std::fs::read_to_string(p).expect("read input"),
        None => {
            std::io::stdin()
                .read_to_string(&mut src)
                .expect("read stdin");
        }
    }
    let doc = mathdown::render(
        &src,
        &mathdown::Options::default(),
        &mut mathdown::StandIn::default(),
    )
    .expect("render");
    print!("{}", doc.html());
}
