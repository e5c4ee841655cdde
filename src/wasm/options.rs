//! Reading options from JS objects, by hand: every key is seen (so a misspelt one is an
//! error that names it), errors say which option and what was expected, and no JSON or
//! serde machinery goes into the wasm (it cost about 15 KB gzipped).

use crate::options::{Compat, Delimiters, HtmlPolicy, Numbering, Options, Output, Strict};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

/// `minScale`: a scale, above 0 (a formula must stay visible) and at most 1 (fitting only
/// shrinks).
pub const MIN_SCALE_RANGE: std::ops::RangeInclusive<f64> = f64::MIN_POSITIVE..=1.0;
pub const MIN_SCALE_EXPECTED: &str = "a number above 0 and at most 1";
/// `maxSize` (KaTeX's, in em): `Infinity` is KaTeX's own "no limit".
const MAX_SIZE_EXPECTED: &str = "a number from 0 (Infinity for no limit)";

/// The keys of [`Options`], as JS spells them (`tests/wasm_katex.rs` checks them against
/// the struct).
pub const OPTION_KEYS: &[&str] = &[
    "delimiters",
    "html",
    "headingIds",
    "maxInputBytes",
    "maxTexLength",
    "compat",
    "numbering",
    "leqno",
    "macros",
    "output",
    "maxExpand",
    "maxSize",
    "strict",
    "fit",
    "minScale",
];

/// The keys of [`Delimiters`].
pub const DELIMITER_KEYS: &[&str] = &[
    "dollar",
    "strictDollar",
    "doubleDollar",
    "paren",
    "bracket",
    "backtickDollar",
    "mathFence",
    "environments",
    "refs",
];

/// A JS object being read, and where it sits in the options (`delimiters`).
pub struct Obj<'a> {
    value: &'a JsValue,
    path: String,
}

/// What went wrong, and at which key.
pub struct Invalid {
    pub path: String,
    pub detail: String,
}

type R<T> = Result<T, Invalid>;

impl<'a> Obj<'a> {
    /// `value` must be an object (not an array); `undefined`/`null` are handled by callers.
    pub fn new(value: &'a JsValue, path: &str) -> R<Obj<'a>> {
        if !value.is_object() || js_sys::Array::is_array(value) {
            return Err(Invalid {
                path: path.to_string(),
                detail: format!("invalid type: {}, expected an object", describe(value)),
            });
        }
        Ok(Obj {
            value,
            path: path.to_string(),
        })
    }

    fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Every key with a defined value must be one of `allowed` (a key set to `undefined` is
    /// absent, as JS callers expect).
    pub fn only(&self, allowed: &[&str]) -> R<()> {
        for key in Object::keys(self.value.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if allowed.contains(&key.as_str()) || self.get(&key).is_undefined() {
                continue;
            }
            let list: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
            return Err(Invalid {
                path: self.at(&key),
                detail: format!("unknown field `{key}`, expected one of {}", list.join(", ")),
            });
        }
        Ok(())
    }

    fn get(&self, key: &str) -> JsValue {
        Reflect::get(self.value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn invalid(&self, key: &str, v: &JsValue, expected: &str) -> Invalid {
        Invalid {
            path: self.at(key),
            detail: format!("invalid type: {}, expected {expected}", describe(v)),
        }
    }

    pub fn bool(&self, key: &str, into: &mut bool) -> R<()> {
        self.read(key, into, JsValue::as_bool, "a boolean")
    }

    pub fn string(&self, key: &str, into: &mut String) -> R<()> {
        self.read(key, into, JsValue::as_string, "a string")
    }

    /// A number in `range` (NaN never is), when `key` is defined.
    pub fn number_in(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<f64>,
        expected: &str,
    ) -> R<Option<f64>> {
        let v = self.get(key);
        if v.is_undefined() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(self.invalid(key, &v, expected)),
        }
    }

    /// Set `into` from `key` when it is defined; `convert` says whether the value has the
    /// expected type.
    fn read<T>(
        &self,
        key: &str,
        into: &mut T,
        convert: fn(&JsValue) -> Option<T>,
        expected: &str,
    ) -> R<()> {
        let v = self.get(key);
        if !v.is_undefined() {
            *into = convert(&v).ok_or_else(|| self.invalid(key, &v, expected))?;
        }
        Ok(())
    }

    /// A whole number from 0 to `max`.
    pub fn whole(&self, key: &str, max: f64) -> R<Option<f64>> {
        let v = self.get(key);
        if v.is_undefined() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if n >= 0.0 && n <= max && n.fract() == 0.0 => Ok(Some(n)),
            _ => Err(self.invalid(key, &v, "a whole number from 0")),
        }
    }

    /// One of `variants`, as its index.
    pub fn variant(&self, key: &str, variants: &[&str]) -> R<Option<usize>> {
        let v = self.get(key);
        if v.is_undefined() {
            return Ok(None);
        }
        let s = v
            .as_string()
            .ok_or_else(|| self.invalid(key, &v, "a string"))?;
        match variants.iter().position(|x| *x == s) {
            Some(i) => Ok(Some(i)),
            None => {
                let list: Vec<String> = variants.iter().map(|k| format!("`{k}`")).collect();
                Err(Invalid {
                    path: self.at(key),
                    detail: format!("unknown variant `{s}`, expected one of {}", list.join(", ")),
                })
            }
        }
    }

    fn child(&self, key: &str) -> R<Option<(JsValue, String)>> {
        let v = self.get(key);
        Ok((!v.is_undefined()).then(|| (v, self.at(key))))
    }
}

/// How a value is named in errors, as serde would: `string "no"`, `boolean true`, ...
fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        return format!("string {}", crate::dom::quoted(&s));
    }
    if v.is_null() {
        return "null".to_string();
    }
    if js_sys::Array::is_array(v) {
        return "sequence".to_string();
    }
    if v.is_object() {
        return "map".to_string();
    }
    if let Some(b) = v.as_bool() {
        return format!("boolean `{b}`");
    }
    if let Some(n) = v.as_f64() {
        return format!("number `{}`", js_number(n));
    }
    match v.js_typeof().as_string().as_deref() {
        Some(t) => t.to_string(),
        None => "value".to_string(),
    }
}

