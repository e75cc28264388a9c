//! `trend`: Open SDG's progress measure, reproduced status for status from sdg-build's
//! `sdg/ProgressMeasure.py`, in the same floating-point steps and the same order (the zero
//! replacements, the thresholds computed before the base value is replaced, the score curves).
//!
//! With a target ("methodology 2"): the observed compound annual growth from the base year to
//! the latest year, divided by the growth needed to reach the target by the target year,
//! against 0.95 / 0.6 / 0. Without one ("methodology 1"): the observed growth against
//! 0.015 / 0.005 / 0, the thresholds shrunk near a configured `limit`. The status an indicator
//! publishes comes from its score (−5…5), the mean over its series.

use serde::Serialize;

use crate::model::TrendThresholds;

/// One series as the method sees it.
#[derive(Debug, Clone)]
pub struct Series {
    /// (year, value), any order; years must be distinct.
    pub points: Vec<(i32, f64)>,
    /// Data at or after this year starts the series (Open SDG's default is 2015).
    pub base_year: i32,
    /// (value, year).
    pub target: Option<(f64, i32)>,
    /// Open SDG's `direction: positive`.
    pub higher_is_better: bool,
    pub limit: Option<f64>,
    pub thresholds: TrendThresholds,
}

/// Everything the calculation used and produced: the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub base_year: Option<i32>,
    pub base_value: Option<f64>,
    pub current_year: Option<i32>,
    pub current_value: Option<f64>,
    pub target: Option<f64>,
    pub target_year: Option<i32>,
    pub high: f64,
    pub med: f64,
    pub low: f64,
    /// The growth rate (no target) or growth ratio (target) compared with the thresholds.
    pub progress_value: Option<f64>,
    pub target_achieved: bool,
    pub score: Option<f64>,
    /// The series' status from the thresholds.
    pub series_status: &'static str,
    /// The indicator's status from the score, as Open SDG publishes it for one series.
    pub status: &'static str,
}

pub const NOT_AVAILABLE: &str = "not_available";

/// Open SDG's CAGR: ((v1 / v2) ^ (1 / (t1 − t2))) − 1.
fn growth(v1: f64, v2: f64, t1: i32, t2: i32) -> f64 {
    (v1 / v2).powf(1.0 / f64::from(t1 - t2)) - 1.0
}

