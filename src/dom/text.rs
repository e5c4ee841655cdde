//! The page's text as auto-render reads it: runs of adjacent text nodes and `<br>`s under
//! one element (a formula may be split across them: `$$a \\<br>b$$`, or text nodes a
//! script appended one by one), and turning a stretch of a run into one element.
//!
//! Offsets in a run are UTF-8 byte offsets into its joined text (what the scanner reads);
//! each node keeps its start, and DOM offsets are computed in UTF-16 only where a range
//! boundary falls.

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
    /// The run stands inside one of the page's links (`<a>`).
    pub in_link: bool,
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

    /// Put elements in for stretches of the run with a `Range` each: `stretches` are
    /// `(bytes, html)` in order, each `html` one element. Returns the elements, in order.
    /// [`Batch`] does it for runs that are one text node, with far less work.
    fn place(
        &self,
        doc: &Document,
        stretches: &[(std::ops::Range<usize>, String)],
    ) -> Result<Vec<Element>, JsValue> {
        let template: HtmlTemplateElement = doc.create_element("template")?.unchecked_into();
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
        let last_text = self.pieces.iter().rev().find_map(|(start, p)| match p {
            Piece::Text(node) => Some((*start, node)),
            Piece::Break(_) => None,
        });
        if let (Some((start, node)), Some(el)) = (last_text, out.last()) {
            // From its start to the run's end: its own text (and a line break per `<br>`
            // after it, which then matches no later write, so nothing is stripped).
            js_keep_last(node, el, &self.text[start..]);
        }
        Ok(out)
    }

    /// Where `text[bytes]` is on screen now (forces a layout if the page has none), read
    /// through `range` (one for all reads: every live range is updated on every change to
    /// the page until it is collected).
    pub fn rect(
        &self,
        range: &web_sys::Range,
        bytes: std::ops::Range<usize>,
    ) -> Result<web_sys::DomRect, JsValue> {
        self.set(range, bytes.start, false)?;
        self.set(range, bytes.end, true)?;
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

/// What goes in for a stretch of a run: an element's HTML (a drawn formula), or a
/// placeholder made in JS from the run's own text (its source shown, its TeX in `data-tex`).
pub enum Place {
    Html(String),
    /// `tex`: byte range of the formula's TeX in the run's text.
    Placeholder {
        id: usize,
        display: bool,
        tex: std::ops::Range<usize>,
    },
}

/// Elements put in for stretches of many runs at once.
///
/// A run that is one text node (nearly every run) gets its elements in JS, in one crossing
/// for the page: placeholders are clones of a prototype holding slices of the node's own
/// text, and the HTML of drawn formulas is parsed once for all of them. Cloning 1,000
/// placeholders costs about half of parsing their HTML, and no placeholder markup is written
/// or escaped here.
#[derive(Default)]
pub struct Batch {
    /// The drawn formulas' HTML, in order.
    html: String,
    nodes: Vec<Node>,
    /// Per batched node: its stretch count, then per stretch its start, TeX start, TeX end
    /// and end (UTF-16 offsets into the node's text), id and flags ([`DISPLAY`], [`PARSED`]).
    plan: Vec<u32>,
    runs: Vec<Placed>,
}

/// [`Batch::plan`] flags: a display formula; an element from the parsed HTML.
const DISPLAY: u32 = 1;
const PARSED: u32 = 2;

/// A run added to a [`Batch`].
enum Placed {
    /// Placed on its own, with these elements.
    Now(Vec<Element>),
    /// In the shared crossing, with this many elements.
    Batched(usize),
}

impl Run {
    /// Whether the run is one text node: [`Batch`] places its stretches with
    /// [`Place::Placeholder`]s; any other run needs [`Place::Html`] for all of them.
    pub fn is_one_text(&self) -> bool {
        matches!(self.pieces.as_slice(), [(_, Piece::Text(_))])
    }
}

impl Batch {
    /// Put `stretches` (`(bytes, place)` in order, each one element) into `run`: now if the
    /// run is not one text node, else with the batch.
    pub fn add(
        &mut self,
        doc: &Document,
        run: &Run,
        stretches: &[(std::ops::Range<usize>, Place)],
    ) -> Result<(), JsValue> {
        if stretches.is_empty() {
            // No formula in it: its nodes stay as they are.
            self.runs.push(Placed::Now(Vec::new()));
            return Ok(());
        }
        let [(_, Piece::Text(node))] = run.pieces.as_slice() else {
            let html: Vec<_> = stretches
                .iter()
                .map(|(bytes, place)| match place {
                    Place::Html(html) => Ok((bytes.clone(), html.clone())),
                    Place::Placeholder { .. } => Err("mathdown: a placeholder needs HTML here"),
                })
                .collect::<Result<_, _>>()?;
            self.runs.push(Placed::Now(run.place(doc, &html)?));
            return Ok(());
        };
        // Byte offsets to UTF-16 ones, counting from the last cut (the cuts only grow).
        let text = &run.text;
        let (mut byte, mut unit) = (0, 0u32);
        let mut at = |to: usize| {
            unit += text[byte..to].encode_utf16().count() as u32;
            byte = to;
            unit
        };
        self.plan.push(stretches.len() as u32);
        for (bytes, place) in stretches {
            let start = at(bytes.start);
            let (tex, id, flags) = match place {
                Place::Html(html) => {
                    self.html.push_str(html);
                    (bytes.start..bytes.start, 0, PARSED)
                }
                Place::Placeholder { id, display, tex } => {
                    (tex.clone(), *id as u32, u32::from(*display) * DISPLAY)
                }
            };
            let (tex_start, tex_end) = (at(tex.start), at(tex.end));
            self.plan
                .extend([start, tex_start, tex_end, at(bytes.end), id, flags]);
        }
        self.nodes.push(node.clone());
        self.runs.push(Placed::Batched(stretches.len()));
        Ok(())
    }

    /// Put in what was batched; the elements of each run added, in order, one per stretch.
    pub fn finish(self) -> Result<Vec<Vec<Element>>, JsValue> {
        let nodes: js_sys::Array = self.nodes.iter().collect();
        let placed = js_place(&nodes, &self.plan, &self.html)?;
        let batched: usize = self
            .runs
            .iter()
            .map(|run| match run {
                Placed::Now(_) => 0,
                Placed::Batched(n) => *n,
            })
            .sum();
        if placed.length() as usize != batched {
            return Err("mathdown: formulas did not parse one element each".into());
        }
        let mut placed = placed.iter().map(|el| el.unchecked_into::<Element>());
        let out: Vec<Vec<Element>> = self
            .runs
            .into_iter()
            .map(|run| match run {
                Placed::Now(placed) => placed,
                Placed::Batched(n) => placed.by_ref().take(n).collect(),
            })
            .collect();
        Ok(out)
    }
}

// The tree walk and the batch's parse and moves are done in JS, one crossing each for the
// whole page (js/helpers.js says why).
#[wasm_bindgen(module = "/js/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = mathdownPlace, catch)]
    fn js_place(nodes: &js_sys::Array, plan: &[u32], html: &str) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_name = mathdownRuns, catch)]
    fn js_runs(root: &Node, skip: &str) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(js_name = mathdownShown)]
    fn js_shown(range: &web_sys::Range) -> bool;
    #[wasm_bindgen(js_name = mathdownKeepLast)]
    fn js_keep_last(last: &Node, el: &Element, original: &str);
    #[wasm_bindgen(js_name = mathdownStrip)]
    fn js_strip(node: &Node);
}

/// A text node kept in the page by a placement changed: if its writer set its whole text
/// again, the part already placed before it is taken off (`js/helpers.js`).
pub fn strip_placed(node: &Node) {
    js_strip(node);
}

/// Whether what `range` holds is rendered: not under `display: none` nor in skipped
/// content (a closed `<details>`, `content-visibility: hidden`), which still has boxes.
/// Browsers without `checkVisibility` say yes.
pub fn shown(range: &web_sys::Range) -> bool {
    js_shown(range)
}

/// Every run under `root` worth scanning (holding `$` or `\`), skipping elements that match
/// `skip` (and `root` itself if it matches).
pub fn runs(root: &Node, skip: &str) -> Result<Vec<Run>, JsValue> {
    let found = js_runs(root, skip)?;
    let mut out = Vec::with_capacity(found.length() as usize);
    for nodes in found.iter() {
        let nodes: js_sys::Array = nodes.unchecked_into();
        let mut run = Run::default();
        if let Some(parent) = nodes.get(0).unchecked_into::<Node>().parent_element() {
            run.in_link = parent.closest("a")?.is_some();
        }
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
