//! An indicator's figures (`years:`), milestone states and trend options, and whether the
//! indicator's method has every input it needs.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;

use super::files;
use super::numbers::{number, plan_year, year};
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::tr;

/// What checking one year's entry needs to know about its indicator.
pub(super) struct Context<'a> {
    pub plan: &'a Plan,
    /// The year the indicator is judged at: later years need no entry.
    pub report_year: Year,
    pub method: Method,
    pub states: &'a [MilestoneState],
    /// The unit policies it measures (a year after all were abolished needs no figure).
    pub linked: &'a [usize],
    pub units: &'a [UnitPolicy],
}

/// One figure per plan year, in plan order. Years may be left out before the first one
/// given (an indicator reported from a later year on) and after the report year (not due
/// yet); a `trend` or figures-only series may also have gaps. Other gaps are errors.
pub(super) fn check_figures(
    src: &Source,
    years: &BTreeMap<String, files::YearEntry>,
    context: &Context,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Figure> {
    let plan = context.plan;
    // One per plan year, kept for the whole build: sized so (pushing one by one left room for
    // eight in a five-year plan, 75 MB of nothing at 100,000 policies).
    let mut figures = Vec::with_capacity(plan.fiscal_years.len());
    let mut seen = HashSet::new();
    for (key, e) in years {
        let field = format!("years.{key}");
        let Some(y) = plan_year(src, &field, key, plan, diags) else {
            continue;
        };
        if !seen.insert(y) {
            diags.push(
                src.error(
                    &field,
                    tr!("{y} is given twice", "{y} が 2 回書かれています"),
                )
                .help(tr!(
                    "keep one entry per year",
                    "1 つの年度につき 1 件だけにしてください"
                )),
            );
            continue;
        }
        if let Some(f) = check_figure(src, &field, y, e, context, diags) {
            figures.push(f);
        }
    }
    for fy in &plan.fiscal_years {
        if seen.contains(&fy.year) {
            continue;
        }
        let before_first = seen.iter().all(|&given| given > fy.year);
        let missing = if fy.year > context.report_year {
            Some(Actual::NotDue)
        } else if before_first || matches!(context.method, Method::Trend | Method::None) {
            Some(Actual::NoData)
        } else {
            None
        };
        if let Some(actual) = missing {
            figures.push(Figure::bare(fy.year, actual));
        } else {
            diags.push(src.error("years", tr!("no entry for {}", "{} の記載がありません", fy.year)).help(tr!(
                "add `{}: {{target: ..., actual: ...}}` (or `pending: <reason>` when there is no figure yet)", "`{}: {{target: ..., actual: ...}}` を書き足してください（まだ数値が無いときは `pending: <理由>`）",
                fy.year
            )));
        }
    }
    figures.sort_by_key(|f| f.year);
    figures
}

fn check_figure(
    src: &Source,
    field: &str,
    year: Year,
    e: &files::YearEntry,
    context: &Context,
    diags: &mut Vec<Diagnostic>,
) -> Option<Figure> {
    let before = diags.len();
    let milestone = context.method == Method::Milestone;
    let state = |which: &str, n: &files::Num, diags: &mut Vec<Diagnostic>| {
        state_of(
            src,
            &format!("{field}.{which}"),
            &n.0,
            context.states,
            diags,
        )
    };
    let (target, target_state) = match &e.target {
        Some(t) if milestone => (None, state("target", t, diags)),
        Some(t) => (number(src, &format!("{field}.target"), t, diags), None),
        None => (None, None),
    };
    let rules = &context.plan.rules;
    let grade = e.grade.as_ref().and_then(|g| {
        let gfield = format!("{field}.grade");
        if context.method != Method::Grade {
            diags.push(
                src.error(&gfield, tr!("a grade is given, but this indicator is judged by the {} method", "判定（grade）が書かれていますが、この成果指標は {} の方法で判定します", context.method.key()))
                    .help(tr!("remove the grade, or set `method: grade` (in the indicator, or assessment.method in the plan)", "grade を削除するか、`method: grade` を設定してください（成果指標か、計画の assessment.method に）")),
            );
            return None;
        }
        let found = rules
            .class_by_key(g.trim())
            .or_else(|| rules.classes.iter().position(|c| c.label == g.trim()));
        if found.is_none() {
            let legend: Vec<&str> = rules.classes.iter().map(|c| c.key.as_str()).collect();
            diags.push(
                src.error(&gfield, tr!("`{g}` is not one of the plan's grades", "`{g}` は計画の判定区分にありません"))
                    .help(tr!("use one of {} (assessment.classes in the plan)", "{} のいずれかにしてください（計画の assessment.classes）", legend.join(", "))),
            );
        }
        found
    });
    let estimate = e
        .estimate
        .as_ref()
        .and_then(|n| number(src, &format!("{field}.estimate"), n, diags));
    let as_of = e.as_of.as_ref().and_then(|text| {
        let afield = format!("{field}.as_of");
        let Some(date) = Date::parse(text) else {
            diags.push(
                src.error(&afield, tr!("`{text}` is not a date", "`{text}` は日付ではありません"))
                    .help(tr!("write the day the figure was taken as 2003-09-30 (year-month-day)", "数値を把握した日を 2003-09-30（年-月-日）の形で書いてください")),
            );
            return None;
        };
        if !date.is_in(year, context.plan.fiscal_year_start) {
            diags.push(
                src.error(&afield, tr!("{text} is not in {}", "{text} は {} の中にありません", year.label()))
                    .help(tr!("a figure as of a date is taken within its own year; check the year or the date", "時点の数値はその年度の中で把握したものです。年度か日付を確認してください")),
            );
        }
        if e.actual.is_none() {
            diags.push(
                src.error(&afield, tr!("a date without a figure", "数値の無い日付です"))
                    .help(tr!("`as_of` is the day the `actual` was taken: give the actual, or remove the date", "`as_of` は実績値（`actual`）を把握した日です。実績値を書くか、日付を削除してください")),
            );
        }
        Some(date)
    });
    if (e.estimate.is_some() || e.as_of.is_some()) && (milestone || e.pending.is_some()) {
        diags.push(
            src.error(field, tr!("a figure within the year or a year-end estimate goes with a number", "年度途中の数値や年度末の見込値は、数値の実績とともに書きます"))
                .help(tr!("`as_of` and `estimate` are for numeric figures; remove them, or the pending reason", "`as_of` と `estimate` は数値の実績に使います。これらか、pending の理由を削除してください")),
        );
    }
    let linked = context.linked;
    let abolished = !linked.is_empty()
        && linked
            .iter()
            .all(|&u| context.units[u].is_abolished_in(year));
    let actual = match (&e.actual, &e.pending) {
        (Some(_), Some(_)) => {
            diags.push(
                src.error(
                    &format!("{field}.pending"),
                    tr!("an actual and a pending reason are both given", "実績値と pending の理由が両方書かれています"),
                )
                .help(tr!("keep `actual` when the figure is known, `pending` when it is not", "数値が分かっていれば `actual` を、分かっていなければ `pending` を残してください")),
            );
            None
        }
        (Some(a), None) if milestone => state("actual", a, diags).map(Actual::State),
        (Some(a), None) => number(src, &format!("{field}.actual"), a, diags).map(Actual::Value),
        (None, Some(p)) if p.trim().is_empty() => {
            diags.push(
                src.error(
                    &format!("{field}.pending"),
                    tr!("the pending reason is empty", "pending の理由が空です"),
                )
                .help(tr!(
                    "say why there is no figure, e.g. 集計中 or 年度末に調査",
                    "数値が無い理由を書いてください（例: 集計中、年度末に調査）"
                )),
            );
            None
        }
        (None, Some(p)) => Some(Actual::Pending(p.trim().to_string())),
        (None, None) if abolished => Some(Actual::Abolished),
        (None, None) if year > context.report_year => Some(Actual::NotDue),
        // A grade alone is a judgement without a printed figure (長与町's − rows aside); a
        // year-end estimate alone is the year's figure, as an estimate.
        (None, None) if grade.is_some() || estimate.is_some() => Some(Actual::NotDue),
        (None, None) => {
            diags.push(src.error(field, tr!("neither an actual nor a pending reason", "実績値も pending の理由もありません")).help(tr!("add `actual: <number>`, or `pending: <reason>` (e.g. 集計中) when the figure is not known yet", "`actual: <数値>` を書くか、数値がまだ分からなければ `pending: <理由>`（例: 集計中）を書いてください")));
            None
        }
    };
    if diags.len() > before {
        return None;
    }
    Some(Figure {
        year,
        target,
        target_state,
        actual: actual?,
        grade,
        as_of,
        estimate,
        note: e.note.clone(),
    })
}

/// A milestone state named in a figure, which must be one of the indicator's `states`.
fn state_of(
    src: &Source,
    field: &str,
    text: &str,
    states: &[MilestoneState],
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = text.trim();
    if states.iter().any(|s| s.value == text) {
        return Some(text.to_string());
    }
    let known: Vec<&str> = states.iter().map(|s| s.value.as_str()).collect();
    diags.push(
        src.error(
            field,
            tr!(
                "`{text}` is not one of this indicator's states",
                "`{text}` はこの成果指標の段階（states）にありません"
            ),
        )
        .help(tr!(
            "use one of {} (`states:` in this file, first stage first)",
            "{} のいずれかにしてください（このファイルの `states:`。最初の段階から順）",
            known.join(", ")
        )),
    );
    None
}

pub(super) fn check_states(
    src: &Source,
    raw: &[files::StateEntry],
    method: Method,
    rules: &Rules,
    diags: &mut Vec<Diagnostic>,
) -> Vec<MilestoneState> {
    if method == Method::Milestone && raw.is_empty() {
        diags.push(
            src.error("states", tr!("the milestone method needs the indicator's states", "milestone の方法には成果指標の段階（states）が必要です"))
                .help(tr!("list them first stage first, e.g. states: [{{value: 未着手}}, {{value: 策定中}}, {{value: 策定済}}]", "最初の段階から順に書いてください（例: states: [{{value: 未着手}}, {{value: 策定中}}, {{value: 策定済}}]）")),
        );
    }
    if method != Method::Milestone && !raw.is_empty() {
        diags.push(
            src.error(
                "states",
                tr!(
                    "states are given, but this indicator is judged by the {} method", "段階（states）が書かれていますが、この成果指標は {} の方法で判定します",
                    method.key()
                ),
            )
            .help(tr!("set `method: milestone` to judge by states, or remove them", "段階で判定するなら `method: milestone` を設定し、そうでなければ states を削除してください")),
        );
    }
    let mut states: Vec<MilestoneState> = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let field = format!("states[{i}]");
        let value = s.value.trim().to_string();
        if value.is_empty() || states.iter().any(|x| x.value == value) {
            diags.push(
                src.error(
                    &format!("{field}.value"),
                    tr!("empty or repeated state", "段階が空か、重複しています"),
                )
                .help(tr!(
                    "name each state once",
                    "段階の名前は 1 回ずつ書いてください"
                )),
            );
        }
        let class = s.class.as_ref().and_then(|k| {
            let c = rules.class_by_key(k);
            if c.is_none() {
                let keys: Vec<&str> = rules.classes.iter().map(|c| c.key.as_str()).collect();
                diags.push(
                    src.error(
                        &format!("{field}.class"),
                        tr!(
                            "no class `{k}` in the plan",
                            "計画に判定区分 `{k}` はありません"
                        ),
                    )
                    .help(tr!(
                        "use one of {}",
                        "{} のいずれかにしてください",
                        keys.join(", ")
                    )),
                );
            }
            c
        });
        states.push(MilestoneState { value, class });
    }
    states
}

