//! The page's text as auto-render reads it: runs of adjacent text nodes and `<br>`s under
//! one element (a formula may be split across them: `$$a \\<br>b$$`, or text nodes a
//! script appended one by one), and turning a stretch of a run into one element.
//!
//! Offsets in a run are UTF-8 byte offsets into its joined text (what the scanner reads);
//! each node keeps its start, and DOM offsets are computed in UTF-16 only where a range
//! boundary falls.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

/// What a `<br>` is in a run's text: a line break, as the writer meant it.
const BR_TEXT: &str = "\n";

enum Piece {
    Text(Node),
    Break(Element),
}

/// Adjacent text nodes and `<br>`s, in order, with their joined text.
#[derive(Default)]
pub struct Run {
    pieces: Vec<(usize, Piece)>,
    pub text: String,
}

impl Run {
    fn push_text(&mut self, node: Node) {
        let data = node.node_value().unwrap_or_default();
        self.pieces.push((self.text.len(), Piece::Text(node)));
        self.text.push_str(&data);
    }

    fn push_break(&mut self, br: Element) {
        self.pieces.push((self.text.len(), Piece::Break(br)));
        self.text.push_str(BR_TEXT);
    }

    fn end_of(&self, i: usize) -> usize {
        self.pieces
            .get(i + 1)
            .map_or(self.text.len(), |(start, _)| *start)
    }

    /// Set one end of `range` at byte `at`. A start that falls between two pieces goes at
    /// the start of the next, an end at the end of the previous, so a formula's element
    /// takes only the nodes its text came from.
    fn set(&self, range: &web_sys::Range, at: usize, end: bool) -> Result<(), JsValue> {
        let last = self.pieces.len().saturating_sub(1);
        let i = if end {
            self.pieces.iter().rposition(|(s, _)| *s < at).unwrap_or(0)
        } else {
            (0..self.pieces.len())
                .find(|&i| at < self.end_of(i))
                .unwrap_or(last)
        };
        let (start, piece) = &self.pieces[i];
        match piece {
            Piece::Text(node) => {
                let units = self.text[*start..at.clamp(*start, self.end_of(i))]
                    .encode_utf16()
                    .count() as u32;
                if end {
                    range.set_end(node, units)
                } else {
                    range.set_start(node, units)
                }
            }
            Piece::Break(br) => match (end, at > *start) {
                (false, false) => range.set_start_before(br),
                (false, true) => range.set_start_after(br),
                (true, false) => range.set_end_before(br),
                (true, true) => range.set_end_after(br),
            },
        }
    }

    /// Replace the nodes holding `text[bytes]` with `el`. Call for later stretches first:
    /// replacing one leaves every earlier offset of the run valid.
    pub fn replace(
        &self,
        doc: &Document,
        bytes: std::ops::Range<usize>,
        el: &Element,
    ) -> Result<(), JsValue> {
        let range = doc.create_range()?;
        self.set(&range, bytes.start, false)?;
        self.set(&range, bytes.end, true)?;
        range.delete_contents()?;
        range.insert_node(el)
    }
}

/// Every run under `root` worth scanning (holding `$` or `\`), skipping elements that match
/// `skip` (and `root` itself if it matches).
pub fn runs(root: &Node, skip: &str) -> Result<Vec<Run>, JsValue> {
    let mut out = Vec::new();
    if let Some(el) = root.dyn_ref::<Element>() {
        if el.matches(skip)? {
            return Ok(out);
        }
        collect(el, skip, &mut out)?;
    } else if root.node_type() == Node::TEXT_NODE {
        let mut run = Run::default();
        run.push_text(root.clone());
        keep(run, &mut out);
    }
    Ok(out)
}

fn collect(el: &Element, skip: &str, out: &mut Vec<Run>) -> Result<(), JsValue> {
    let mut run = Run::default();
    let mut child = el.first_child();
    while let Some(node) = child {
        child = node.next_sibling();
        match node.node_type() {
            Node::TEXT_NODE => run.push_text(node),
            Node::ELEMENT_NODE => {
                let e: Element = node.unchecked_into();
                if e.tag_name().eq_ignore_ascii_case("br") {
                    run.push_break(e);
                    continue;
                }
                keep(std::mem::take(&mut run), out);
                if !e.matches(skip)? {
                    collect(&e, skip, out)?;
                }
            }
            // Comments and processing instructions end a run: text on either side of
            // them was not written as one piece.
            _ => keep(std::mem::take(&mut run), out),
        }
    }
    keep(run, out);
    Ok(())
}

fn keep(run: Run, out: &mut Vec<Run>) {
    if run.text.bytes().any(|b| b == b'$' || b == b'\\') {
        out.push(run);
    }
}
