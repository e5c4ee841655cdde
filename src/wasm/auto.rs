//! `autoRender(root, options)`, the export behind the script tag (`mathdown-auto.js`):
//! TeX already in the page rendered in place ([`crate::dom::auto`]), with KaTeX from the
//! module's one formula cache.

use super::options::{read_with, Obj};
use super::{figures, invalid, js_err, with_cache};
use crate::dom::auto::{Auto, AutoOptions, Draw, Island};
use crate::dom::element;
use crate::page::Page;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &str = r#"
/** `autoRender`'s options: everything `render` takes, and how the page is read. */
export interface AutoRenderOptions extends Options {
  /** Elements left alone with their subtrees, a CSS selector
   *  (default ".mathdown-ignore, [data-mathdown-ignore]"). */
  ignore?: string;
  /** Draw formulas only when they come near the viewport (default true). */
  lazy?: boolean;
  /** How near, as an IntersectionObserver `rootMargin` (default "100% 0px": one screen). */
  lazyMargin?: string;
  /** Render `data-mathdown="markdown"` elements and `<script type="text/markdown">` as
   *  Markdown with math (default true). */
  markdown?: boolean;
  /** Copying a selection puts each formula's TeX, with delimiters, in `text/plain` (default true). */
  copyTex?: boolean;
}

/** How far auto-rendering got. */
export interface AutoRenderStats {
  /** Formulas found in the page's text and still on record (islands not counted): those in the page, and those that left it until their entries are dropped. */
  formulas: number;
  /** Formulas drawn. */
  drawn: number;
  /** Formulas still placeholders (lazy), in the page. */
  pending: number;
  /** Markdown islands rendered. */
  islands: number;
  /** Formulas restored after something else changed them. */
  repairs: number;
}

/** Auto-rendering of one root, until `disconnect()`. */
export class AutoRender {
  /** Stop: every observer and listener is removed. Drawn formulas stay; placeholders keep their TeX. */
  disconnect(): void;
  /** Draw every formula not drawn yet, now (printing does this by itself). */
  renderAll(): void;
  stats(): AutoRenderStats;
  free(): void;
}

/**
 * Render the TeX in `root`'s text (`$...$`, `\(...\)`, `$$...$$`, `\[...\]`, bare
 * `\begin{equation}`...) and its Markdown islands in place, and keep doing so for content
 * added later. Formulas are translation-safe from the moment they are found, drawn lazily,
 * numbered page-wide and fitted to their container. Throws for bad options.
 */
export function autoRender(root: Element, options?: AutoRenderOptions): AutoRender;
"#;

/// The keys of the auto-render options (`js/mathdown-auto.js` lists them for data- attributes;
/// `tests/wasm_katex.rs` checks that list).
pub const AUTO_KEYS: &[&str] = &["ignore", "lazy", "lazyMargin", "markdown", "copyTex"];

fn read_auto(o: &Obj, auto: &mut AutoOptions) -> Result<(), super::options::Invalid> {
    o.string("ignore", &mut auto.ignore)?;
    o.bool("lazy", &mut auto.lazy)?;
    o.string("lazyMargin", &mut auto.lazy_margin)?;
    o.bool("markdown", &mut auto.markdown)?;
    o.bool("copyTex", &mut auto.copy_tex)
}

#[wasm_bindgen(skip_typescript)]
pub struct AutoRender {
    auto: Option<Auto>,
}

#[wasm_bindgen(js_name = autoRender, skip_typescript)]
pub fn auto_render(root: &JsValue, options: &JsValue) -> Result<AutoRender, JsError> {
    let root = element(root, "autoRender(root)").map_err(js_err)?;
    let mut auto = AutoOptions::default();
    let options = read_with(options, AUTO_KEYS, &mut |o| read_auto(o, &mut auto))
        .map_err(|e| invalid(e, "options"))?;
    let draw: Draw = Box::new(|page: &Page, formulas: &[(usize, bool)]| {
        with_cache(page.options(), |engine| {
            formulas
                .iter()
                .map(|&(i, in_link)| page.html(i, in_link, engine))
                .collect()
        })
        .map_err(JsValue::from)
    });
    let island_options = options.clone();
    let island: Island = Box::new(move |src: &str| {
        with_cache(&island_options, |engine| {
            crate::render(src, &island_options, engine)
        })
        .map_err(JsValue::from)?
        .map(|doc| doc.html())
        .map_err(|e| JsValue::from_str(&format!("mathdown: {e}")))
    });
    let auto = Auto::new(&root, Page::new(options), auto, draw, island).map_err(js_err)?;
    Ok(AutoRender { auto: Some(auto) })
}

#[wasm_bindgen]
impl AutoRender {
    fn live(&self) -> Result<&Auto, JsError> {
        self.auto
            .as_ref()
            .ok_or_else(|| JsError::new("mathdown: this AutoRender was disconnected"))
    }

    pub fn disconnect(&mut self) {
        self.auto = None;
    }

    #[wasm_bindgen(js_name = renderAll)]
    pub fn render_all(&self) -> Result<(), JsError> {
        self.live()?.draw_all().map_err(js_err)
    }

    pub fn stats(&self) -> Result<JsValue, JsError> {
        let s = self.live()?.stats();
        let n = |v: usize| JsValue::from(v as u32);
        figures(&[
            ("formulas", n(s.formulas)),
            ("drawn", n(s.drawn)),
            ("pending", n(s.pending)),
            ("islands", n(s.islands)),
            ("repairs", n(s.repairs)),
        ])
    }
}
