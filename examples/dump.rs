//! Everything `render` returns, for many inputs under many option sets, as one text file:
//! a change meant only to make the core faster must leave this file byte for byte as it was.
//! `cargo run --release --example dump -- OUT PATH...`: each PATH is a Markdown file, a
//! directory of them (every file in it), or a spec-format file (`*.txt`), whose examples
//! are each rendered on their own.
use mathdown::{render, Compat, HtmlPolicy, Numbering, Options, StandIn};
use std::collections::hash_map::DefaultHasher;
use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// The fence spec-format files put around each example.
const EXAMPLE_FENCE: &str = "```````````````````````````````` example";

/// Formula length limit for the option set that exercises the "too long" error box.
const SHORT_TEX_LIMIT: usize = 40;

fn option_sets() -> Vec<(&'static str, Options)> {
    let mut sets = vec![("default", Options::default())];
    let mut add = |name, f: fn(&mut Options)| {
        let mut o = Options::default();
        f(&mut o);
        sets.push((name, o));
    };
    add("escape", |o| o.html = HtmlPolicy::Escape);
    add("allow", |o| o.html = HtmlPolicy::Allow);
    add("dollar-off", |o| o.delimiters.dollar = false);
    add("strict-dollar", |o| o.delimiters.strict_dollar = true);
    add("tex-off", |o| {
        o.delimiters.double_dollar = false;
        o.delimiters.paren = false;
        o.delimiters.bracket = false;
        o.delimiters.environments = false;
        o.delimiters.math_fence = false;
        o.delimiters.backtick_dollar = false;
    });
    add("plain", |o| {
        o.compat = Compat::None;
        o.numbering = Numbering::None;
        o.heading_ids = false;
    });
    add("number-all", |o| {
        o.numbering = Numbering::All;
        o.macros.insert("\\R".into(), "\\mathbb{R}".into());
    });
    add("short-tex", |o| o.max_tex_length = SHORT_TEX_LIMIT);
    sets
}

fn inputs(path: &Path, out: &mut Vec<(String, String)>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_file() {
                inputs(&p, out);
            }
        }
        return;
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let name = path.display().to_string();
    if name.ends_with(".txt") && text.contains(EXAMPLE_FENCE) {
        for (k, ex) in text.split(EXAMPLE_FENCE).skip(1).enumerate() {
            let body = ex
                .split("\n````````````````````````````````")
                .next()
                .unwrap();
            let md = body.split("\n.\n").next().unwrap().trim_start_matches('\n');
            out.push((format!("{name}#{k}"), md.replace('→', "\t") + "\n"));
        }
    } else {
        out.push((name, text));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out_path = args.next().expect("OUT");
    let mut all = Vec::new();
    for p in args {
        inputs(Path::new(&p), &mut all);
    }
    // Full output with DUMP_FULL set; otherwise one hash per input and option set, which
    // is enough to find what changed (then dump that input in full).
    let full = std::env::var_os("DUMP_FULL").is_some();
    let mut dump = String::new();
    for (name, src) in &all {
        for (set, o) in option_sets() {
            let mut entry = String::new();
            match render(src, &o, &mut StandIn::default()) {
                Err(e) => writeln!(entry, "error {e:?}").unwrap(),
                Ok(doc) => {
                    writeln!(entry, "formulas {} errors {}", doc.formulas, doc.errors).unwrap();
                    for d in &doc.diagnostics {
                        writeln!(entry, "diag {:?} {}", d.range, d.message()).unwrap();
                    }
                    for b in &doc.blocks {
                        writeln!(entry, "block {} {:?}\n{}", b.key, b.range, b.html).unwrap();
                    }
                }
            }
            if full {
                writeln!(dump, "=== {name} [{set}]\n{entry}").unwrap();
            } else {
                let mut h = DefaultHasher::new();
                entry.hash(&mut h);
                writeln!(dump, "{:016x} {} {name} [{set}]", h.finish(), entry.len()).unwrap();
            }
        }
    }
    std::fs::write(&out_path, dump).unwrap();
    eprintln!("{} inputs x {} option sets", all.len(), option_sets().len());
}