pub fn measure(series: &Series) -> Progress {
    let direction = if series.higher_is_better { 1.0 } else { -1.0 };
    let target = series.target.map(|(v, _)| if v == 0.0 { 0.001 } else { v });
    let target_year = series.target.map(|(_, y)| y);
    let has_target = target.is_some();
    let mut points = series.points.clone();
    points.sort_by_key(|p| p.0);
    let (mut high, mut med, mut low) = if has_target {
        (0.95, 0.6, 0.0)
    } else {
        (0.015, 0.005, 0.0)
    };
    high = series.thresholds.high.unwrap_or(high);
    med = series.thresholds.med.unwrap_or(med);
    low = series.thresholds.low.unwrap_or(low);
    let mut out = Progress {
        base_year: None,
        base_value: None,
        current_year: None,
        current_value: None,
        target,
        target_year,
        high,
        med,
        low,
        progress_value: None,
        target_achieved: false,
        score: None,
        series_status: NOT_AVAILABLE,
        status: NOT_AVAILABLE,
    };
    let Some(&(current_year, current_value)) = points.last() else {
        return out;
    };
    out.current_year = Some(current_year);
    out.current_value = Some(current_value);
    // The base year is the configured one if there is data for it, else the next with data.
    let Some(&(base_year, mut base_value)) = points
        .iter()
        .find(|p| p.0 == series.base_year)
        .or_else(|| points.iter().find(|p| p.0 > series.base_year))
    else {
        return out;
    };
    out.base_year = Some(base_year);
    out.base_value = Some(base_value);
    let sign = if base_value < 0.0 { -1.0 } else { 1.0 };
    let mut coefficient = 1.0;
    if !has_target && let Some(limit) = series.limit {
        let (base, limit) = (base_value.abs(), limit.abs());
        let a = 4.44;
        coefficient = if base >= 2.0 * limit {
            1.0
        } else if base <= limit {
            1.0 - (base / limit).powf(a)
        } else {
            1.0 - ((2.0 * limit - base) / limit).powf(a)
        };
        high *= coefficient;
        med *= coefficient;
        low *= coefficient;
        (out.high, out.med, out.low) = (high, med, low);
    }
    out.target_achieved = target.is_some_and(|t| {
        (direction < 0.0 && current_value <= t) || (direction > 0.0 && current_value >= t)
    });
    // Zero cannot grow: Open SDG calculates with 0.001 instead (after the thresholds).
    if base_value == 0.0 {
        base_value = 0.001;
    }
    let opposite_signs =
        (base_value > 0.0 && current_value < 0.0) || (base_value < 0.0 && current_value > 0.0);
    let progress = if opposite_signs || current_year - base_year < 1 {
        None
    } else if let (Some(t), Some(ty)) = (target, target_year) {
        let observed = growth(current_value, base_value, current_year, base_year);
        let required = growth(t, base_value, ty, base_year);
        let ratio = sign * direction * observed / required.abs();
        ratio.is_finite().then_some(ratio)
    } else {
        let rate = sign * direction * growth(current_value, base_value, current_year, base_year);
        rate.is_finite().then_some(rate)
    };
    out.progress_value = progress;
    out.series_status = series_status(progress, (high, med, low), out.target_achieved);
    out.score = score(
        progress,
        has_target,
        (high, med, low),
        coefficient,
        out.target_achieved,
    );
    out.status = status_from_score(out.score, out.target_achieved);
    out
}

fn series_status(
    value: Option<f64>,
    (high, med, low): (f64, f64, f64),
    achieved: bool,
) -> &'static str {
    if achieved {
        return "target_achieved";
    }
    match value {
        Some(v) if v >= high => "substantial_progress",
        Some(v) if v >= med => "moderate_progress",
        Some(v) if v >= low => "limited_progress",
        Some(_) => "deterioration",
        None => NOT_AVAILABLE,
    }
}

/// The score curves of sdg-build, hard-coded there for its default thresholds.
fn score(
    value: Option<f64>,
    has_target: bool,
    (high, med, low): (f64, f64, f64),
    coefficient: f64,
    achieved: bool,
) -> Option<f64> {
    if achieved {
        return Some(5.0);
    }
    let p = value?;
    Some(if has_target {
        if p >= med {
            (7.1429 * p - 4.2857).min(5.0)
        } else {
            (4.1667 * p - 2.5).max(-5.0)
        }
    } else if p < low {
        (125.0 * p - 2.5).max(-5.0)
    } else if coefficient == 0.0 {
        5.0
    } else if p >= high {
        (500.0 * p / coefficient - 5.0).min(5.0)
    } else if p >= med {
        250.0 * p / coefficient - 1.25
    } else {
        500.0 * p / coefficient - 2.5
    })
}

/// An indicator's status from its (mean) score.
pub fn status_from_score(score: Option<f64>, achieved: bool) -> &'static str {
    if achieved {
        return "target_achieved";
    }
    match score {
        Some(s) if (2.5..=5.0).contains(&s) => "substantial_progress",
        Some(s) if (0.0..2.5).contains(&s) => "moderate_progress",
        Some(s) if (-2.5..0.0).contains(&s) => "limited_progress",
        Some(s) if (-5.0..-2.5).contains(&s) => "deterioration",
        _ => NOT_AVAILABLE,
    }
}

