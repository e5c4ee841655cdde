//! The incremental layer is exact: after any sequence of edits, the spliced document equals
//! a full render of the new source (blocks' HTML, ranges and keys, counts, diagnostics).
//! Random edits on corpus posts, plus random fragments, so the window logic meets fences,
//! lists, display math, tables, headings and numbering it must re-synchronise around or
//! fall back on.

mod common;

use mathdown::incremental::Incremental;
use mathdown::{render, HtmlPolicy, Options, StandIn};
use proptest::prelude::*;

/// Fragments that change block structure or math when typed anywhere.
const FRAGMENTS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\n\n",
    "$",
    "$$",
    "$x$",
    "\\[",
    "\\]",
    "\\(",
    "\\begin{equation}",
    "\\end{equation}",
    "\\begin{aligned}",
    "\\label{q}",
    "\\eqref{q}",
    "\\tag{9}",
    "{",
    "}",
    "`",
    "```\n",
    "```math\n",
    "~~~",
    "> ",
    "- ",
    "1. ",
    "    ",
    "  ",
    "\t",
    "|",
    "| a | b |\n|---|---|\n",
    "# ",
    "## Title\n",
    "===\n",
    "---\n",
    "***",
    "*",
    "_",
    "<div>\n",
    "</div>",
    "<!--",
    "-->",
    "<pre>",
    "[link](http://e.com)",
    "é",
    "数学",
    "\r\n",
    // Last: once typed these make every later update a full render.
    "[ref]: /u\n",
    "[^1]",
    "\\newcommand{\\R}{\\mathbb R}",
];

/// Fragments that do not force full renders forever after.
const TRANSIENT: usize = FRAGMENTS.len() - 3;

const POSTS: &[&str] = &["10114.md", "10958.md", "11033.md", "3757.md", "9467.md"];

#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    Replace(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let frag = 0..FRAGMENTS.len();
    prop_oneof![
        4 => (any::<usize>(), frag.clone()).prop_map(|(p, f)| Edit::Insert(p, f)),
        3 => (any::<usize>(), 1..40usize).prop_map(|(p, n)| Edit::Delete(p, n)),
        2 => (any::<usize>(), 1..8usize, frag).prop_map(|(p, n, f)| Edit::Replace(p, n, f)),
    ]
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Edits cluster: half of them land near the previous one, as typing does.
fn apply(src: &str, e: &Edit, near: &mut usize, frags: usize) -> String {
    let pick = |p: usize, near: usize| {
        let p = if p % 2 == 0 {
            near + (p / 2) % 64
        } else {
            p / 2
        };
        floor(src, p % (src.len() + 1))
    };
    let mut s = src.to_string();
    match *e {
        Edit::Insert(p, f) => {
            let at = pick(p, *near);
            s.insert_str(at, FRAGMENTS[f % frags]);
            *near = at;
        }
        Edit::Delete(p, n) | Edit::Replace(p, n, _) => {
            let at = pick(p, *near);
            let end = floor(src, (at + n).min(src.len()));
            s.replace_range(at..end, "");
            if let Edit::Replace(_, _, f) = *e {
                s.insert_str(at, FRAGMENTS[f % frags]);
            }
            *near = at;
        }
    }
    s
}

fn check_sequence(
    start: &str,
    edits: &[Edit],
    options: &Options,
    frags: usize,
) -> Result<(), TestCaseError> {
    let mut inc = Incremental::new(options.clone());
    inc.update(start, &mut StandIn::default()).unwrap();
    let mut src = start.to_string();
    let mut near = src.len() / 2;
    for e in edits {
        src = apply(&src, e, &mut near, frags);
        inc.update(&src, &mut StandIn::default()).unwrap();
        let want = render(&src, options, &mut StandIn::default()).unwrap();
        let got = inc.document();
        if got != &want {
            let i = got
                .blocks
                .iter()
                .zip(&want.blocks)
                .position(|(a, b)| a != b)
                .unwrap_or(got.blocks.len().min(want.blocks.len()));
            let show = |d: &mathdown::Document| d.blocks.get(i).cloned();
            return Err(TestCaseError::fail(format!(
                "after {e:?}: first difference at block {i} of {}/{}:\n incremental {:?}\n full {:?}\n counts {}/{} vs {}/{}\n near: {:?}",
                got.blocks.len(),
                want.blocks.len(),
                show(got),
                show(&want),
                got.formulas,
                got.errors,
                want.formulas,
                want.errors,
                &src[floor(&src, near.saturating_sub(80))..floor(&src, (near + 80).min(src.len()))],
            )));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_on_corpus_posts_equal_a_full_render(
        post in 0..POSTS.len(),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let src = common::read_shared(&format!("corpus/kexue/{}", POSTS[post]));
        check_sequence(&src, &edits, &Options::default(), FRAGMENTS.len())?;
    }

    #[test]
    fn random_edits_on_fragment_documents_equal_a_full_render(
        start in prop::collection::vec(0..FRAGMENTS.len(), 0..60),
        edits in prop::collection::vec(edit(), 1..16),
        escape in any::<bool>(),
        sticky in prop::bool::weighted(0.2),
    ) {
        let frags = if sticky { FRAGMENTS.len() } else { TRANSIENT };
        let src: String = start.iter().map(|&i| FRAGMENTS[i % frags]).collect();
        let options = Options {
            html: if escape { HtmlPolicy::Escape } else { HtmlPolicy::Sanitize },
            ..Options::default()
        };
        check_sequence(&src, &edits, &options, frags)?;
    }
}

/// The point of it all: typing in a paragraph of the 800 KB corpus re-renders one window,
/// not the document.
#[test]
fn typing_in_the_whole_corpus_stays_in_a_window() {
    let src = common::read_shared("corpus/kexue/all.md");
    let options = Options::default();
    let mut inc = Incremental::new(options.clone());
    inc.update(&src, &mut StandIn::default()).unwrap();
    // A paragraph with inline math and no numbering constructs, far from both ends.
    let doc = inc.document();
    let block = doc
        .blocks
        .iter()
        .skip(doc.blocks.len() / 2)
        .find(|b| {
            let text = &src[b.range.clone()];
            b.html.starts_with("<p>") && text.contains('$') && !text.contains('\\')
        })
        .expect("a paragraph with math")
        .clone();
    let mut edited = src.clone();
    let mut at = block.range.start + 1;
    while !edited.is_char_boundary(at) {
        at += 1;
    }
    for c in "typed".chars() {
        edited.insert(at, c);
        at += c.len_utf8();
        let splice = inc.update(&edited, &mut StandIn::default()).unwrap();
        assert_eq!(splice.full, None, "a keystroke fell back to a full render");
        assert!(
            splice.removed <= 3 && splice.inserted <= 3,
            "window too large: {splice:?}"
        );
    }
    let want = render(&edited, &options, &mut StandIn::default()).unwrap();
    assert_eq!(inc.document(), &want);
}
