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

pub mod rate;
pub mod trend;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::*;
use rate::Rate;

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
    /// `abolished`, `not_due`, `not_available`, `reported`.
    pub status: String,
    pub on_track: Option<bool>,
    /// The text shown for the result: 達成見込み, 未達成, 集計中, 廃止 ...
    pub label: String,
    /// The symbol shown with it, so status is never colour alone.
    pub symbol: String,
    /// What the method used and found, name → value, so a reader can recompute it.
    pub inputs: Vec<(&'static str, String)>,
}

/// Where a unit policy stands in the report year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    NotOnTrack,
    Pending,
    /// Its indicators report figures without a judgement (method `none`).
    Reported,
}

/// Unit policies counted by where they stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub on_track: usize,
    pub not_on_track: usize,
    pub pending: usize,
    pub reported: usize,
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::OnTrack => self.on_track += 1,
            Status::NotOnTrack => self.not_on_track += 1,
            Status::Pending => self.pending += 1,
            Status::Reported => self.reported += 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub year: Year,
    pub unit_policies: usize,
    /// Whether the counts below are of indicators: a plan whose indicators hang on the
    /// hierarchy directly has no unit policies to count.
    pub counts_indicators: bool,
    #[serde(flatten)]
    pub units: StatusCounts,
    /// Indicators in each class in the report year, parallel to `plan.rules.classes`.
    pub indicators_by_class: Vec<usize>,
    /// Indicators with no judgement in the report year (no figure, or figures only).
    pub indicators_unjudged: usize,
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
    pub summary: Summary,
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

pub fn indicator_outcomes(plan: &Plan, ind: &Indicator) -> Vec<Outcome> {
    ind.figures.iter().map(|f| outcome(plan, ind, f)).collect()
}

/// An Open SDG indicator whose series are separate KPIs, and the status Open SDG publishes
/// for it: from the mean of the series' scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendGroup {
    pub indicator: String,
    /// Indices into `Project::indicators`.
    pub members: Vec<usize>,
    pub status: &'static str,
}

fn summarise(project: &Project, outcomes: Vec<Vec<Outcome>>) -> Assessment {
    let plan = &project.plan;
    let headline: Vec<Option<usize>> = project
        .indicators
        .iter()
        .zip(&outcomes)
        .map(|(ind, os)| {
            let year = ind.judged_in(plan);
            os.iter().position(|o| o.year == year)
        })
        .collect();
    let deciding = deciding_outcomes(project, &outcomes, &headline);
    let status: Vec<Status> = deciding
        .iter()
        .map(|d| unit_status(d.map(|(i, y)| &outcomes[i][y])))
        .collect();
    let mut units = StatusCounts::default();
    let counts_indicators = project.units.is_empty();
    let headlines = || {
        headline
            .iter()
            .zip(&outcomes)
            .filter_map(|(y, os)| y.map(|y| &os[y]))
    };
    if counts_indicators {
        for (os, y) in outcomes.iter().zip(&headline) {
            units.add(unit_status(y.map(|y| &os[y])));
        }
    } else {
        for &s in &status {
            units.add(s);
        }
    }
    let mut indicators_by_class = vec![0; plan.rules.classes.len()];
    let mut indicators_unjudged = 0;
    for o in headlines() {
        match o.class {
            Some(c) => indicators_by_class[c] += 1,
            None => indicators_unjudged += 1,
        }
    }
    let summary = Summary {
        year: plan.report_year,
        unit_policies: status.len(),
        counts_indicators,
        units,
        indicators_by_class,
        indicators_unjudged,
    };
    let trend_groups = trend_groups(project);
    Assessment {
        outcomes,
        deciding,
        status,
        headline,
        trend_groups,
        summary,
    }
}

/// Groups the trend KPIs that report the same Open SDG indicator, and combines their series.
fn trend_groups(project: &Project) -> Vec<TrendGroup> {
    let mut groups: Vec<TrendGroup> = Vec::new();
    for (i, ind) in project.indicators.iter().enumerate() {
        let Some(sdg) = ind
            .open_sdg
            .as_ref()
            .filter(|_| ind.method == Method::Trend)
        else {
            continue;
        };
        match groups.iter_mut().find(|g| g.indicator == sdg.indicator) {
            Some(g) => g.members.push(i),
            None => groups.push(TrendGroup {
                indicator: sdg.indicator.clone(),
                members: vec![i],
                status: trend::NOT_AVAILABLE,
            }),
        }
    }
    for g in &mut groups {
        let series: Vec<trend::Progress> = g
            .members
            .iter()
            .map(|&i| {
                let ind = &project.indicators[i];
                trend_progress(&project.plan, ind, ind.judged_in(&project.plan))
            })
            .collect();
        g.status = trend::combine(&series);
    }
    groups
}

