//! Fitting wide formulas to their container: pure scale arithmetic (widths in, scales out).
//!
//! The DOM layer (`dom::fit`) measures each formula once at its natural size, reads the
//! width available to it, and asks this module what `font-size` scale to write. KaTeX sizes
//! everything in `em`, so a formula's width is proportional to its font size: a formula
//! `natural` px wide drawn at scale `s` is `s * natural` px wide. Formulas only ever shrink
//! (scale <= 1), never below `min_scale`; one that would need less keeps `min_scale` and
//! scrolls horizontally inside its own box.

/// The floor below which a formula stops shrinking and scrolls instead.
pub const DEFAULT_MIN_SCALE: f64 = 0.5;

/// The smallest floor an option may ask for: below it a formula is unreadable anyway.
pub const LOWEST_MIN_SCALE: f64 = 0.05;

/// Space kept between a centered display formula and its equation number, in em of the
/// formula root's font size (scaled with the formula).
pub const TAG_GAP_EM: f64 = 0.5;

/// Pixels kept free when a formula is shrunk: KaTeX's vlist strut (2px wide, hung out by
/// a -2px margin, inside arrays and fractions) does not scale with the font, and subpixel
/// rounding takes up to one more.
pub const SLACK_PX: f64 = 3.0;

/// Scales are written rounded *down* to this step, so `scale * natural <= available` always
/// holds after rounding and the written CSS stays short (`font-size: 0.873em`).
const STEP: f64 = 1000.0;

/// What one formula gets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// The `font-size` scale, in `[min_scale, 1]`; exactly `1.0` when the formula fits.
    pub scale: f64,
    /// True when even `min_scale` is too wide: the formula keeps `min_scale` and scrolls.
    pub scrolls: bool,
}

impl Fit {
    /// The formula at its natural size, no scrolling.
    pub const NATURAL: Fit = Fit {
        scale: 1.0,
        scrolls: false,
    };

    /// The CSS `font-size` value to write, or `None` when the formula is at scale 1 and the
    /// inline style should be removed (so the page's own styles apply untouched).
    pub fn font_size(&self) -> Option<String> {
        (self.scale < 1.0).then(|| format!("{}em", decimal(self.scale, 4)))
    }
}

/// A usable floor from an option: `None`, NaN or out-of-range values give the default or
/// are clamped into `[LOWEST_MIN_SCALE, 1]`.
pub fn min_scale(option: Option<f64>) -> f64 {
    match option {
        Some(s) if s.is_finite() => s.clamp(LOWEST_MIN_SCALE, 1.0),
        _ => DEFAULT_MIN_SCALE,
    }
}

/// The scale for one formula `natural` px wide (at scale 1) given `available` px.
/// Widths that are not positive finite numbers (a formula not laid out, a hidden
/// container) leave the formula at its natural size.
pub fn fit(natural: f64, available: f64, min_scale: f64) -> Fit {
    if !(natural.is_finite() && available.is_finite()) || natural <= 0.0 || available <= 0.0 {
        return Fit::NATURAL;
    }
    if natural <= available {
        return Fit::NATURAL;
    }
    let scale = ((available - SLACK_PX).max(0.0) / natural * STEP).floor() / STEP;
    if scale < min_scale {
        Fit {
            scale: min_scale,
            scrolls: true,
        }
    } else {
        Fit {
            scale,
            scrolls: false,
        }
    }
}

/// `fit` for many formulas at once: `(natural, available)` pairs in, one `Fit` each out,
/// in order.
pub fn fit_all(widths: &[(f64, f64)], min_scale: f64) -> Vec<Fit> {
    widths
        .iter()
        .map(|&(natural, available)| fit(natural, available, min_scale))
        .collect()
}

/// The natural width a display formula needs with its equation number: KaTeX centers the
/// formula on the full line and pins the number to one edge, so the formula must leave
/// room for the number (plus a gap) on *both* sides to stay centered without overlapping
/// it. `formula`, `tag` and `gap` in the same unit; no tag (`tag <= 0`) needs no room.
pub fn display_width(formula: f64, tag: f64, gap: f64) -> f64 {
    if tag > 0.0 {
        formula + 2.0 * (tag + gap)
    } else {
        formula
    }
}

/// The print-time `font-size` of a formula whose natural width is `natural_em` em of its
/// own font size, `inset_px` narrower than its print container (`100cqi`; [`SLACK_PX`] is
/// kept free as on screen): CSS computes
/// the scale at print layout, when the page width is known and no script runs. Paper cannot
/// scroll, so there is no floor here. `None` for a width that is not positive.
pub fn print_font_size(natural_em: f64, inset_px: f64) -> Option<String> {
    if !(natural_em.is_finite() && natural_em > 0.0) {
        return None;
    }
    let inset = if inset_px.is_finite() {
        inset_px.max(0.0)
    } else {
        0.0
    } + SLACK_PX;
    Some(format!(
        "min(1em, calc((100cqi - {}px) / {}))",
        decimal_fixed(inset, 2),
        decimal_fixed(natural_em, 4)
    ))
}

