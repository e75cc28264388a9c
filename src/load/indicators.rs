//! Indicator (KPI) files: references to unit policies, baselines, figures per year.

use std::collections::{HashMap, HashSet};

use super::hierarchy::{check_id, named_node};
use super::numbers::{first_time, non_empty, number, plan_year, year};
use super::source::Source;
use super::units::source_of;
use super::yaml_error::suggest;
use super::{UNITS_DIR, files};
use super::{figures, rules};
use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::tr;

pub(super) fn check_indicator(
    src: &Source,
    plan: &Plan,
    units: &[UnitPolicy],
    index: &HashMap<String, usize>,
    units_failed: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Indicator> {
    let raw: files::IndicatorFile = src.parse(diags)?;
    let before = diags.len();
    non_empty(src, "name", &raw.name, diags);
    if raw.no == 0 {
        diags.push(
            src.error(
                "no",
                tr!(
                    "the number must be 1 or more",
                    "番号は 1 以上にしてください"
                ),
            )
            .help(tr!(
                "use the KPI's row number in the report's summary table",
                "報告書の総括表での成果指標の行番号を使ってください"
            )),
        );
    }
    if raw.decimals > 6 {
        diags.push(
            src.error(
                "decimals",
                tr!("at most 6 decimals are supported", "小数は 6 桁までです"),
            )
            .help(tr!(
                "use a number from 0 to 6",
                "0 から 6 までの数にしてください"
            )),
        );
    }
    let mut linked: Vec<usize> = Vec::new();
    for (i, s) in raw.unit_policies.iter().enumerate() {
        let field = format!("unit_policies[{i}]");
        let Some(id) = check_id(src, &field, &s.0, diags) else {
            continue;
        };
        match index.get(&id_key(&id)) {
            // Listing two IDs of one policy (filed twice) is how the report prints it: keep one.
            Some(&u) if !linked.contains(&u) => linked.push(u),
            Some(_) => {}
            None => {
                let hint = if units_failed {
                    tr!(
                        "if it is in a unit policy file reported above, fix that file first; otherwise add a file for it under {UNITS_DIR}/",
                        "上でエラーが出ている単位施策のファイルにあるなら、先にそのファイルを直してください。そうでなければ {UNITS_DIR}/ にファイルを作ってください"
                    )
                } else {
                    // Sorted: equally close candidates must give the same suggestion every run.
                    let mut known: Vec<&str> = units.iter().flat_map(UnitPolicy::ids).collect();
                    known.sort_unstable();
                    suggest(&id, known.into_iter()).map_or_else(
                        || tr!("add a file for it under {UNITS_DIR}/", "{UNITS_DIR}/ にその単位施策のファイルを作ってください"),
                        |s| {
                            tr!(
                                "did you mean {s}? Otherwise add a file for it under {UNITS_DIR}/", "{s} の書き間違いではありませんか。そうでなければ {UNITS_DIR}/ にファイルを作ってください"
                            )
                        },
                    )
                };
                diags.push(
                    src.error(
                        &field,
                        tr!("no unit policy {id} exists", "単位施策 {id} はありません"),
                    )
                    .help(hint),
                );
            }
        }
    }
    let mut nodes: Vec<usize> = Vec::new();
    for (i, s) in raw.under.iter().enumerate() {
        let field = format!("under[{i}]");
        if let Some(n) = named_node(src, &field, &s.0, &plan.hierarchy, None, diags)
            && !nodes.contains(&n)
        {
            nodes.push(n);
        }
    }
    if raw.unit_policies.is_empty() && raw.under.is_empty() {
        diags.push(
            src.error(
                "unit_policies",
                tr!("an indicator must measure at least one unit policy, or hang on a place in the hierarchy", "成果指標は 1 つ以上の単位施策に結び付けるか、体系の中の位置に置く必要があります"),
            )
            .help(tr!("list the unit policies' IDs, e.g. unit_policies: [I-1-(1)-①], or the places, e.g. under: ['1.2']", "単位施策の ID（例: unit_policies: [I-1-(1)-①]）か、体系の位置（例: under: ['1.2']）を書いてください")),
        );
    }
    let mut renamed = Vec::new();
    let mut renamed_years = HashSet::new();
    for (i, r) in raw.renamed.iter().enumerate() {
        let field = format!("renamed[{i}].from");
        if let Some(from) = plan_year(src, &field, &r.from.0, plan, diags)
            && first_time(src, &field, from, &mut renamed_years, diags)
        {
            renamed.push(Rename {
                from,
                name: r.name.clone(),
            });
        }
    }
    renamed.sort_by_key(|r| r.from);
    let mut baseline = Vec::with_capacity(raw.baseline.len());
    for (i, b) in raw.baseline.iter().enumerate() {
        let field = format!("baseline[{i}]");
        let y = match &b.year {
            Some(s) => year(src, &format!("{field}.year"), &s.0, plan.year_form, diags),
            None => Some(plan.baseline_year),
        };
        let v = number(src, &format!("{field}.value"), &b.value, diags);
        if let (Some(year), Some(value)) = (y, v) {
            baseline.push(Baseline { year, value });
        }
    }
    let direction = raw.direction.unwrap_or_default();
    let method = raw.method.unwrap_or(plan.rules.method);
    if raw.method.is_some()
        && let Err((message, help)) = rules::supports(&plan.rules, method)
    {
        diags.push(src.error("method", message).help(help));
    }
    let states = figures::check_states(src, &raw.states, method, &plan.rules, diags);
    let final_target = raw.target.as_ref().and_then(|t| {
        let y = year(src, "target.year", &t.year.0, plan.year_form, diags);
        let v = number(src, "target.value", &t.value, diags);
        Some(Target {
            year: y?,
            value: v?,
        })
    });
    let trend = raw
        .trend
        .as_ref()
        .map(|t| figures::check_trend(src, t, plan.year_form, diags))
        .unwrap_or_default();
    let report_year = raw.report_year.as_ref().and_then(|y| {
        let y = plan_year(src, "report_year", &y.0, plan, diags)?;
        if y > plan.report_year {
            diags.push(
                src.error("report_year", tr!("{y} is after the plan's report year {}", "{y} は計画の報告年度 {} より後です", plan.report_year))
                    .help(tr!("an indicator's own report year is the latest year its data reaches, at or before the plan's", "成果指標の報告年度はデータのある最新の年度で、計画の報告年度と同じかそれより前です")),
            );
        }
        Some(y)
    });
    let open_sdg = raw.open_sdg.as_ref().map(|s| OpenSdgRef {
        indicator: s.indicator.0.trim().to_string(),
        series: s.series.clone(),
    });
    let context = figures::Context {
        plan,
        report_year: report_year.unwrap_or(plan.report_year),
        method,
        states: &states,
        linked: &linked,
        units,
    };
    let figures = figures::check_figures(src, &raw.years, &context, diags);
    if diags.len() > before {
        return None;
    }
    Some(Indicator {
        no: raw.no,
        name: raw.name,
        renamed,
        successor: raw.successor,
        unit: raw.unit,
        unit_position: raw.unit_position,
        decimals: raw.decimals,
        direction,
        method,
        cumulative: raw.cumulative,
        units: linked,
        nodes,
        baseline,
        baseline_note: raw.baseline_note,
        figures,
        final_target,
        report_year,
        open_sdg,
        states,
        trend,
        reflection: raw.reflection,
        notes: raw.notes,
        source: src.path.clone(),
    })
    .filter(|ind| figures::check_method_inputs(src, plan, ind, diags))
}

pub(super) fn check_indicator_numbers(
    indicators: &[Indicator],
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) {
    for ind in indicators {
        if let Some(next) = ind.successor
            && (next == ind.no || indicators.binary_search_by_key(&next, |i| i.no).is_err())
        {
            diags.push(
                source_of(sources, &ind.source)
                    .error("successor", tr!("there is no other indicator No.{next}", "ほかに No.{next} の成果指標はありません"))
                    .help(tr!("give the number of the indicator that replaces this one, or remove `successor`", "これに代わる成果指標の番号を書くか、`successor` を削除してください")),
            );
        }
    }
    for pair in indicators.windows(2) {
        if pair[0].no == pair[1].no {
            let src = source_of(sources, &pair[1].source);
            diags.push(
                src.error(
                    "no",
                    tr!(
                        "indicator number {} is also used by {}",
                        "成果指標の番号 {} は {} でも使われています",
                        pair[1].no,
                        pair[0].source.display()
                    ),
                )
                .help(tr!(
                    "give each indicator its own number",
                    "成果指標ごとに別の番号を付けてください"
                )),
            );
        }
    }
}