/// How strongly an outcome decides its unit's status; the highest wins (see the module doc).
fn weight(o: &Outcome) -> (u8, usize) {
    match (o.class, o.on_track, &o.pending) {
        (_, _, Some(_)) => (3, 0),
        (Some(c), Some(false), _) => (2, c),
        (Some(c), _, _) => (1, c),
        (None, _, None) => (0, 0),
    }
}

fn unit_status(deciding: Option<&Outcome>) -> Status {
    match deciding.map(weight) {
        None | Some((3, _)) => Status::Pending,
        Some((2, _)) => Status::NotOnTrack,
        Some((1, _)) => Status::OnTrack,
        Some(_) => Status::Reported,
    }
}

/// Applies the counting rule documented at the top of this module.
fn deciding_outcomes(
    project: &Project,
    outcomes: &[Vec<Outcome>],
    headline: &[Option<usize>],
) -> Vec<Option<(usize, usize)>> {
    let mut deciding: Vec<Option<(usize, usize)>> = vec![None; project.units.len()];
    for (i, ind) in project.indicators.iter().enumerate() {
        let Some(y) = headline[i] else {
            continue;
        };
        let o = &outcomes[i][y];
        for &u in &ind.units {
            // Strictly greater: among equals the lowest indicator number decides.
            if deciding[u].is_none_or(|(j, z)| weight(o) > weight(&outcomes[j][z])) {
                deciding[u] = Some((i, y));
            }
        }
    }
    deciding
}

/// Judges one figure of `ind` by its method.
pub fn outcome(plan: &Plan, ind: &Indicator, f: &Figure) -> Outcome {
    let rules = &plan.rules;
    let estimate = plan.year_status(f.year) == Some(YearStatus::Estimate);
    let mut out = Outcome {
        year: f.year,
        method: ind.method,
        rate: None,
        class: None,
        estimate,
        pending: None,
        status: String::new(),
        on_track: None,
        label: String::new(),
        symbol: String::new(),
        inputs: Vec::new(),
    };
    let unjudged = |mut out: Outcome, status: &str, reason: Option<&str>| {
        out.status = status.to_string();
        out.pending = reason.map(str::to_string);
        out.label = reason.unwrap_or_default().to_string();
        // The pending symbol beside a reason (－ 集計中), not beside itself.
        out.symbol = match reason {
            Some(r) if r != rules.pending_symbol => rules.pending_symbol.clone(),
            _ => String::new(),
        };
        out
    };
    match &f.actual {
        Actual::Pending(reason) => return unjudged(out, "pending", Some(reason)),
        Actual::Abolished => return unjudged(out, "abolished", Some(ABOLISHED)),
        // A grade typed without a figure is still the publisher's judgement.
        Actual::NotDue if f.grade.is_none() => return unjudged(out, "not_due", None),
        Actual::NoData => return unjudged(out, "no_data", None),
        _ => {}
    }
    let class = match ind.method {
        Method::None => {
            let mut out = unjudged(out, "reported", None);
            out.label = rules.pending_symbol.clone();
            return out;
        }
        Method::Grade => f.grade,
        Method::Milestone => milestone_class(rules, ind, f, &mut out.inputs),
        Method::Trend => {
            let progress = trend_progress(plan, ind, f.year);
            trend_inputs(&progress, &mut out.inputs);
            if progress.status == trend::NOT_AVAILABLE {
                return unjudged(out, trend::NOT_AVAILABLE, Some(&rules.pending_symbol));
            }
            rules.class_by_key(progress.status)
        }
        Method::Ratio | Method::Progress | Method::Path => {
            match rated(plan, ind, f, &mut out.inputs) {
                Some(Rate::Printed(r)) => {
                    out.rate = Some(r);
                    rate::classify(rules, r)
                }
                Some(Rate::Undefined { reached }) => rules.reached_class(reached),
                None => None,
            }
        }
    };
    let Some(class) = class else {
        // Load guarantees every judged figure has what its method needs; this is overflow.
        return unjudged(out, trend::NOT_AVAILABLE, Some(&rules.pending_symbol));
    };
    let c = &rules.classes[class];
    out.class = Some(class);
    out.status = c.key.clone();
    out.on_track = Some(c.on_track);
    out.label = if estimate {
        format!("{}{}", c.label, rules.estimate_suffix)
    } else {
        c.label.clone()
    };
    out.symbol = c.symbol.clone();
    out
}

