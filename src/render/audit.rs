//! Words for how results are judged: each method's formula, the classes' rules, the summary
//! cards and the inputs of every judgement, so a reader can recompute what a page shows.

use crate::assess::{Outcome, StatusCounts};
use crate::model::Project;
use crate::model::*;
use crate::render::locale::Strings;

/// The method and its formula, as the KPI page and the legend state it.
pub fn method_text(method: Method, direction: Direction, s: &Strings) -> String {
    s.get(match method {
        Method::Ratio if direction.up() => "method.ratio_up",
        Method::Ratio => "method.ratio_down",
        Method::Progress => "method.progress",
        Method::Path => "method.path",
        Method::Trend => "method.trend",
        Method::Grade => "method.grade",
        Method::Milestone => "method.milestone",
        Method::None => "method.none",
    })
    .to_string()
}

/// What a method's rate is called, for methods that print one.
pub fn rate_label(method: Method, s: &Strings) -> Option<&str> {
    match method {
        Method::Ratio => Some(s.get("rate.ratio")),
        Method::Progress | Method::Path => Some(s.get("rate.progress")),
        _ => None,
    }
}

/// The rate row's heading for a table of several indicators: the one name they share, both
/// names when they differ, none when no indicator prints a rate.
pub fn shared_rate_label(project: &Project, s: &Strings) -> Option<String> {
    // A handful of methods among thousands of indicators: each kept once as met, then its
    // label looked up and the labels sorted (this must not do either once per indicator).
    let mut methods: Vec<Method> = Vec::new();
    for ind in &project.indicators {
        if !methods.contains(&ind.method) {
            methods.push(ind.method);
        }
    }
    let mut labels: Vec<&str> = Vec::new();
    for label in methods.into_iter().filter_map(|m| rate_label(m, s)) {
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels.sort_unstable();
    (!labels.is_empty()).then(|| labels.join(s.get("common.list_sep")))
}

/// Which way is good, when it is not simply "higher".
pub fn direction_text(direction: Direction, s: &Strings) -> &str {
    match direction {
        Direction::HigherIsBetter => "",
        Direction::LowerIsBetter => s.get("direction.lower"),
        Direction::MaintainAtLeast => s.get("direction.at_least"),
        Direction::MaintainAtMost => s.get("direction.at_most"),
    }
}

/// The rule of class `i` for the legend: its rate band, or what its key means.
pub fn class_rule(rules: &Rules, i: usize, s: &Strings) -> String {
    let classes = &rules.classes;
    let rate_name = match rules.method {
        Method::Progress | Method::Path => s.get("rate.progress"),
        _ => s.get("rate.ratio"),
    };
    let bound = |t: Threshold| {
        let rate = t.rate.to_string();
        let key = if t.inclusive {
            "rule.at_least"
        } else {
            "rule.above"
        };
        s.fill(key, &[("rate", &rate)])
    };
    // The band's top is the previous class's bottom, seen from below.
    let below = |t: Threshold| {
        let rate = t.rate.to_string();
        let key = if t.inclusive {
            "rule.below"
        } else {
            "rule.at_most"
        };
        s.fill(key, &[("rate", &rate)])
    };
    let upper = i
        .checked_sub(1)
        .and_then(|p| classes[p].threshold)
        .map(below);
    if classes.iter().any(|c| c.threshold.is_some()) {
        let one = |b: &str| s.fill("rule.one", &[("name", rate_name), ("bound", b)]);
        return match (classes[i].threshold.map(bound), upper) {
            (Some(low), None) => one(&low),
            (Some(low), Some(up)) => s.fill(
                "rule.band",
                &[("name", rate_name), ("low", &low), ("up", &up)],
            ),
            (None, Some(up)) => one(&up),
            (None, None) => s.get("rule.all").to_string(),
        };
    }
    match classes[i].key.as_str() {
        key @ ("target_achieved"
        | "substantial_progress"
        | "moderate_progress"
        | "limited_progress"
        | "deterioration") => s.get(&format!("rule.trend.{key}")).to_string(),
        _ => String::new(),
    }
}

/// The index's summary cards, from the configured classes: what "on track" and "not on
/// track" mean in this plan, with the symbol and tone of their best and worst classes.
pub fn cards(plan: &Plan, counts: &StatusCounts, s: &Strings) -> Vec<super::pages::CardView> {
    cards_shown(
        plan,
        counts,
        counts.reported > 0 || plan.rules.classes.is_empty(),
        s,
    )
}

/// [`cards`], with the "figures only" card when `with_reported`: a table of places shows the
/// same columns in every row, whatever each row counts.
pub fn cards_shown(
    plan: &Plan,
    counts: &StatusCounts,
    with_reported: bool,
    s: &Strings,
) -> Vec<super::pages::CardView> {
    let rules = &plan.rules;
    let estimate = plan.year_status(plan.report_year) == Some(YearStatus::Estimate);
    let label = |c: &ClassRule| {
        if estimate {
            format!("{}{}", c.label, rules.estimate_suffix)
        } else {
            c.label.clone()
        }
    };
    let mut cards = Vec::new();
    let mut side = |on_track: bool, count: usize, pick_last: bool| {
        let members: Vec<&ClassRule> = rules
            .classes
            .iter()
            .filter(|c| c.on_track == on_track)
            .collect();
        let shown = if pick_last {
            members.last()
        } else {
            members.first()
        };
        if let Some(c) = shown {
            cards.push(super::pages::CardView {
                label: members
                    .iter()
                    .map(|c| label(c))
                    .collect::<Vec<_>>()
                    .join(s.get("common.list_sep")),
                symbol: c.symbol.clone(),
                key: format!("tone-{}", c.tone),
                count,
            });
        }
    };
    side(true, counts.on_track, false);
    side(false, counts.not_on_track, true);
    cards.push(super::pages::CardView {
        label: s.get("card.pending").into(),
        symbol: rules.pending_symbol.clone(),
        key: "pending".into(),
        count: counts.pending,
    });
    if with_reported {
        cards.push(super::pages::CardView {
            label: s.get("card.reported").into(),
            symbol: String::new(),
            key: "pending".into(),
            count: counts.reported,
        });
    }
    cards
}

/// The counting rule in words, with this plan's class labels.
pub fn counting_rule(plan: &Plan, counts_indicators: bool, s: &Strings) -> String {
    let rules = &plan.rules;
    if counts_indicators {
        return s.get("counting.indicators").into();
    }
    let unit = plan.hierarchy.unit_level();
    let labels = |on_track: bool| {
        rules
            .classes
            .iter()
            .filter(|c| c.on_track == on_track)
            .map(|c| s.fill("counting.label", &[("label", &c.label)]))
            .collect::<Vec<_>>()
            .join(s.get("counting.label_sep"))
    };
    let (on, off) = (labels(true), labels(false));
    let mut rule = s.fill("counting.start", &[("unit", unit)]);
    if !off.is_empty() {
        rule.push_str(&s.fill("counting.off", &[("labels", &off)]));
    }
    if !on.is_empty() {
        rule.push_str(&s.fill("counting.on", &[("labels", &on)]));
    }
    rule.push_str(s.get("counting.end"));
    rule
}

/// An outcome's result as printed: the assessment names a discontinued figure in Japanese,
/// as content does; the page names it in the site's language.
pub fn outcome_label<'a>(o: &'a Outcome, s: &'a Strings) -> &'a str {
    if o.status == "abolished" {
        s.get("status.abolished")
    } else {
        &o.label
    }
}

/// The inputs of one judgement, labelled for the page.
pub fn inputs(ind: &Indicator, o: &Outcome, s: &Strings) -> Vec<super::pages::InputView> {
    o.inputs
        .iter()
        .map(|(key, value)| super::pages::InputView {
            label: input_label(key, ind.method, s).to_string(),
            value: value.clone(),
        })
        .collect()
}

fn input_label<'a>(key: &'a str, method: Method, s: &'a Strings) -> &'a str {
    match key {
        "rate" if method == Method::Ratio => s.get("input.ratio"),
        "rate" => s.get("input.progress"),
        "target" | "target_year" | "actual" | "estimate" | "as_of" | "reached" | "baseline"
        | "baseline_year" | "final_target" | "final_target_year" | "path_value" | "state"
        | "target_state" | "base_year" | "base_value" | "current_year" | "current_value"
        | "thresholds" | "progress_value" | "score" | "target_achieved" => {
            s.get(&format!("input.{key}"))
        }
        other => other,
    }
}
