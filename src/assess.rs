//! Stage 2: compute achievement rates, result classes and the headline summary.
//!
//! Nothing computed here is ever typed into content. Rules (thresholds, decimals, the 見込み
//! suffix) come from `plan.yaml`.
//!
//! **Rate.** `actual / target × 100` (lower-is-better indicators: `target / actual × 100`),
//! in exact decimal arithmetic, rounded half-up (away from zero) to `assessment.decimals`, as
//! the report prints it: 17 / 16 → 106.25 → 106.3.
//!
//! **Class.** The first class whose `min_rate` the *printed (rounded)* rate reaches, so a page
//! never shows 100.0% next to 概ね達成. In a year whose actuals are estimates the label gains
//! the suffix (達成 → 達成見込み).
//!
//! **Summary (counting rule).** For the report year, every unit policy counts once (a policy
//! filed under two measures is one policy). A policy is *pending* (集計中等) if any of its
//! indicators has no figure that year (being tallied, surveyed at year end, abolished, ...);
//! otherwise *on track* if every indicator's class is on track (達成 or 概ね達成), otherwise
//! *not on track*. For Atsugi R5 this gives 36 / 19 / 9 / 8.

use rust_decimal::prelude::*;
use serde::Serialize;

use crate::model::*;

/// The outcome of one indicator in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub year: Year,
    /// Rounded to `assessment.decimals`; `None` when there is no actual (or no defined rate).
    pub rate: Option<Decimal>,
    /// Index into `plan.rules.classes`; `None` when pending.
    pub class: Option<usize>,
    /// Whether the year's actuals are estimates (見込み).
    pub estimate: bool,
    /// Why there is no figure: the pending reason, or 廃止.
    pub pending: Option<String>,
    /// The text shown for the result: 達成見込み, 未達成, 集計中, 廃止 ...
    pub label: String,
    /// The symbol shown with it, so status is never colour alone.
    pub symbol: String,
}

/// Where a unit policy stands in the report year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    NotOnTrack,
    Pending,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub year: Year,
    pub unit_policies: usize,
    pub on_track: usize,
    pub not_on_track: usize,
    pub pending: usize,
}

/// Everything computed from a project.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// `outcomes[i][y]`: indicator `i` (as in `Project::indicators`), plan year `y`.
    pub outcomes: Vec<Vec<Outcome>>,
    /// Parallel to `Project::units`.
    pub status: Vec<Status>,
    pub summary: Summary,
}

/// The pending reason shown for a year after a policy's abolition.
pub const ABOLISHED: &str = "廃止";

pub fn assess(project: &Project) -> Assessment {
    let outcomes: Vec<Vec<Outcome>> = project
        .indicators
        .iter()
        .map(|ind| indicator_outcomes(&project.plan, ind))
        .collect();
    summarise(project, outcomes)
}

/// [`assess`] after an edit to the indicators in `changed`: their outcomes are recomputed,
/// the others kept from `previous`; statuses and the summary are counted again.
pub fn reassess(project: &Project, previous: Assessment, changed: &[usize]) -> Assessment {
    let mut outcomes = previous.outcomes;
    for &i in changed {
        outcomes[i] = indicator_outcomes(&project.plan, &project.indicators[i]);
    }
    summarise(project, outcomes)
}

fn indicator_outcomes(plan: &Plan, ind: &Indicator) -> Vec<Outcome> {
    ind.figures
        .iter()
        .map(|f| outcome(&plan.rules, ind.direction, f, plan.year_status(f.year)))
        .collect()
}

fn summarise(project: &Project, outcomes: Vec<Vec<Outcome>>) -> Assessment {
    let plan = &project.plan;
    let status = unit_status(project, &outcomes);
    let count = |s: Status| status.iter().filter(|&&x| x == s).count();
    let summary = Summary {
        year: plan.report_year,
        unit_policies: status.len(),
        on_track: count(Status::OnTrack),
        not_on_track: count(Status::NotOnTrack),
        pending: count(Status::Pending),
    };
    Assessment {
        outcomes,
        status,
        summary,
    }
}

