//! The value axis, and whether actuals are bars or dots.
//!
//! A bar's length is its value, so bars need an axis from zero. That tells the reader
//! something only when the figures differ by a visible share of their size: 351 against a
//! target of 350 店 and 95–98 % look alike as bars from zero, and bars cut off below would
//! lie about their length. Such figures are drawn as dots on an axis fitted to them.

/// Figures whose smallest is at least this share of the largest (all on one side of zero)
/// are drawn as dots.
const CLUSTERED: f64 = 0.75;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scale {
    pub bottom: f64,
    pub top: f64,
    /// Bars from zero; dots otherwise.
    pub bars: bool,
}

impl Scale {
    pub fn of(values: impl IntoIterator<Item = f64>) -> Scale {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if lo > hi {
            return Scale {
                bottom: 0.0,
                top: 1.0,
                bars: true,
            };
        }
        // One value alone has nothing to compare: a bar from zero.
        let clustered =
            lo < hi && ((lo > 0.0 && lo >= CLUSTERED * hi) || (hi < 0.0 && hi <= CLUSTERED * lo));
        if clustered {
            // Room above for the labels drawn at the top, a little below the lowest dot.
            let pad = (hi - lo) * 0.2;
            return Scale {
                bottom: lo - pad,
                top: hi + pad * 1.5,
                bars: false,
            };
        }
        // Negative figures (a deficit of ▲2,000) get room below the zero line.
        let top = if hi <= 0.0 { 1.0 } else { hi * 1.18 };
        Scale {
            bottom: lo.min(0.0) * 1.18,
            top,
            bars: true,
        }
    }

    /// Where bars start and labels of missing figures sit: zero for bars, the axis's foot
    /// for dots.
    pub fn floor(&self) -> f64 {
        if self.bars { 0.0 } else { self.bottom }
    }

    /// The value `share` of the way up the plot.
    pub fn at(&self, share: f64) -> f64 {
        self.bottom + (self.top - self.bottom) * share
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_from_zero_where_the_figures_differ_by_a_visible_share() {
        let s = Scale::of([12.0, 20.0, 5.0]);
        assert!(s.bars);
        assert_eq!(s.bottom, 0.0);
        let deficit = Scale::of([-3000.0, -2400.0, -2000.0]);
        assert!(deficit.bars, "-2000 is not within a quarter of -3000");
        assert!(deficit.bottom < -3000.0);
    }

    #[test]
    fn dots_where_bars_from_zero_would_all_look_the_same() {
        let s = Scale::of([350.0, 351.0, 371.0]);
        assert!(!s.bars);
        assert!(s.bottom < 350.0 && s.bottom > 300.0, "{s:?}");
        assert!(s.top > 371.0);
        assert!(!Scale::of([89.7, 97.5, 100.0]).bars);
        assert!(Scale::of([5.0, 5.0]).bars, "one value alone: a bar");
    }
}
