//! Counting: where each unit policy stands, the headline summary, and Open SDG indicators
//! combined from their series. The rule is in the module doc of `assess`.

use serde::Serialize;

use super::{Assessment, Outcome, by_node, trend, trend_progress};
use crate::model::*;

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

    /// How many were counted.
    pub fn total(&self) -> usize {
        self.on_track + self.not_on_track + self.pending + self.reported
    }

    /// Takes back an [`add`](Self::add).
    pub fn remove(&mut self, status: Status) {
        let count = match status {
            Status::OnTrack => &mut self.on_track,
            Status::NotOnTrack => &mut self.not_on_track,
            Status::Pending => &mut self.pending,
            Status::Reported => &mut self.reported,
        };
        *count -= 1;
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

/// An Open SDG indicator whose series are separate KPIs, and the status Open SDG publishes
/// for it: from the mean of the series' scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendGroup {
    pub indicator: String,
    /// Indices into `Project::indicators`.
    pub members: Vec<usize>,
    pub status: &'static str,
}

pub(super) fn summarise(project: &Project, outcomes: Vec<Vec<Outcome>>) -> Assessment {
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
    let (trend_groups, trend_group) = trend_groups(project);
    let summary = counted(project, &outcomes, &headline, &status);
    let mut a = Assessment {
        outcomes,
        deciding,
        status,
        headline,
        trend_groups,
        trend_group,
        summary,
        by_node: Vec::new(),
    };
    a.by_node = by_node::count(project, &a);
    a
}

/// [`summarise`] after the indicators in `changed` got new `outcomes` (the others as in
/// `previous`, which summarised the same project before the edit): only those indicators'
/// headlines, their units' deciding outcomes and their Open SDG indicators' combined statuses
/// are found again, and only the counted items whose status changed are counted again.
pub(super) fn resummarise(
    project: &Project,
    previous: Assessment,
    changed: &[usize],
    outcomes: Vec<Vec<Outcome>>,
) -> Assessment {
    let plan = &project.plan;
    let mut a = previous;
    let units: std::collections::BTreeSet<usize> = changed
        .iter()
        .flat_map(|&i| &project.indicators[i].units)
        .copied()
        .collect();
    // What may change where it counts: the items (units, or indicators in a plan without
    // them) and the edited indicators' headline classes, as they were.
    let items: Vec<usize> = if project.units.is_empty() {
        changed.to_vec()
    } else {
        units.iter().copied().collect()
    };
    let items_before: Vec<Status> = items
        .iter()
        .map(|&k| a.counted_status(project, k))
        .collect();
    let classes_before: Vec<Option<Option<usize>>> =
        changed.iter().map(|&i| headline_class(&a, i)).collect();
    for (&i, os) in changed.iter().zip(outcomes) {
        a.outcomes[i] = os;
        let year = project.indicators[i].judged_in(plan);
        a.headline[i] = a.outcomes[i].iter().position(|o| o.year == year);
    }
    for u in units {
        let d = deciding_of(project, &a.outcomes, &a.headline, project.indicators_of(u));
        a.deciding[u] = d;
        a.status[u] = unit_status(d.map(|(i, y)| &a.outcomes[i][y]));
    }
    // The groups stay when no edited indicator joined or left one (changed its method).
    let same_groups = changed
        .iter()
        .all(|&i| in_a_trend_group(&project.indicators[i]).is_some() == a.trend_group[i].is_some());
    if same_groups {
        let groups: std::collections::BTreeSet<usize> =
            changed.iter().filter_map(|&i| a.trend_group[i]).collect();
        for g in groups {
            a.trend_groups[g].status = combined(project, &a.trend_groups[g].members);
        }
    } else {
        (a.trend_groups, a.trend_group) = trend_groups(project);
    }
    for (&k, was) in items.iter().zip(items_before) {
        let now = a.counted_status(project, k);
        by_node::recount(project, &mut a.by_node, k, was, now);
        a.summary.units.remove(was);
        a.summary.units.add(now);
    }
    for (&i, was) in changed.iter().zip(classes_before) {
        let now = headline_class(&a, i);
        tally_class(&mut a.summary, was, false);
        tally_class(&mut a.summary, now, true);
    }
    a
}

/// Indicator `i`'s class in the report year: `None` without a headline outcome (not
/// counted), `Some(None)` when that outcome has no judgement.
fn headline_class(a: &Assessment, i: usize) -> Option<Option<usize>> {
    a.headline[i].map(|y| a.outcomes[i][y].class)
}

/// Counts (`add`) or takes back a headline class in the summary's indicator counts.
fn tally_class(summary: &mut Summary, class: Option<Option<usize>>, add: bool) {
    let count = match class {
        Some(Some(c)) => &mut summary.indicators_by_class[c],
        Some(None) => &mut summary.indicators_unjudged,
        None => return,
    };
    if add {
        *count += 1;
    } else {
        *count -= 1;
    }
}