/// Applies the counting rule documented at the top of this module.
fn unit_status(project: &Project, outcomes: &[Vec<Outcome>]) -> Vec<Status> {
    let rules = &project.plan.rules;
    let year = project.plan.report_year;
    let mut per_unit: Vec<Vec<&Outcome>> = vec![Vec::new(); project.units.len()];
    for (i, ind) in project.indicators.iter().enumerate() {
        if let Some(o) = outcomes[i].iter().find(|o| o.year == year) {
            for &u in &ind.units {
                per_unit[u].push(o);
            }
        }
    }
    per_unit
        .iter()
        .map(|os| {
            if os.is_empty() || os.iter().any(|o| o.class.is_none()) {
                Status::Pending
            } else if os
                .iter()
                .all(|o| o.class.is_some_and(|c| rules.classes[c].on_track))
            {
                Status::OnTrack
            } else {
                Status::NotOnTrack
            }
        })
        .collect()
}

/// The rate as printed: exact division, rounded half-up. `None` if undefined.
pub fn rate(
    direction: Direction,
    target: Decimal,
    actual: Decimal,
    decimals: u32,
) -> Option<Decimal> {
    let hundred = Decimal::ONE_HUNDRED;
    let raw = match direction {
        // Multiply first so that terminating quotients stay exact (17 × 100 / 16 = 106.25).
        Direction::HigherIsBetter => (actual.checked_mul(hundred)?).checked_div(target)?,
        Direction::LowerIsBetter if actual.is_zero() => return None,
        Direction::LowerIsBetter => (target.checked_mul(hundred)?).checked_div(actual)?,
    };
    let mut r = raw.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    // Keep trailing zeros so that 100 prints as 100.0, as the report does.
    r.rescale(decimals);
    Some(r)
}

/// The first class whose threshold the rate reaches; the fallback class otherwise.
pub fn classify(rules: &Rules, rate: Decimal) -> usize {
    rules
        .classes
        .iter()
        .position(|c| c.min_rate.is_none_or(|m| rate >= m))
        .unwrap_or(rules.classes.len() - 1)
}

