//! Time each pipeline phase on one file (release): where does the time go?
use mathdown::*;
use std::time::Instant;
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(p).unwrap();
    let o = Options::default();
    for _ in 0..3 {
        let t = Instant::now();
        let regions = regions::Regions::read(&src, markdown::parser_options());
        let t1 = t.elapsed();
        let spans = scan::scan(&src, &regions, &o.delimiters);
        let t2 = t.elapsed();
        let prot = protect::Protected::new(&src, &spans);
        let t3 = t.elapsed();
        let n = markdown::events(&prot, true).count();
        let t4 = t.elapsed();
        let mut e = StandIn::default();
        let tex = tex::TexPass::new(&spans, &o);
        let w = write::Writer::new(&src, &spans, &tex, &prot, &o, &mut e)
            .run(markdown::events(&prot, true));
        let t5 = t.elapsed();
        let doc = render(&src, &o, &mut StandIn::default()).unwrap();
        let t6 = t.elapsed();
        println!("regions {t1:.2?} scan {:.2?} protect {:.2?} events({n}) {:.2?} write {:.2?} full render {:.2?} blocks {} spans {}",
            t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, w.blocks.len(), spans.len());
        std::hint::black_box(doc);
    }
}
