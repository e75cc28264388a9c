//! Indicator (KPI) files: references to unit policies, baselines, figures per year.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::numbers::{first_time, non_empty, number, plan_year, year};
use super::source::Source;
use super::units::{source_of, unit_id};
use super::yaml_error::suggest;
use super::{UNITS_DIR, files};
use crate::diagnostic::Diagnostic;
use crate::model::*;

pub(super) fn check_indicator(
    src: &Source,
    plan: &Plan,
    units: &[UnitPolicy],
    index: &HashMap<UnitId, usize>,
    units_failed: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Indicator> {
    let raw: files::IndicatorFile = src.parse(diags)?;
    let before = diags.len();
    non_empty(src, "name", &raw.name, diags);
    if raw.no == 0 {
        diags.push(
            src.error("no", "the number must be 1 or more")
                .help("use the KPI's row number in the report's summary table"),
        );
    }
    if raw.decimals > 6 {
        diags.push(
            src.error("decimals", "at most 6 decimals are supported")
                .help("use a number from 0 to 6"),
        );
    }
    let mut linked: Vec<usize> = Vec::new();
    for (i, s) in raw.unit_policies.iter().enumerate() {
        let field = format!("unit_policies[{i}]");
        let Some(id) = unit_id(src, &field, s, plan, diags) else {
            continue;
        };
        match index.get(&id) {
            // Listing two IDs of one policy (filed twice) is how the report prints it: keep one.
            Some(&u) if !linked.contains(&u) => linked.push(u),
            Some(_) => {}
            None => {
                let hint = if units_failed {
                    format!(
                        "if it is in a unit policy file reported above, fix that file first; otherwise add a file for it under {UNITS_DIR}/"
                    )
                } else {
                    // Sorted: equally close candidates must give the same suggestion every run.
                    let mut known: Vec<String> = index.keys().map(|k| k.to_string()).collect();
                    known.sort();
                    suggest(&id.to_string(), known.iter().map(String::as_str)).map_or_else(
                        || format!("add a file for it under {UNITS_DIR}/"),
                        |s| {
                            format!(
                                "did you mean {s}? Otherwise add a file for it under {UNITS_DIR}/"
                            )
                        },
                    )
                };
                diags.push(
                    src.error(&field, format!("no unit policy {id} exists"))
                        .help(hint),
                );
            }
        }
    }
    if raw.unit_policies.is_empty() {
        diags.push(
            src.error(
                "unit_policies",
                "an indicator must measure at least one unit policy",
            )
            .help("list the IDs, e.g. [I-1-(1)-①]"),
        );
    }
    let mut renamed = Vec::new();
    let mut renamed_years = HashSet::new();
    for (i, r) in raw.renamed.iter().enumerate() {
        let field = format!("renamed[{i}].from");
        if let Some(from) = plan_year(src, &field, &r.from, plan, diags)
            && first_time(src, &field, from, &mut renamed_years, diags)
        {
            renamed.push(Rename {
                from,
                name: r.name.clone(),
            });
        }
    }
    renamed.sort_by_key(|r| r.from);
    let mut baseline = Vec::new();
    for (i, b) in raw.baseline.iter().enumerate() {
        let field = format!("baseline[{i}]");
        let y = match &b.year {
            Some(s) => year(src, &format!("{field}.year"), s, diags),
            None => Some(plan.baseline_year),
        };
        let v = number(src, &format!("{field}.value"), &b.value, diags);
        if let (Some(year), Some(value)) = (y, v) {
            baseline.push(Baseline { year, value });
        }
    }
    let mut figures = Vec::new();
    let mut seen = HashSet::new();
    for (key, e) in &raw.years {
        let field = format!("years.{key}");
        let Some(y) = plan_year(src, &field, key, plan, diags) else {
            continue;
        };
        if !seen.insert(y) {
            diags.push(
                src.error(&field, format!("{y} is given twice"))
                    .help("keep one entry per year"),
            );
            continue;
        }
        if let Some(f) = check_figure(src, &field, y, e, &linked, units, diags) {
            figures.push(f);
        }
    }
    for fy in &plan.fiscal_years {
        if !seen.contains(&fy.year) {
            diags.push(src.error("years", format!("no entry for {}", fy.year)).help(format!(
                "add `{}: {{target: ..., actual: ...}}` (or `pending: <reason>` when there is no figure yet)",
                fy.year
            )));
        }
    }
    figures.sort_by_key(|f| f.year);
    let direction = match raw.direction {
        Some(files::DirectionEntry::LowerIsBetter) => Direction::LowerIsBetter,
        _ => Direction::HigherIsBetter,
    };
    if diags.len() > before {
        return None;
    }
    Some(Indicator {
        no: raw.no,
        name: raw.name,
        renamed,
        unit: raw.unit,
        decimals: raw.decimals,
        direction,
        units: linked,
        baseline,
        baseline_note: raw.baseline_note,
        figures,
        reflection: raw.reflection,
        notes: raw.notes,
        source: src.path.clone(),
    })
}

fn check_figure(
    src: &Source,
    field: &str,
    year: Year,
    e: &files::YearEntry,
    linked: &[usize],
    units: &[UnitPolicy],
    diags: &mut Vec<Diagnostic>,
) -> Option<Figure> {
    let before = diags.len();
    let target = number(src, &format!("{field}.target"), &e.target, diags);
    if target.is_some_and(|t| t <= Decimal::ZERO) {
        diags.push(
            src.error(
                &format!("{field}.target"),
                "the target must be greater than zero",
            )
            .help("the achievement rate divides by the target; correct the figure"),
        );
    }
    let abolished = !linked.is_empty() && linked.iter().all(|&u| units[u].is_abolished_in(year));
    let actual = match (&e.actual, &e.pending) {
        (Some(_), Some(_)) => {
            diags.push(
                src.error(
                    &format!("{field}.pending"),
                    "an actual and a pending reason are both given",
                )
                .help("keep `actual` when the figure is known, `pending` when it is not"),
            );
            None
        }
        (Some(a), None) => number(src, &format!("{field}.actual"), a, diags).map(Actual::Value),
        (None, Some(p)) if p.trim().is_empty() => {
            diags.push(
                src.error(&format!("{field}.pending"), "the pending reason is empty")
                    .help("say why there is no figure, e.g. 集計中 or 年度末に調査"),
            );
            None
        }
        (None, Some(p)) => Some(Actual::Pending(p.trim().to_string())),
        (None, None) if abolished => Some(Actual::Abolished),
        (None, None) => {
            diags.push(src.error(field, "neither an actual nor a pending reason").help("add `actual: <number>`, or `pending: <reason>` (e.g. 集計中) when the figure is not known yet"));
            None
        }
    };
    if diags.len() > before {
        return None;
    }
    Some(Figure {
        year,
        target: target?,
        actual: actual?,
        note: e.note.clone(),
    })
}

pub(super) fn check_indicator_numbers(
    indicators: &[Indicator],
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) {
    for pair in indicators.windows(2) {
        if pair[0].no == pair[1].no {
            let src = source_of(sources, &pair[1].source);
            diags.push(
                src.error(
                    "no",
                    format!(
                        "indicator number {} is also used by {}",
                        pair[1].no,
                        pair[0].source.display()
                    ),
                )
                .help("give each indicator its own number"),
            );
        }
    }
}