/// Several series of one indicator: the mean of the scores of those that have one; the target
/// counts as achieved only if every such series achieved it.
pub fn combine(series: &[Progress]) -> &'static str {
    let scored: Vec<&Progress> = series.iter().filter(|p| p.score.is_some()).collect();
    if scored.is_empty() {
        return NOT_AVAILABLE;
    }
    let mean = scored.iter().filter_map(|p| p.score).sum::<f64>() / scored.len() as f64;
    status_from_score(Some(mean), scored.iter().all(|p| p.target_achieved))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: &[(i32, f64)], target: Option<(f64, i32)>, up: bool) -> Series {
        Series {
            points: points.to_vec(),
            base_year: 2015,
            target,
            higher_is_better: up,
            limit: None,
            thresholds: TrendThresholds::default(),
        }
    }

    #[test]
    fn with_a_target_the_observed_growth_is_divided_by_the_required() {
        // 100 → 110 over five years, towards 150 by 2030.
        let p = measure(&series(
            &[(2015, 100.0), (2020, 110.0)],
            Some((150.0, 2030)),
            true,
        ));
        let observed = (1.1f64).powf(1.0 / 5.0) - 1.0;
        let required = (1.5f64).powf(1.0 / 15.0) - 1.0;
        assert_eq!(p.progress_value, Some(observed / required));
        assert_eq!(p.series_status, "moderate_progress");
        assert_eq!(p.status, "moderate_progress");
        assert_eq!(p.base_year, Some(2015));
    }

    #[test]
    fn the_target_reached_is_achieved_whatever_the_growth() {
        let p = measure(&series(
            &[(2016, 10.0), (2022, 4.0)],
            Some((5.0, 2030)),
            false,
        ));
        assert!(p.target_achieved);
        assert_eq!((p.status, p.score), ("target_achieved", Some(5.0)));
        // The base year moves to the first year with data.
        assert_eq!(p.base_year, Some(2016));
    }

    #[test]
    fn without_a_target_the_growth_rate_is_judged() {
        let up = measure(&series(&[(2015, 100.0), (2020, 110.0)], None, true));
        assert_eq!(up.series_status, "substantial_progress"); // ≈ 1.9 % a year
        let down = measure(&series(&[(2015, 100.0), (2020, 110.0)], None, false));
        assert_eq!(down.status, "deterioration");
    }

    #[test]
    fn the_limit_shrinks_the_thresholds_near_it() {
        let mut s = series(&[(2015, 1.2), (2020, 1.1)], None, false);
        s.limit = Some(1.0);
        let p = measure(&s);
        let coefficient = 1.0 - ((2.0 - 1.2) / 1.0f64).powf(4.44);
        assert_eq!(p.high, 0.015 * coefficient);
        assert_ne!(p.status, NOT_AVAILABLE);
    }

    #[test]
    fn too_little_data_or_a_sign_change_is_not_available() {
        assert_eq!(
            measure(&series(&[(2020, 5.0)], None, true)).status,
            NOT_AVAILABLE
        );
        assert_eq!(
            measure(&series(&[(2015, 5.0), (2020, -1.0)], None, true)).status,
            NOT_AVAILABLE
        );
        assert_eq!(measure(&series(&[], None, true)).status, NOT_AVAILABLE);
    }

    #[test]
    fn a_zero_base_is_replaced_by_a_thousandth() {
        let p = measure(&series(&[(2015, 0.0), (2020, 2.0)], None, true));
        assert_eq!(p.base_value, Some(0.0));
        let expected = (2.0f64 / 0.001).powf(1.0 / 5.0) - 1.0;
        assert_eq!(p.progress_value, Some(expected));
    }

    #[test]
    fn series_combine_through_their_mean_score() {
        let good = measure(&series(&[(2015, 100.0), (2020, 120.0)], None, true));
        let bad = measure(&series(&[(2015, 100.0), (2020, 80.0)], None, true));
        let mean = (good.score.unwrap() + bad.score.unwrap()) / 2.0;
        assert_eq!(
            combine(&[good.clone(), bad]),
            status_from_score(Some(mean), false)
        );
        assert_eq!(combine(&[good.clone(), good]), "substantial_progress");
    }
}
