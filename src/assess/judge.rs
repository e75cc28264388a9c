//! Judging one figure by its indicator's method.

use rust_decimal::Decimal;

use super::rate::{self, Rate};
use super::{ABOLISHED, Outcome, trend};
use crate::model::*;

/// Judges one figure of `ind` by its method.
pub fn outcome(plan: &Plan, ind: &Indicator, f: &Figure) -> Outcome {
    let mut out = judged(plan, ind, f);
    // Kept for the whole build, one per indicator and year: without the room pushing left
    // (room for eight when a method records five).
    out.inputs.shrink_to_fit();
    out
}

fn judged(plan: &Plan, ind: &Indicator, f: &Figure) -> Outcome {
    let rules = &plan.rules;
    // A year of estimates (見込値), or a year judged by its year-end estimate (年末見込).
    let estimate = plan.year_status(f.year) == Some(YearStatus::Estimate) || f.estimate.is_some();
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
        Actual::NotDue if f.grade.is_none() && f.estimate.is_none() => {
            return unjudged(out, "not_due", None);
        }
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
    let actual = f.judged_value()?;
    if let Some(day) = f.as_of {
        inputs.push(("as_of", day.label(YearForm::Calendar)));
    }
    // The audit trail names what was judged: the actual, or the year-end estimate.
    let figure_key = if f.estimate.is_some() {
        "estimate"
    } else {
        "actual"
    };
    let decimals = plan.rules.decimals;
    let rate = match ind.method {
        Method::Ratio => {
            let target = ind.target_for(f.year)?;
            inputs.push(("target", target.value.to_string()));
            if target.year != f.year {
                inputs.push(("target_year", target.year.to_string()));
            }
            inputs.push((figure_key, actual.to_string()));
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
            inputs.push((figure_key, actual.to_string()));
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
        if let Some(v) = f.judged_value() {
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
