//! The page's text as auto-render reads it: runs of adjacent text nodes and `<br>`s under
//! one element (a formula may be split across them: `$$a \\<br>b$$`, or text nodes a
//! script appended one by one), and turning a stretch of a run into one element.
//!
//! Offsets in a run are UTF-8 byte offsets into its joined text (what the scanner reads);
//! each node keeps its start, and DOM offsets are computed in UTF-16 only where a range
//! boundary falls.

use crate::html::push_escaped_text;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTemplateElement, Node};

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

    /// Put elements in for stretches of the run: `stretches` are `(bytes, html)` in order,
    /// each `html` one element. Returns the elements, in order.
    ///
    /// A run that is one text node (nearly every run) is rewritten with one HTML parse: its
    /// text, escaped, with the elements' HTML in place of their stretches. A formula costs
    /// no DOM call of its own then, which is most of auto-render's time on a page with a
    /// thousand formulas.
    pub fn place(
        &self,
        doc: &Document,
        stretches: &[(std::ops::Range<usize>, String)],
    ) -> Result<Vec<Element>, JsValue> {
        let template: HtmlTemplateElement = doc.create_element("template")?.unchecked_into();
        if let [(_, Piece::Text(node))] = self.pieces.as_slice() {
            let mut html = String::with_capacity(self.text.len() * 2);
            let mut at = 0;
            for (bytes, el) in stretches {
                push_escaped_text(&mut html, &self.text[at..bytes.start]);
                html.push_str(el);
                at = bytes.end;
            }
            push_escaped_text(&mut html, &self.text[at..]);
            template.set_inner_html(&html);
            let content = template.content();
            let mut out = Vec::with_capacity(stretches.len());
            let mut child = content.first_element_child();
            while let Some(el) = child {
                child = el.next_element_sibling();
                out.push(el);
            }
            node.parent_node()
                .ok_or("mathdown: a text node left the page while it was read")?
                .replace_child(&content, node)?;
            return Ok(out);
        }
        let mut out = Vec::with_capacity(stretches.len());
        // Last first: replacing a stretch leaves the offsets before it valid.
        for (bytes, el) in stretches.iter().rev() {
            template.set_inner_html(el);
            let el = template
                .content()
                .first_element_child()
                .ok_or("mathdown: a placeholder did not parse")?;
            self.replace(doc, bytes.clone(), &el)?;
            out.push(el);
        }
        out.reverse();
        Ok(out)
    }

    /// Where `text[bytes]` is on screen now (forces a layout if the page has none).
    pub fn rect(
        &self,
        doc: &Document,
        bytes: std::ops::Range<usize>,
    ) -> Result<web_sys::DomRect, JsValue> {
        let range = doc.create_range()?;
        self.set(&range, bytes.start, false)?;
        self.set(&range, bytes.end, true)?;
        Ok(range.get_bounding_client_rect())
    }

    /// Replace the nodes holding `text[bytes]` with `el`. Call for later stretches first:
    /// replacing one leaves every earlier offset of the run valid.
    fn replace(
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

// Walking the tree is the one part done in JS: a crossing into wasm per node cost more than
// the whole scan (17 ms of a 1,000-formula page's 120). The walk is iterative, so no page is
// deep enough to overflow the stack. Comments and other non-text nodes end a run: text on
// either side of them was not written as one piece.
#[wasm_bindgen(inline_js = r#"
export function mathdownRuns(root, skip) {
  const out = [];
  let nodes = [];
  let math = false;
  const flush = () => {
    if (math) out.push(nodes);
    nodes = [];
    math = false;
  };
  const text = (n) => {
    nodes.push(n);
    if (!math && (n.data.includes('$') || n.data.includes('\\'))) math = true;
  };
  if (root.nodeType === 3) {
    text(root);
    flush();
    return out;
  }
  if (root.nodeType !== 1 || root.matches(skip)) return out;
  let n = root.firstChild;
  while (n) {
    let into = null;
    if (n.nodeType === 3) text(n);
    else if (n.nodeType === 1 && n.localName === 'br') nodes.push(n);
    else {
      flush();
      if (n.nodeType === 1 && n.firstChild && !n.matches(skip)) into = n.firstChild;
    }
    if (into) {
      n = into;
      continue;
    }
    while (n !== root && !n.nextSibling) {
      n = n.parentNode;
      flush();
    }
    if (n === root) break;
    n = n.nextSibling;
  }
  flush();
  return out;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = mathdownRuns, catch)]
    fn js_runs(root: &Node, skip: &str) -> Result<js_sys::Array, JsValue>;
}

/// Every run under `root` worth scanning (holding `$` or `\`), skipping elements that match
/// `skip` (and `root` itself if it matches).
pub fn runs(root: &Node, skip: &str) -> Result<Vec<Run>, JsValue> {
    let found = js_runs(root, skip)?;
    let mut out = Vec::with_capacity(found.length() as usize);
    for nodes in found.iter() {
        let nodes: js_sys::Array = nodes.unchecked_into();
        let mut run = Run::default();
        for node in nodes.iter() {
            let node: Node = node.unchecked_into();
            if node.node_type() == Node::TEXT_NODE {
                run.push_text(node);
            } else {
                run.push_break(node.unchecked_into());
            }
        }
        out.push(run);
    }
    Ok(out)
}
