//! The rate-based methods: `ratio`, `progress` and `path`. Exact decimal arithmetic, rounded
//! half-up (away from zero) to the plan's decimals as reports print them: 17 / 16 → 106.3.

use rust_decimal::prelude::*;

use crate::model::*;

/// A rate as printed, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rate {
    Printed(Decimal),
    /// The division is 0 ÷ 0 or x ÷ 0 but the figure is judged all the same: at or beyond the
    /// bar is the best class, short of it the last (lower-is-better with an actual of zero,
    /// a target equal to the baseline).
    Undefined {
        reached: bool,
    },
}

/// Rounds half-up and keeps trailing zeros so that 100 prints as 100.0, as reports do.
pub fn printed(raw: Decimal, decimals: u32) -> Decimal {
    let mut r = raw.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(decimals);
    r
}

/// `ratio`: actual ÷ target × 100; for lower-is-better, target ÷ actual × 100.
/// `None` only when the arithmetic overflows (load keeps figures far from that).
pub fn ratio(
    direction: Direction,
    target: Decimal,
    actual: Decimal,
    decimals: u32,
) -> Option<Rate> {
    let hundred = Decimal::ONE_HUNDRED;
    let raw = if direction.up() {
        // Multiply first so that terminating quotients stay exact (17 × 100 / 16 = 106.25).
        actual.checked_mul(hundred)?.checked_div(target)?
    } else if actual.is_zero() {
        // A lower-is-better actual of zero cannot be beaten.
        return Some(Rate::Undefined { reached: true });
    } else {
        target.checked_mul(hundred)?.checked_div(actual)?
    };
    Some(Rate::Printed(printed(raw, decimals)))
}

/// `progress` (and `path`, with the path's point as the target):
/// (actual − baseline) ÷ (target − baseline) × 100. Works with zero and negative targets;
/// the direction matters only when the target equals the baseline (hold the level).
pub fn progress(
    direction: Direction,
    base: Decimal,
    target: Decimal,
    actual: Decimal,
    decimals: u32,
) -> Option<Rate> {
    let span = target.checked_sub(base)?;
    if span.is_zero() {
        return Some(Rate::Undefined {
            reached: direction.reaches(actual, target),
        });
    }
    let moved = actual.checked_sub(base)?;
    let raw = moved.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(span)?;
    Some(Rate::Printed(printed(raw, decimals)))
}

/// The year's point on the path from the baseline through the targets.
pub fn path_point(
    steps: PathSteps,
    base: &Baseline,
    targets: &[Target],
    year: Year,
) -> Option<Decimal> {
    let last = targets.last()?;
    if year >= last.year {
        return Some(last.value);
    }
    let next = targets.iter().find(|t| t.year >= year)?;
    match steps {
        PathSteps::Stepwise => Some(next.value),
        PathSteps::Interpolated => {
            let (from_year, from_value) = targets
                .iter()
                .rev()
                .find(|t| t.year < year)
                .map_or((base.year, base.value), |t| (t.year, t.value));
            if year <= from_year {
                return Some(from_value);
            }
            let done = Decimal::from(year.fiscal - from_year.fiscal);
            let whole = Decimal::from(next.year.fiscal - from_year.fiscal);
            let rise = next.value.checked_sub(from_value)?;
            from_value.checked_add(rise.checked_mul(done)?.checked_div(whole)?)
        }
    }
}