/// A number as JS writes it (`NaN`, `-Infinity`, `0.5`), where JSON would write `null`.
/// JS does the formatting: Rust's float printing would add 10 KB to the module.
fn js_number(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

fn set<T: Copy>(into: &mut T, choice: Option<usize>, values: &[T]) {
    if let Some(i) = choice {
        *into = values[i];
    }
}

/// Read a small options object with `keys`, handing each to `read` (`undefined`/`null`
/// leave the defaults).
pub fn read_small(value: &JsValue, keys: &[&str], read: impl FnOnce(&Obj) -> R<()>) -> R<()> {
    if value.is_undefined() || value.is_null() {
        return Ok(());
    }
    let obj = Obj::new(value, "")?;
    obj.only(keys)?;
    read(&obj)
}

/// Read [`Options`] from a JS object (`undefined`/`null` are the defaults).
pub fn read(value: &JsValue) -> R<Options> {
    read_with(value, &[], &mut |_| Ok(()))
}

/// Read [`Options`] plus the keys `extra` of one export (`autoRender`'s `ignore`), handed
/// to `read_extra`. A `dyn` callback, not a generic one: one copy of this long function in
/// the wasm module instead of one per caller (1 KB gzipped).
pub fn read_with(
    value: &JsValue,
    extra: &[&str],
    read_extra: &mut dyn FnMut(&Obj) -> R<()>,
) -> R<Options> {
    let mut o = Options::default();
    if value.is_undefined() || value.is_null() {
        return Ok(o);
    }
    let obj = Obj::new(value, "")?;
    let keys: Vec<&str> = OPTION_KEYS.iter().chain(extra).copied().collect();
    obj.only(&keys)?;
    read_extra(&obj)?;
    if let Some((v, path)) = obj.child("delimiters")? {
        let d = Obj::new(&v, &path)?;
        d.only(DELIMITER_KEYS)?;
        let x: &mut Delimiters = &mut o.delimiters;
        d.bool("dollar", &mut x.dollar)?;
        d.bool("strictDollar", &mut x.strict_dollar)?;
        d.bool("doubleDollar", &mut x.double_dollar)?;
        d.bool("paren", &mut x.paren)?;
        d.bool("bracket", &mut x.bracket)?;
        d.bool("backtickDollar", &mut x.backtick_dollar)?;
        d.bool("mathFence", &mut x.math_fence)?;
        d.bool("environments", &mut x.environments)?;
        d.bool("refs", &mut x.refs)?;
    }
    use HtmlPolicy as H;
    set(
        &mut o.html,
        obj.variant("html", &["sanitize", "escape", "allow"])?,
        &[H::Sanitize, H::Escape, H::Allow],
    );
    obj.bool("headingIds", &mut o.heading_ids)?;
    if let Some(n) = obj.whole("maxInputBytes", usize::MAX as f64)? {
        o.max_input_bytes = n as usize;
    }
    if let Some(n) = obj.whole("maxTexLength", usize::MAX as f64)? {
        o.max_tex_length = n as usize;
    }
    set(
        &mut o.compat,
        obj.variant("compat", &["mathjax", "none"])?,
        &[Compat::Mathjax, Compat::None],
    );
    set(
        &mut o.numbering,
        obj.variant("numbering", &["ams", "all", "none"])?,
        &[Numbering::Ams, Numbering::All, Numbering::None],
    );
    obj.bool("leqno", &mut o.leqno)?;
    if let Some((v, path)) = obj.child("macros")? {
        let m = Obj::new(&v, &path)?;
        for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            let body = m.get(&key);
            let body = body
                .as_string()
                .ok_or_else(|| m.invalid(&key, &body, "a string"))?;
            o.macros.insert(key, body);
        }
    }
    set(
        &mut o.output,
        obj.variant("output", &["htmlAndMathml", "html", "mathml"])?,
        &[Output::HtmlAndMathml, Output::Html, Output::Mathml],
    );
    if let Some(n) = obj.whole("maxExpand", u32::MAX as f64)? {
        o.max_expand = n as u32;
    }
    if let Some(n) = obj.number_in("maxSize", 0.0..=f64::INFINITY, MAX_SIZE_EXPECTED)? {
        o.max_size = n;
    }
    set(
        &mut o.strict,
        obj.variant("strict", &["ignore", "warn", "error"])?,
        &[Strict::Ignore, Strict::Warn, Strict::Error],
    );
    obj.bool("fit", &mut o.fit)?;
    if let Some(n) = obj.number_in("minScale", MIN_SCALE_RANGE, MIN_SCALE_EXPECTED)? {
        o.min_scale = n;
    }
    Ok(o)
}