/// The rate of a rate method, recording its inputs.
fn rated(
    plan: &Plan,
    ind: &Indicator,
    f: &Figure,
    inputs: &mut Vec<(&'static str, String)>,
) -> Option<Rate> {
    let Actual::Value(actual) = f.actual else {
        return None;
    };
    let decimals = plan.rules.decimals;
    let rate = match ind.method {
        Method::Ratio => {
            let target = ind.target_for(f.year)?;
            inputs.push(("target", target.value.to_string()));
            if target.year != f.year {
                inputs.push(("target_year", target.year.to_string()));
            }
            inputs.push(("actual", actual.to_string()));
            rate::ratio(ind.direction, target.value, actual, decimals)
        }
        _ => {
            let base = ind.base_for(f.year)?;
            inputs.push(("baseline", base.value.to_string()));
            inputs.push(("baseline_year", base.year.to_string()));
            let bar = if ind.method == Method::Path {
                let targets = ind.target_points();
                let point = rate::path_point(plan.rules.path_steps, base, &targets, f.year)?;
                let last = targets.last()?;
                inputs.push(("final_target", last.value.to_string()));
                inputs.push(("final_target_year", last.year.to_string()));
                let shown = rate::printed(point, decimals + 2).normalize();
                inputs.push(("path_value", shown.to_string()));
                point
            } else {
                let target = ind.target_for(f.year)?;
                inputs.push(("target", target.value.to_string()));
                inputs.push(("target_year", target.year.to_string()));
                target.value
            };
            inputs.push(("actual", actual.to_string()));
            rate::progress(ind.direction, base.value, bar, actual, decimals)
        }
    };
    match &rate {
        Some(Rate::Printed(r)) => inputs.push(("rate", r.to_string())),
        Some(Rate::Undefined { reached }) => {
            inputs.push(("rate", "undefined".into()));
            inputs.push(("reached", reached.to_string()));
        }
        None => {}
    }
    rate
}

fn milestone_class(
    rules: &Rules,
    ind: &Indicator,
    f: &Figure,
    inputs: &mut Vec<(&'static str, String)>,
) -> Option<usize> {
    let Actual::State(state) = &f.actual else {
        return None;
    };
    let rank = |s: &str| ind.states.iter().position(|x| x.value == s);
    let at = rank(state)?;
    inputs.push(("state", state.clone()));
    if let Some(c) = ind.states[at].class {
        return Some(c);
    }
    // The bar is the year's target state, else the next one set, else the last stage.
    let target = f
        .target_state
        .clone()
        .or_else(|| {
            ind.figures
                .iter()
                .filter(|g| g.year > f.year)
                .find_map(|g| g.target_state.clone())
        })
        .or_else(|| ind.states.last().map(|s| s.value.clone()))?;
    inputs.push(("target_state", target.clone()));
    let reached = at >= rank(&target)?;
    inputs.push(("reached", reached.to_string()));
    rules.reached_class(reached)
}

/// Open SDG's measure over the figures up to `year` (the baseline included as data).
pub fn trend_progress(plan: &Plan, ind: &Indicator, year: Year) -> trend::Progress {
    let mut points: Vec<(i32, f64)> = Vec::new();
    let mut add = |y: Year, v: Decimal| {
        let y = i32::from(y.fiscal);
        if !points.iter().any(|p| p.0 == y) {
            points.push((y, to_f64(v)));
        }
    };
    for f in ind.figures.iter().filter(|f| f.year <= year) {
        if let Actual::Value(v) = f.actual {
            add(f.year, v);
        }
    }
    for b in ind.baseline.iter().filter(|b| b.year <= year) {
        add(b.year, b.value);
    }
    let base_year = ind.trend.base_year.unwrap_or(plan.baseline_year);
    let target = ind
        .final_target
        .or_else(|| ind.target_points().last().copied());
    trend::measure(&trend::Series {
        points,
        base_year: i32::from(base_year.fiscal),
        target: target.map(|t| (to_f64(t.value), i32::from(t.year.fiscal))),
        higher_is_better: ind.direction.up(),
        limit: ind.trend.limit,
        thresholds: ind.trend.thresholds,
    })
}

/// The f64 nearest the decimal, as Open SDG's CSV reader would read it.
fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

fn trend_inputs(p: &trend::Progress, inputs: &mut Vec<(&'static str, String)>) {
    let mut put = |name: &'static str, v: Option<String>| {
        if let Some(v) = v {
            inputs.push((name, v));
        }
    };
    put("base_year", p.base_year.map(|v| v.to_string()));
    put("base_value", p.base_value.map(|v| v.to_string()));
    put("current_year", p.current_year.map(|v| v.to_string()));
    put("current_value", p.current_value.map(|v| v.to_string()));
    put("target", p.target.map(|v| v.to_string()));
    put(
        "target_year",
        p.target.and(p.target_year).map(|v| v.to_string()),
    );
    put(
        "thresholds",
        Some(format!("{} / {} / {}", p.high, p.med, p.low)),
    );
    put("progress_value", p.progress_value.map(|v| v.to_string()));
    put("score", p.score.map(|v| v.to_string()));
    put("target_achieved", Some(p.target_achieved.to_string()));
}

#[cfg(test)]
mod tests;