pub(super) fn check_trend(
    src: &Source,
    raw: &files::TrendEntry,
    form: YearForm,
    diags: &mut Vec<Diagnostic>,
) -> TrendOptions {
    let float = |field: &str, n: &Option<files::Num>, diags: &mut Vec<Diagnostic>| {
        n.as_ref()
            .and_then(|n| number(src, field, n, diags))
            .and_then(|d| d.to_string().parse::<f64>().ok())
    };
    let thresholds = raw
        .thresholds
        .as_ref()
        .map_or_else(TrendThresholds::default, |t| TrendThresholds {
            high: float("trend.thresholds.high", &t.high, diags),
            med: float("trend.thresholds.med", &t.med, diags),
            low: float("trend.thresholds.low", &t.low, diags),
        });
    TrendOptions {
        base_year: raw
            .base_year
            .as_ref()
            .and_then(|y| year(src, "trend.base_year", &y.0, form, diags)),
        limit: float("trend.limit", &raw.limit, diags),
        thresholds,
    }
}

/// Whether `ind`'s method has what it needs in every judged year; reports each gap.
pub(super) fn check_method_inputs(
    src: &Source,
    plan: &Plan,
    ind: &Indicator,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let before = diags.len();
    let method = ind.method;
    let key = method.key();
    if method.needs_baseline() && ind.baseline.is_empty() {
        diags.push(
            src.error("baseline", tr!("the {key} method measures from the baseline, and there is none", "{key} の方法は基準値から測りますが、基準値がありません"))
                .help(tr!("add `baseline: [{{year: R2, value: 25}}]`, or choose a method that needs none (ratio, trend, grade, none) (`shinchoku help methods`)", "`baseline: [{{year: R2, value: 25}}]` を書き足すか、基準値の要らない方法（ratio、trend、grade、none）を選んでください（`shinchoku help methods`）")),
        );
    }
    if method == Method::Path && ind.target_points().is_empty() {
        diags.push(
            src.error("years", tr!("the path method needs a target and its year", "path の方法には目標値とその年度が必要です"))
                .help(
                    tr!("give a target in a year's entry, or a final `target: {{year: R7, value: 100}}`", "年度の記載に目標値を書くか、最終の `target: {{year: R7, value: 100}}` を書いてください"),
                ),
        );
    }
    for f in &ind.figures {
        let field = format!("years.{}", f.year);
        let Some(actual) = f.judged_value() else {
            continue;
        };
        if method.needs_target() {
            match ind.target_for(f.year) {
                None if method != Method::Path => diags.push(
                    src.error(&field, tr!("the {key} method needs a target for {} or a later year", "{key} の方法には {} かそれ以降の年度の目標値が必要です", f.year))
                        .help(tr!("add `target:` to this year or a later one, or a final `target: {{year, value}}`; with no target only trend, grade, milestone and none apply", "この年度かそれ以降の年度に `target:` を書くか、最終の `target: {{year, value}}` を書いてください。目標値が無いときに使えるのは trend、grade、milestone、none だけです")),
                ),
                Some(t) if method == Method::Ratio && t.value <= Decimal::ZERO => {
                    let at = if t.year == f.year {
                        format!("{field}.target")
                    } else {
                        format!("years.{}.target", t.year)
                    };
                    diags.push(
                        src.error(&at, tr!("the target must be greater than zero", "目標値は 0 より大きくなければなりません"))
                            .help(tr!("the ratio method divides by the target; for a zero or negative target use `method: progress` (measured from the baseline)", "ratio の方法は目標値で割ります。目標値が 0 以下なら `method: progress`（基準値から測る方法）を使ってください")),
                    );
                }
                _ => {}
            }
        }
        if method == Method::Ratio && !ind.direction.up() && actual < Decimal::ZERO {
            diags.push(
                src.error(&format!("{field}.actual"), tr!("a negative actual cannot be judged by ratio when lower is better", "低いほど良い成果指標では、負の実績値を ratio で判定できません"))
                    .help(tr!("target ÷ actual has no meaning below zero: use `method: progress`, or correct the figure", "目標値 ÷ 実績値は 0 未満では意味がありません。`method: progress` を使うか、数値を直してください")),
            );
        }
        if method == Method::Grade && f.grade.is_none() {
            diags.push(
                src.error(&field, tr!("no grade for {}", "{} の判定（grade）がありません", f.year))
                    .help(tr!(
                        "add `grade:` with one of {} (the grade method takes the publisher's own judgement)", "{} のいずれかで `grade:` を書き足してください（grade の方法では公表する団体自身の判定を使います）",
                        plan.rules
                            .classes
                            .iter()
                            .map(|c| c.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
        }
    }
    // Reported once per file: every year fails alike.
    diags.dedup_by(|a, b| a.message == b.message && a.file == b.file && a.field == b.field);
    diags.len() == before
}
