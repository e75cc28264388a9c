//! Stage 2: judge every indicator in every year, and count the headline summary.
//!
//! Nothing computed here is ever typed into content. The method (`ratio`, `progress`, `path`,
//! `trend`, `grade`, `milestone`, `none`), thresholds, decimals and the 見込み suffix come from
//! `plan.yaml`; an indicator may choose its own method. The formulas are in `rate.rs` and
//! `trend.rs`, with worked examples in `docs/methods.md`.
//!
//! **Class.** Rate methods take the first class whose threshold the *printed (rounded)* rate
//! passes, so a page never shows 100.0% next to 概ね達成. `grade` takes the typed class,
//! `trend` the class keyed by Open SDG's status, `milestone` the state's class. In a year whose
//! actuals are estimates the label gains the suffix (達成 → 達成見込み).
//!
//! **Summary (counting rule).** For the report year, every unit policy counts once (a policy
//! filed under two measures is one policy). Its deciding outcome is, in this order: one with
//! no figure (being tallied, surveyed at year end, abolished, ...) → *pending*; else the worst
//! class that is not on track → *not on track*; else the worst on-track class → *on track*;
//! else (figures only, method `none`) → *reported*. For Atsugi R5 this gives 36 / 19 / 9 / 8.

mod by_node;
mod judge;
pub mod rate;
mod summary;
pub mod trend;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::*;
pub use judge::{outcome, trend_progress};
pub use summary::{Status, StatusCounts, Summary, TrendGroup};
use summary::{summarise, unit_status};

/// The outcome of one indicator in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub year: Year,
    pub method: Method,
    /// The printed rate of a rate method, rounded to `assessment.decimals`.
    pub rate: Option<Decimal>,
    /// Index into `plan.rules.classes`; `None` when there is no judgement.
    pub class: Option<usize>,
    /// Whether the year's actuals are estimates (見込み).
    pub estimate: bool,
    /// Why there is no figure: the pending reason, or 廃止.
    pub pending: Option<String>,
    /// Machine key: the class's key (Open SDG's status under `trend`), or `pending`,
    /// `abolished`, `not_due`, `no_data`, `not_available`, `reported`.
    pub status: String,
    pub on_track: Option<bool>,
    /// The text shown for the result: 達成見込み, 未達成, 集計中, 廃止 ...
    pub label: String,
    /// The symbol shown with it, so status is never colour alone.
    pub symbol: String,
    /// What the method used and found, name → value, so a reader can recompute it.
    pub inputs: Vec<(&'static str, String)>,
}

/// Everything computed from a project.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// `outcomes[i][y]`: indicator `i` (as in `Project::indicators`), plan year `y`.
    pub outcomes: Vec<Vec<Outcome>>,
    /// Parallel to `Project::units`: the report-year outcome that decides the unit's status,
    /// as (indicator, year index); `None` for a unit without indicators.
    pub deciding: Vec<Option<(usize, usize)>>,
    /// Parallel to `Project::units`.
    pub status: Vec<Status>,
    /// For each indicator, the index of its headline outcome (the year it is judged at).
    pub headline: Vec<Option<usize>>,
    /// Open SDG indicators reported by several KPIs (series), each combined as Open SDG does.
    pub trend_groups: Vec<TrendGroup>,
    /// For each indicator, its group in `trend_groups`, if it reports an Open SDG indicator.
    pub trend_group: Vec<Option<usize>>,
    pub summary: Summary,
    /// For each node of the hierarchy, the counted items in its subtree by where they stand
    /// (see `by_node`).
    pub by_node: Vec<StatusCounts>,
}

impl Outcome {
    /// What the method used or found under `name` (the audit trail), as written.
    pub fn input(&self, name: &str) -> Option<&str> {
        self.inputs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Assessment {
    /// The report-year outcome that decides unit `u`'s status, and so its label.
    pub fn deciding_outcome(&self, u: usize) -> Option<&Outcome> {
        self.deciding[u].map(|(i, y)| &self.outcomes[i][y])
    }

    /// Indicator `i`'s outcome in the year it is judged at (see [`Indicator::judged_in`]).
    pub fn headline(&self, i: usize) -> Option<&Outcome> {
        self.headline[i].map(|y| &self.outcomes[i][y])
    }

    /// Where indicator `i` stands, by the same rule as a unit with only that indicator.
    pub fn indicator_status(&self, i: usize) -> Status {
        unit_status(self.headline(i))
    }

    /// Where counted item `k` stands: unit policy `k`, or in a plan without unit policies,
    /// indicator `k` (see [`Summary::counts_indicators`]).
    pub fn counted_status(&self, project: &Project, k: usize) -> Status {
        if project.units.is_empty() {
            self.indicator_status(k)
        } else {
            self.status[k]
        }
    }
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
/// the others kept from `previous`; only what depends on them is found again (their units'
/// statuses, their Open SDG groups), and the summary counted again.
pub fn reassess(project: &Project, previous: Assessment, changed: &[usize]) -> Assessment {
    let outcomes = changed
        .iter()
        .map(|&i| indicator_outcomes(&project.plan, &project.indicators[i]))
        .collect();
    summary::resummarise(project, previous, changed, outcomes)
}

pub fn indicator_outcomes(plan: &Plan, ind: &Indicator) -> Vec<Outcome> {
    ind.figures.iter().map(|f| outcome(plan, ind, f)).collect()
}

#[cfg(test)]
mod tests;
