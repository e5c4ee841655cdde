//! Keyed block patching: the container's children are one element per block, each with
//! `data-mathdown-key`; an update replaces only the elements whose block changed, so an
//! unchanged block keeps its very DOM node (and whatever a translator did to its prose).
//!
//! The patcher holds the block *elements* it created, never text nodes. Nodes others put
//! into the container (extensions, widgets) are left where they are; if foreign code
//! removed or moved one of our elements, [`Patcher::reconcile`] puts it back in order
//! before the next patch, and removes stale copies of our blocks.

use super::{block_element, document, insert_after, is_child, KEY_ATTR};
use crate::document::Block;
use crate::incremental::{match_keys, Splice};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

#[derive(Clone)]
struct Mounted {
    key: String,
    el: Element,
}

pub struct Patcher {
    container: Element,
    doc: Document,
    blocks: Vec<Mounted>,
    /// The pending-formula block shown after the last block while streaming.
    pending: Option<Mounted>,
}

impl Patcher {
    pub fn new(container: Element) -> Result<Patcher, JsValue> {
        Ok(Patcher {
            doc: container.owner_document().map_or_else(document, Ok)?,
            container,
            blocks: Vec::new(),
            pending: None,
        })
    }

    pub fn container(&self) -> &Element {
        &self.container
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The element of block `i`, or of the pending block when `i` is one past the end.
    pub fn element(&self, i: usize) -> Option<&Element> {
        match self.blocks.get(i) {
            Some(m) => Some(&m.el),
            None if i == self.blocks.len() => self.pending.as_ref().map(|m| &m.el),
            None => None,
        }
    }

    /// Index of the block whose element is `el` (`len()` for the pending block).
    pub fn index_of(&self, el: &Element) -> Option<usize> {
        if self
            .pending
            .as_ref()
            .is_some_and(|m| m.el.is_same_node(Some(el)))
        {
            return Some(self.blocks.len());
        }
        self.blocks.iter().position(|m| m.el.is_same_node(Some(el)))
    }

    /// Bring the DOM to `blocks`, which differ from the mounted ones only inside `splice`
    /// (see [`Splice`]). Returns how many block elements were drawn.
    pub fn apply(&mut self, blocks: &[Block], splice: &Splice) -> Result<usize, JsValue> {
        let s = splice.start.min(self.blocks.len());
        let removed = splice.removed.min(self.blocks.len() - s);
        let inserted = &blocks[s.min(blocks.len())..(s + splice.inserted).min(blocks.len())];
        let old: Vec<Mounted> = self.blocks[s..s + removed].to_vec();
        let old_keys: Vec<&str> = old.iter().map(|m| m.key.as_str()).collect();
        let new_keys: Vec<&str> = inserted.iter().map(|b| b.key.as_str()).collect();
        let reuse = match_keys(&old_keys, &new_keys);
        let mut kept = vec![false; old.len()];
        for &i in reuse.iter().flatten() {
            kept[i] = true;
        }
        for (m, kept) in old.iter().zip(&kept) {
            if !kept {
                m.el.remove();
            }
        }
        let mut prev = s.checked_sub(1).map(|i| self.blocks[i].el.clone());
        let mut middle = Vec::with_capacity(inserted.len());
        let mut drawn = 0;
        for (b, reuse) in inserted.iter().zip(reuse) {
            let m = match reuse {
                Some(i) => old[i].clone(),
                None => {
                    let el = block_element(&self.doc, &b.key, &b.html)?;
                    insert_after(&self.container, prev.as_ref(), &el)?;
                    drawn += 1;
                    Mounted {
                        key: b.key.clone(),
                        el,
                    }
                }
            };
            prev = Some(m.el.clone());
            middle.push(m);
        }
        self.blocks.splice(s..s + removed, middle);
        // Keys renumbered by deduplication: same HTML, so only the attribute changes.
        for (m, b) in self.blocks.iter_mut().zip(blocks) {
            if m.key != b.key {
                m.el.set_attribute(KEY_ATTR, &b.key)?;
                m.key.clone_from(&b.key);
            }
        }
        Ok(drawn)
    }

    /// Show `block` as the pending formula after the last block (or none). Returns how
    /// many elements were drawn (0 or 1).
    pub fn set_pending(&mut self, block: Option<&Block>) -> Result<usize, JsValue> {
        if let (Some(m), Some(b)) = (&self.pending, block) {
            if m.key == b.key && is_child(&m.el, &self.container) {
                return Ok(0);
            }
        }
        if let Some(m) = self.pending.take() {
            m.el.remove();
        }
        let Some(b) = block else { return Ok(0) };
        let el = block_element(&self.doc, &b.key, &b.html)?;
        match self.blocks.last() {
            Some(last) => insert_after(&self.container, Some(&last.el), &el)?,
            None => self.container.append_with_node_1(&el)?,
        }
        self.pending = Some(Mounted {
            key: b.key.clone(),
            el,
        });
        Ok(1)
    }

    /// After foreign changes to the container's children: put every block element back in
    /// the container in document order (same nodes; foreign nodes stay where they are) and
    /// remove elements that carry our key attribute but are not ours (stale copies).
    pub fn reconcile(&mut self) -> Result<(), JsValue> {
        let ours = js_sys::Set::new(&JsValue::UNDEFINED);
        let mut prev: Option<Element> = None;
        for m in self.blocks.iter().chain(self.pending.iter()) {
            ours.add(&m.el);
            let in_place = is_child(&m.el, &self.container)
                && match &prev {
                    Some(p) => precedes(p, &m.el),
                    None => true,
                };
            if !in_place {
                insert_after(&self.container, prev.as_ref(), &m.el)?;
            }
            prev = Some(m.el.clone());
        }
        let children = self.container.children();
        let mut stale = Vec::new();
        for i in 0..children.length() {
            if let Some(c) = children.item(i) {
                if c.has_attribute(KEY_ATTR) && !ours.has(&c) {
                    stale.push(c);
                }
            }
        }
        for c in stale {
            c.remove();
        }
        Ok(())
    }

    /// Draw block `i` again from `html` (a formula inside it was damaged beyond repair).
    pub fn redraw(&mut self, i: usize, block: &Block) -> Result<(), JsValue> {
        let n = self.blocks.len();
        let m = match self.blocks.get_mut(i) {
            Some(m) => m,
            None if i == n => match self.pending.as_mut() {
                Some(m) => m,
                None => return Ok(()),
            },
            None => return Ok(()),
        };
        let el = block_element(&self.doc, &block.key, &block.html)?;
        if is_child(&m.el, &self.container) {
            m.el.replace_with_with_node_1(&el)?;
        }
        m.el = el;
        Ok(())
    }

    /// Parse `html` into a detached element (for repairing one formula from it).
    pub fn parse(&self, html: &str) -> Result<Element, JsValue> {
        let t = self.doc.create_element("template")?;
        t.set_inner_html(html);
        let content = t
            .dyn_into::<web_sys::HtmlTemplateElement>()
            .map_err(|_| JsValue::from_str("mathdown: no <template> support"))?
            .content();
        let holder = self.doc.create_element("div")?;
        holder.append_with_node_1(&content)?;
        Ok(holder)
    }
}

/// `a` comes before `b` in the document.
fn precedes(a: &Element, b: &Element) -> bool {
    a.compare_document_position(b) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0
}
