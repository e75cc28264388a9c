//! `content/plan.yaml`: years, assessment rules and the hierarchy.

use unicode_normalization::UnicodeNormalization;

use super::files;
use super::numbers::{list, non_empty, number, year};
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::model::*;

pub(super) fn check_plan(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    let raw: files::PlanFile = src.parse(diags)?;
    let before = diags.len();
    for (field, v) in [
        ("city", &raw.city),
        ("plan", &raw.plan),
        ("title", &raw.title),
    ] {
        non_empty(src, field, v, diags);
    }
    let mut fiscal_years: Vec<FiscalYear> = Vec::new();
    for (i, fy) in raw.fiscal_years.iter().enumerate() {
        let field = format!("fiscal_years[{i}].year");
        let Some(y) = year(src, &field, &fy.year, diags) else {
            continue;
        };
        if fiscal_years.last().is_some_and(|last| last.year >= y) {
            diags.push(
                src.error(&field, format!("{y} is out of order or repeated"))
                    .help("list the plan's fiscal years once each, oldest first"),
            );
        }
        let status = match fy.status {
            files::StatusEntry::Confirmed => YearStatus::Confirmed,
            files::StatusEntry::Estimate => YearStatus::Estimate,
        };
        fiscal_years.push(FiscalYear { year: y, status });
    }
    if raw.fiscal_years.is_empty() {
        diags.push(
            src.error("fiscal_years", "the plan needs at least one fiscal year")
                .help("list them oldest first, e.g. - {year: R5, status: estimate}"),
        );
    }
    let report_year = year(src, "report_year", &raw.report_year, diags);
    // With no fiscal years at all, that is the one problem to report.
    if let Some(y) = report_year
        && !fiscal_years.is_empty()
        && !fiscal_years.iter().any(|f| f.year == y)
    {
        diags.push(
            src.error("report_year", format!("{y} is not one of the fiscal_years"))
                .help(format!(
                    "use one of {}",
                    list(fiscal_years.iter().map(|f| f.year))
                )),
        );
    }
    let baseline_year = year(src, "baseline_year", &raw.baseline_year, diags);
    let rules = check_rules(src, &raw.assessment, diags);
    let goals = check_goals(src, &raw.goals, diags);
    let levels = raw.levels.map_or_else(
        || Levels {
            goal: "基本目標".into(),
            policy: "基本方針".into(),
            measure: "基本施策".into(),
            unit: "単位施策".into(),
        },
        |l| Levels {
            goal: l.goal,
            policy: l.policy,
            measure: l.measure,
            unit: l.unit,
        },
    );
    if diags.len() > before {
        return None;
    }
    Some(Plan {
        city: raw.city,
        plan: raw.plan,
        title: raw.title,
        report_year: report_year?,
        fiscal_years,
        baseline_year: baseline_year?,
        levels,
        rules,
        goals,
    })
}

fn check_rules(
    src: &Source,
    raw: &files::AssessmentEntry,
    diags: &mut Vec<Diagnostic>,
) -> Rules {
    if raw.decimals > 6 {
        diags.push(
            src.error("assessment.decimals", "at most 6 decimals are supported")
                .help("use a number from 0 to 6"),
        );
    }
    let mut classes = Vec::new();
    let n = raw.classes.len();
    for (i, c) in raw.classes.iter().enumerate() {
        let field = format!("assessment.classes[{i}]");
        non_empty(src, &format!("{field}.label"), &c.label, diags);
        let min_rate = c
            .min_rate
            .as_ref()
            .and_then(|m| number(src, &format!("{field}.min_rate"), m, diags));
        let last = i + 1 == n;
        if last && c.min_rate.is_some() {
            diags.push(
                src.error(
                    &format!("{field}.min_rate"),
                    "the last class is the fallback and has no min_rate",
                )
                .help("remove min_rate from the last class, or add a class without one after it"),
            );
        }
        if !last && c.min_rate.is_none() {
            diags.push(
                src.error(&field, "only the last class may omit min_rate")
                    .help("give every class but the last a min_rate, highest first"),
            );
        }
        if let (Some(prev), Some(cur)) = (
            classes.last().and_then(|p: &ClassRule| p.min_rate),
            min_rate,
        ) && cur >= prev
        {
            diags.push(
                src.error(
                    &format!("{field}.min_rate"),
                    format!("{cur} is not below the previous class's {prev}"),
                )
                .help("order classes from the highest min_rate down"),
            );
        }
        classes.push(ClassRule {
            label: c.label.clone(),
            min_rate,
            on_track: c.on_track,
            symbol: c.symbol.clone(),
        });
    }
    if n == 0 {
        diags.push(
            src.error("assessment.classes", "at least one class is needed")
                .help("e.g. - {label: 達成, min_rate: 100, on_track: true, symbol: ◎}"),
        );
    }
    Rules {
        decimals: raw.decimals,
        estimate_suffix: raw.estimate_suffix.clone(),
        classes,
        pending_symbol: raw.pending_symbol.clone(),
    }
}

fn check_goals(
    src: &Source,
    raw: &[files::GoalEntry],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Goal> {
    let mut goals: Vec<Goal> = Vec::new();
    for (gi, g) in raw.iter().enumerate() {
        let field = format!("goals[{gi}]");
        let norm: String = g.id.nfkc().collect();
        let Some(id) = parse_roman(norm.trim()) else {
            let shown = super::text_check::visible(&g.id);
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    format!("`{shown}` is not a Roman numeral"),
                )
                .help("write I, II, III, ..."),
            );
            continue;
        };
        if goals.iter().any(|x| x.id == id) {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    format!("goal {} is defined twice", roman(id)),
                )
                .help("merge the two entries, or correct the ID"),
            );
        }
        non_empty(src, &format!("{field}.name"), &g.name, diags);
        let mut policies: Vec<BasicPolicy> = Vec::new();
        for (pi, p) in g.policies.iter().enumerate() {
            let pfield = format!("{field}.policies[{pi}]");
            if p.no == 0 || policies.iter().any(|x| x.no == p.no) {
                diags.push(
                    src.error(
                        &format!("{pfield}.no"),
                        format!(
                            "policy number {} is zero or repeated in goal {}",
                            p.no,
                            roman(id)
                        ),
                    )
                    .help("number the policies of a goal 1, 2, 3, ... once each"),
                );
            }
            let mut measures: Vec<Measure> = Vec::new();
            for (mi, m) in p.measures.iter().enumerate() {
                if m.no == 0 || measures.iter().any(|x| x.no == m.no) {
                    diags.push(
                        src.error(
                            &format!("{pfield}.measures[{mi}].no"),
                            format!("measure number {} is zero or repeated", m.no),
                        )
                        .help("number the measures of a policy 1, 2, 3, ... once each"),
                    );
                }
                measures.push(Measure {
                    no: m.no,
                    name: m.name.clone(),
                });
            }
            policies.push(BasicPolicy {
                no: p.no,
                name: p.name.clone(),
                measures,
            });
        }
        goals.push(Goal {
            id,
            name: g.name.clone(),
            policies,
        });
    }
    goals
}