pub fn outcome(
    rules: &Rules,
    direction: Direction,
    f: &Figure,
    status: Option<YearStatus>,
) -> Outcome {
    let estimate = status == Some(YearStatus::Estimate);
    let pending_outcome = |reason: &str| Outcome {
        year: f.year,
        rate: None,
        class: None,
        estimate,
        pending: Some(reason.to_string()),
        label: reason.to_string(),
        symbol: rules.pending_symbol.clone(),
    };
    let actual = match &f.actual {
        Actual::Value(a) => *a,
        Actual::Pending(reason) => return pending_outcome(reason),
        Actual::Abolished => return pending_outcome(ABOLISHED),
    };
    let rate = rate(direction, f.target, actual, rules.decimals);
    // A lower-is-better actual of zero cannot be beaten: the best class, with no rate printed.
    let class = rate.map_or(0, |r| classify(rules, r));
    let c = &rules.classes[class];
    let label = if estimate {
        format!("{}{}", c.label, rules.estimate_suffix)
    } else {
        c.label.clone()
    };
    Outcome {
        year: f.year,
        rate,
        class: Some(class),
        estimate,
        pending: None,
        label,
        symbol: c.symbol.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn rules() -> Rules {
        let class = |label: &str, min: Option<&str>, on: bool| ClassRule {
            label: label.into(),
            min_rate: min.map(d),
            on_track: on,
            symbol: "*".into(),
        };
        Rules {
            decimals: 1,
            estimate_suffix: "見込み".into(),
            classes: vec![
                class("達成", Some("100"), true),
                class("概ね達成", Some("80"), true),
                class("未達成", None, false),
            ],
            pending_symbol: "－".into(),
        }
    }

    fn fig(target: &str, actual: Actual) -> Figure {
        Figure {
            year: Year::parse("R4").unwrap(),
            target: d(target),
            actual,
            note: None,
        }
    }

    const UP: Direction = Direction::HigherIsBetter;

    #[test]
    fn rounds_half_up_at_the_boundary() {
        assert_eq!(rate(UP, d("16"), d("17"), 1), Some(d("106.3"))); // 106.25
        assert_eq!(rate(UP, d("8"), d("7"), 1), Some(d("87.5")));
        assert_eq!(rate(UP, d("40"), d("36"), 1), Some(d("90.0")));
        assert_eq!(rate(UP, d("3"), d("1"), 1), Some(d("33.3")));
        assert_eq!(rate(UP, d("15"), d("7"), 1), Some(d("46.7")));
        assert_eq!(rate(UP, d("1600"), d("3350"), 1), Some(d("209.4"))); // 209.375
        assert_eq!(rate(UP, d("200"), d("1"), 1), Some(d("0.5"))); // 0.5 exactly
        assert_eq!(rate(UP, d("2000"), d("1"), 1), Some(d("0.1"))); // 0.05 → 0.1
        assert_eq!(rate(UP, d("2000"), d("1"), 0), Some(d("0"))); // 0.05 → 0
        assert_eq!(rate(UP, d("8"), d("1"), 0), Some(d("13"))); // 12.5 → 13
        assert_eq!(rate(UP, d("130000"), d("269307"), 1), Some(d("207.2")));
    }

    #[test]
    fn prints_trailing_zero_to_the_configured_decimals() {
        let r = rate(UP, d("50"), d("50"), 1).unwrap();
        assert_eq!(r.to_string(), "100.0");
    }

    #[test]
    fn thresholds_are_inclusive_at_the_rounded_rate() {
        let r = rules();
        assert_eq!(classify(&r, d("100.0")), 0);
        assert_eq!(classify(&r, d("99.9")), 1);
        assert_eq!(classify(&r, d("80.0")), 1);
        assert_eq!(classify(&r, d("79.9")), 2);
        assert_eq!(classify(&r, d("0")), 2);
        // 99.96 rounds to 100.0 and is shown as 達成, never 100.0% 概ね達成.
        let o = outcome(&r, UP, &fig("10000", Actual::Value(d("9996"))), None);
        assert_eq!((o.rate, o.label.as_str()), (Some(d("100.0")), "達成"));
    }

    #[test]
    fn estimate_years_say_mikomi() {
        let r = rules();
        let f = fig("16", Actual::Value(d("17")));
        assert_eq!(
            outcome(&r, UP, &f, Some(YearStatus::Estimate)).label,
            "達成見込み"
        );
        assert_eq!(
            outcome(&r, UP, &f, Some(YearStatus::Confirmed)).label,
            "達成"
        );
        let f = fig("40", Actual::Value(d("36")));
        assert_eq!(
            outcome(&r, UP, &f, Some(YearStatus::Estimate)).label,
            "概ね達成見込み"
        );
    }

    #[test]
    fn pending_and_abolished_have_no_rate_or_class() {
        let r = rules();
        let o = outcome(
            &r,
            UP,
            &fig("30", Actual::Pending("年度末に調査".into())),
            Some(YearStatus::Estimate),
        );
        assert_eq!(
            (o.rate, o.class, o.label.as_str()),
            (None, None, "年度末に調査")
        );
        assert_eq!(o.pending.as_deref(), Some("年度末に調査"));
        let o = outcome(&r, UP, &fig("5", Actual::Abolished), None);
        assert_eq!(
            (o.rate, o.class, o.label.as_str(), o.symbol.as_str()),
            (None, None, "廃止", "－")
        );
    }

    #[test]
    fn zero_actual_is_a_zero_rate() {
        let o = outcome(&rules(), UP, &fig("1400", Actual::Value(d("0"))), None);
        assert_eq!((o.rate, o.label.as_str()), (Some(d("0.0")), "未達成"));
    }

    #[test]
    fn lower_is_better_inverts_the_ratio() {
        let down = Direction::LowerIsBetter;
        assert_eq!(rate(down, d("50"), d("40"), 1), Some(d("125.0")));
        assert_eq!(rate(down, d("50"), d("60"), 1), Some(d("83.3")));
        assert_eq!(rate(down, d("50"), d("0"), 1), None);
        let o = outcome(&rules(), down, &fig("50", Actual::Value(d("0"))), None);
        assert_eq!((o.rate, o.label.as_str()), (None, "達成"));
        let o = outcome(&rules(), down, &fig("50", Actual::Value(d("80"))), None);
        assert_eq!((o.rate, o.label.as_str()), (Some(d("62.5")), "未達成"));
    }
}