/// `x` with at most `digits` decimals, trailing zeros dropped (`0.375`, `0.5`, `1`).
/// Written out with integers: core's float formatting would add kilobytes to the wasm.
pub fn decimal(x: f64, digits: u32) -> String {
    let mut s = decimal_fixed(x, digits);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// `x` with exactly `digits` decimals (`12.00`), as `{:.digits$}` would print it.
pub fn decimal_fixed(x: f64, digits: u32) -> String {
    let scale = 10u64.pow(digits);
    let negative = x < 0.0;
    // Lengths and scales here are far below 2^53 / 10^4, so the product is exact enough.
    let n = (x.abs() * scale as f64).round() as u64;
    let (int, frac) = (n / scale, n % scale);
    let mut s = String::new();
    if negative && n > 0 {
        s.push('-');
    }
    s.push_str(&int.to_string());
    if digits > 0 {
        let f = frac.to_string();
        s.push('.');
        for _ in f.len()..digits as usize {
            s.push('0');
        }
        s.push_str(&f);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_print_like_core_formatting() {
        for (x, d) in [
            (0.375, 4),
            (0.5, 4),
            (0.12345, 4),
            (12.0, 2),
            (1.23456, 2),
            (0.0, 4),
        ] {
            assert_eq!(
                decimal_fixed(x, d),
                format!("{:.*}", d as usize, x),
                "{x} to {d}"
            );
        }
        assert_eq!(decimal(0.375, 4), "0.375");
        assert_eq!(decimal(0.5, 4), "0.5");
        assert_eq!(decimal(0.33333333, 4), "0.3333");
    }

    #[test]
    fn a_formula_that_fits_keeps_exactly_scale_1() {
        assert_eq!(fit(300.0, 320.0, 0.5), Fit::NATURAL);
        assert_eq!(fit(320.0, 320.0, 0.5), Fit::NATURAL);
        assert_eq!(Fit::NATURAL.font_size(), None);
    }

    #[test]
    fn a_wide_formula_shrinks_to_the_available_width_never_past_it() {
        let f = fit(800.0, 303.0, 0.3);
        assert!(!f.scrolls);
        assert!(f.scale < 1.0);
        assert!(f.scale * 800.0 <= 303.0 - SLACK_PX, "{}", f.scale);
        assert!(f.scale * 800.0 > 299.0, "{}", f.scale);
        assert_eq!(f.font_size().as_deref(), Some("0.375em"));
        // Rounded down, never up, even when the exact ratio has many digits.
        let f = fit(300.0, 203.0, 0.5);
        assert_eq!(f.scale, 0.666);
    }

    #[test]
    fn below_the_floor_it_keeps_the_floor_and_scrolls() {
        let f = fit(1000.0, 323.0, 0.5);
        assert_eq!(
            f,
            Fit {
                scale: 0.5,
                scrolls: true
            }
        );
        assert_eq!(f.font_size().as_deref(), Some("0.5em"));
        // Exactly at the floor still fits without scrolling.
        assert_eq!(
            fit(640.0, 323.0, 0.5),
            Fit {
                scale: 0.5,
                scrolls: false
            }
        );
    }

    #[test]
    fn unmeasurable_widths_leave_the_formula_alone() {
        for (n, a) in [
            (0.0, 300.0),
            (500.0, 0.0),
            (f64::NAN, 300.0),
            (500.0, f64::INFINITY),
            (-1.0, 3.0),
        ] {
            assert_eq!(fit(n, a, 0.5), Fit::NATURAL, "{n} {a}");
        }
    }

    #[test]
    fn shrinking_then_growing_back_returns_exactly_to_1() {
        let natural = [100.0, 400.0, 900.0, 1250.0];
        let at = |w: f64| fit_all(&natural.map(|n| (n, w + SLACK_PX)), 0.5);
        let wide = at(1280.0);
        assert!(wide.iter().all(|f| *f == Fit::NATURAL));
        let narrow = at(320.0);
        assert_eq!(narrow[0], Fit::NATURAL);
        assert_eq!(narrow[1].scale, 0.8);
        assert!(narrow[3].scrolls);
        assert_eq!(
            at(1280.0),
            wide,
            "no drift: the same input gives the same output"
        );
    }

    #[test]
    fn the_floor_option_is_sanitised() {
        assert_eq!(min_scale(None), DEFAULT_MIN_SCALE);
        assert_eq!(min_scale(Some(f64::NAN)), DEFAULT_MIN_SCALE);
        assert_eq!(min_scale(Some(0.0)), LOWEST_MIN_SCALE);
        assert_eq!(min_scale(Some(2.0)), 1.0);
        assert_eq!(min_scale(Some(0.7)), 0.7);
        // A floor of 1 means: never shrink, scroll instead.
        assert!(fit(500.0, 300.0, min_scale(Some(1.0))).scrolls);
    }

    #[test]
    fn an_equation_number_counts_twice_with_its_gap() {
        assert_eq!(display_width(200.0, 0.0, 8.0), 200.0);
        assert_eq!(display_width(200.0, 30.0, 8.0), 276.0);
        // A 276 px numbered formula in 276 px is not scaled; in 138 px it halves, number too.
        assert_eq!(
            fit(display_width(200.0, 30.0, 8.0), 276.0, 0.5),
            Fit::NATURAL
        );
        assert_eq!(fit(display_width(200.0, 30.0, 8.0), 138.0, 0.5).scale, 0.5);
    }

    #[test]
    fn print_sizes_are_computed_by_css_at_print_time() {
        assert_eq!(
            print_font_size(41.5, 12.0).as_deref(),
            Some("min(1em, calc((100cqi - 15.00px) / 41.5000))")
        );
        assert_eq!(
            print_font_size(10.0, -3.0).as_deref(),
            Some("min(1em, calc((100cqi - 3.00px) / 10.0000))")
        );
        assert_eq!(print_font_size(0.0, 0.0), None);
        assert_eq!(print_font_size(f64::NAN, 0.0), None);
    }
}