/// The summary, counted from the units' statuses and the indicators' headlines.
fn counted(
    project: &Project,
    outcomes: &[Vec<Outcome>],
    headline: &[Option<usize>],
    status: &[Status],
) -> Summary {
    let plan = &project.plan;
    let mut units = StatusCounts::default();
    let counts_indicators = project.units.is_empty();
    let headlines = || {
        headline
            .iter()
            .zip(outcomes)
            .filter_map(|(y, os)| y.map(|y| &os[y]))
    };
    if counts_indicators {
        for (os, y) in outcomes.iter().zip(headline) {
            units.add(unit_status(y.map(|y| &os[y])));
        }
    } else {
        for &s in status {
            units.add(s);
        }
    }
    let mut summary = Summary {
        year: plan.report_year,
        unit_policies: status.len(),
        counts_indicators,
        units,
        indicators_by_class: vec![0; plan.rules.classes.len()],
        indicators_unjudged: 0,
    };
    for o in headlines() {
        tally_class(&mut summary, Some(o.class), true);
    }
    summary
}

/// Groups the trend KPIs that report the same Open SDG indicator, and combines their series.
/// Also returns, for each indicator, the index of its group.
fn trend_groups(project: &Project) -> (Vec<TrendGroup>, Vec<Option<usize>>) {
    let mut groups: Vec<TrendGroup> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; project.indicators.len()];
    let mut by_indicator: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, ind) in project.indicators.iter().enumerate() {
        let Some(sdg) = in_a_trend_group(ind) else {
            continue;
        };
        let g = *by_indicator.entry(&sdg.indicator).or_insert_with(|| {
            groups.push(TrendGroup {
                indicator: sdg.indicator.clone(),
                members: Vec::new(),
                status: trend::NOT_AVAILABLE,
            });
            groups.len() - 1
        });
        groups[g].members.push(i);
        group_of[i] = Some(g);
    }
    for g in &mut groups {
        g.status = combined(project, &g.members);
    }
    (groups, group_of)
}

/// The Open SDG indicator whose trend group `ind` is in, if any.
fn in_a_trend_group(ind: &Indicator) -> Option<&OpenSdgRef> {
    ind.open_sdg
        .as_ref()
        .filter(|_| ind.method == Method::Trend)
}

/// The status Open SDG publishes for an indicator reported by the series `members`.
fn combined(project: &Project, members: &[usize]) -> &'static str {
    let series: Vec<trend::Progress> = members
        .iter()
        .map(|&i| {
            let ind = &project.indicators[i];
            trend_progress(&project.plan, ind, ind.judged_in(&project.plan))
        })
        .collect();
    trend::combine(&series)
}

/// How strongly an outcome decides its unit's status; the highest wins (see the module doc).
fn weight(o: &Outcome) -> (u8, usize) {
    // A headline year with no figure at all (not due, no data) is no figure: pending.
    let no_figure = o.pending.is_some() || matches!(o.status.as_str(), "no_data" | "not_due");
    match (o.class, o.on_track) {
        _ if no_figure => (3, 0),
        (Some(c), Some(false)) => (2, c),
        (Some(c), _) => (1, c),
        (None, _) => (0, 0),
    }
}

pub(super) fn unit_status(deciding: Option<&Outcome>) -> Status {
    match deciding.map(weight) {
        None | Some((3, _)) => Status::Pending,
        Some((2, _)) => Status::NotOnTrack,
        Some((1, _)) => Status::OnTrack,
        Some(_) => Status::Reported,
    }
}

/// Whether indicator `ind`, judged at its figure `y`, was replaced (`successor`) in a period
/// before the report year's: the headline counts only the current period's indicators.
fn replaced_in_an_earlier_period(
    plan: &crate::model::Plan,
    ind: &crate::model::Indicator,
    y: usize,
) -> bool {
    let judged = plan.period_of(ind.figures[y].year);
    ind.successor.is_some() && judged.is_some() && judged != plan.period_of(plan.report_year)
}

/// Unit `u`'s deciding outcome among its indicators `of` (in indicator order), by the rule of
/// [`deciding_outcomes`].
fn deciding_of(
    project: &Project,
    outcomes: &[Vec<Outcome>],
    headline: &[Option<usize>],
    of: &[usize],
) -> Option<(usize, usize)> {
    let mut deciding: Option<(usize, usize)> = None;
    for &i in of {
        let Some(y) = headline[i] else {
            continue;
        };
        if replaced_in_an_earlier_period(&project.plan, &project.indicators[i], y) {
            continue;
        }
        let o = &outcomes[i][y];
        if deciding.is_none_or(|(j, z)| weight(o) > weight(&outcomes[j][z])) {
            deciding = Some((i, y));
        }
    }
    deciding
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
        if replaced_in_an_earlier_period(&project.plan, ind, y) {
            continue;
        }
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