/// The first class whose threshold the printed rate passes; the fallback class otherwise.
pub fn classify(rules: &Rules, rate: Decimal) -> Option<usize> {
    rules
        .classes
        .iter()
        .position(|c| c.threshold.is_none_or(|t| t.admits(rate)))
        .or_else(|| rules.classes.len().checked_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn y(s: &str) -> Year {
        Year::parse(s).unwrap()
    }

    const UP: Direction = Direction::HigherIsBetter;
    const DOWN: Direction = Direction::LowerIsBetter;

    fn p(r: Option<Rate>) -> Decimal {
        match r {
            Some(Rate::Printed(x)) => x,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ratio_rounds_half_up_at_the_boundary() {
        assert_eq!(p(ratio(UP, d("16"), d("17"), 1)), d("106.3")); // 106.25
        assert_eq!(p(ratio(UP, d("8"), d("7"), 1)), d("87.5"));
        assert_eq!(p(ratio(UP, d("40"), d("36"), 1)), d("90.0"));
        assert_eq!(p(ratio(UP, d("3"), d("1"), 1)), d("33.3"));
        assert_eq!(p(ratio(UP, d("1600"), d("3350"), 1)), d("209.4")); // 209.375
        assert_eq!(p(ratio(UP, d("2000"), d("1"), 1)), d("0.1")); // 0.05 → 0.1
        assert_eq!(p(ratio(UP, d("2000"), d("1"), 0)), d("0")); // 0.05 → 0
        assert_eq!(p(ratio(UP, d("8"), d("1"), 0)), d("13")); // 12.5 → 13
        assert_eq!(p(ratio(UP, d("50"), d("50"), 1)).to_string(), "100.0");
    }

    #[test]
    fn ratio_lower_is_better_inverts() {
        assert_eq!(p(ratio(DOWN, d("50"), d("40"), 1)), d("125.0"));
        assert_eq!(p(ratio(DOWN, d("50"), d("60"), 1)), d("83.3"));
        assert_eq!(
            ratio(DOWN, d("50"), d("0"), 1),
            Some(Rate::Undefined { reached: true })
        );
    }

    #[test]
    fn progress_works_with_zero_and_negative_targets() {
        // 待機児童: baseline 40, target 0, now 10 → 75 % of the way.
        assert_eq!(p(progress(DOWN, d("40"), d("0"), d("10"), 1)), d("75.0"));
        // A deficit of ▲2,000 to be closed to 0: now ▲500.
        assert_eq!(p(progress(UP, d("-2000"), d("0"), d("-500"), 1)), d("75.0"));
        // Worse than the baseline is a negative rate.
        assert_eq!(p(progress(UP, d("100"), d("200"), d("90"), 1)), d("-10.0"));
        // Holding a level: the target equals the baseline.
        assert_eq!(
            progress(Direction::MaintainAtLeast, d("95"), d("95"), d("96"), 1),
            Some(Rate::Undefined { reached: true })
        );
        assert_eq!(
            progress(Direction::MaintainAtLeast, d("95"), d("95"), d("94"), 1),
            Some(Rate::Undefined { reached: false })
        );
    }

    #[test]
    fn path_interpolates_or_steps() {
        let base = Baseline {
            year: y("R2"),
            value: d("100"),
        };
        let final_only = [Target {
            year: y("R7"),
            value: d("200"),
        }];
        let at = |steps, targets: &[Target], year| path_point(steps, &base, targets, y(year));
        // 多摩市: year n of five is held to n × 20 % of the way.
        assert_eq!(
            at(PathSteps::Interpolated, &final_only, "R3"),
            Some(d("120"))
        );
        assert_eq!(
            at(PathSteps::Interpolated, &final_only, "R5"),
            Some(d("160"))
        );
        assert_eq!(
            at(PathSteps::Interpolated, &final_only, "R8"),
            Some(d("200"))
        );
        let staged = [
            Target {
                year: y("R4"),
                value: d("120"),
            },
            Target {
                year: y("R7"),
                value: d("160"),
            },
        ];
        assert_eq!(at(PathSteps::Stepwise, &staged, "R3"), Some(d("120")));
        assert_eq!(at(PathSteps::Stepwise, &staged, "R5"), Some(d("160")));
        assert_eq!(at(PathSteps::Interpolated, &staged, "R3"), Some(d("110")));
        let r6 = at(PathSteps::Interpolated, &staged, "R6").unwrap();
        assert_eq!(printed(r6, 4), d("146.6667"));
    }
}
