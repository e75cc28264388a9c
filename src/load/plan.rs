//! `content/plan.yaml`: years, assessment rules and the hierarchy.

use super::files;
use super::hierarchy::check_hierarchy;
use super::numbers::{list, non_empty, year};
use super::rules::check_rules;
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::tr;

pub(super) fn check_plan(src: &Source, lang: Lang, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    let raw: files::PlanFile = src.parse(diags)?;
    let before = diags.len();
    for (field, v) in [
        ("city", &raw.city),
        ("plan", &raw.plan),
        ("title", &raw.title),
    ] {
        non_empty(src, field, v, diags);
    }
    let wording = raw.wording.clone().unwrap_or(files::WordingEntry {
        commentary: None,
        notes: None,
    });
    for (field, v) in [
        ("wording.commentary", &wording.commentary),
        ("wording.notes", &wording.notes),
    ] {
        if let Some(v) = v {
            non_empty(src, field, v, diags);
        }
    }
    let publisher = super::publisher::check_publisher(src, raw.publisher.clone(), diags);
    let year_form = raw.year_form;
    let fiscal_year_start = raw.fiscal_year_start.unwrap_or(4);
    if !(1..=12).contains(&fiscal_year_start) {
        diags.push(
            src.error(
                "fiscal_year_start",
                tr!(
                    "{fiscal_year_start} is not a month",
                    "{fiscal_year_start} は月ではありません"
                ),
            )
            .help(tr!(
                "give the month the fiscal year starts in, 1 to 12 (4 for April, the default)",
                "年度の始まる月を 1 から 12 で書いてください（既定は 4 月の 4）"
            )),
        );
    }
    let mut fiscal_years: Vec<FiscalYear> = Vec::new();
    for (i, fy) in raw.fiscal_years.iter().enumerate() {
        let field = format!("fiscal_years[{i}].year");
        let Some(y) = year(src, &field, &fy.year.0, year_form, diags) else {
            continue;
        };
        // Compared by Western year: 平成31年度 and 令和元年度 are one fiscal year.
        if fiscal_years
            .last()
            .is_some_and(|last: &FiscalYear| last.year.fiscal >= y.fiscal)
        {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "{y} is out of order or repeated",
                        "{y} の順序が違うか、重複しています"
                    ),
                )
                .help(tr!(
                    "list the plan's fiscal years once each, oldest first",
                    "計画の年度は古い順に 1 回ずつ書いてください"
                )),
            );
        }
        let status = fy.status;
        fiscal_years.push(FiscalYear { year: y, status });
    }
    if raw.fiscal_years.is_empty() {
        diags.push(
            src.error(
                "fiscal_years",
                tr!(
                    "the plan needs at least one fiscal year",
                    "計画には年度が 1 つ以上必要です"
                ),
            )
            .help(tr!(
                "list them oldest first, e.g. - {{year: R5, status: estimate}}",
                "古い順に書いてください（例: - {{year: R5, status: estimate}}）"
            )),
        );
    }
    let report_year = year(src, "report_year", &raw.report_year.0, year_form, diags);
    // With no fiscal years at all, that is the one problem to report.
    if let Some(y) = report_year
        && !fiscal_years.is_empty()
        && !fiscal_years.iter().any(|f| f.year == y)
    {
        diags.push(
            src.error(
                "report_year",
                tr!(
                    "{y} is not one of the fiscal_years",
                    "{y} は fiscal_years の中にありません"
                ),
            )
            .help(tr!(
                "use one of {}",
                "{} のいずれかにしてください",
                list(fiscal_years.iter().map(|f| f.year))
            )),
        );
    }
    let baseline_year = year(src, "baseline_year", &raw.baseline_year.0, year_form, diags);
    let rules = check_rules(src, &raw.assessment, lang, diags);
    let hierarchy = check_hierarchy(src, &raw, lang, diags);
    let periods = super::periods::check_periods(
        src,
        raw.periods.as_deref().unwrap_or_default(),
        year_form,
        &fiscal_years,
        diags,
    );
    if diags.len() > before {
        return None;
    }
    Some(Plan {
        city: raw.city,
        plan: raw.plan,
        title: raw.title,
        year_form,
        fiscal_year_start,
        report_year: report_year?,
        fiscal_years,
        baseline_year: baseline_year?,
        hierarchy,
        rules,
        periods,
        wording: Wording {
            commentary: wording.commentary,
            notes: wording.notes,
        },
        publisher,
    })
}
