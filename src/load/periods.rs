//! `periods` in plan.yaml: a plan carried on into its next period (前期 → 後期実施計画).

use super::files::PeriodEntry;
use super::numbers::year;
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::model::{FiscalYear, Period, YearForm};

const YEARS_HELP: &str = "write the period's first and last year joined by -, e.g. `years: R3-R5`; periods follow one another in the order of fiscal_years";

/// The periods as listed, each a run of the plan's fiscal years, in order and without overlap.
pub(super) fn check_periods(
    src: &Source,
    entries: &[PeriodEntry],
    form: YearForm,
    fiscal_years: &[FiscalYear],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Period> {
    let mut periods: Vec<Period> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let field = format!("periods[{i}].years");
        if entry.name.trim().is_empty() {
            diags.push(
                src.error(&format!("periods[{i}].name"), "a period needs a name")
                    .help("e.g. name: 後期実施計画"),
            );
            continue;
        }
        let Some((first, last)) = entry.years.split_once(['-', '–', '〜', '～']) else {
            diags.push(
                src.error(&field, format!("`{}` is not a run of years", entry.years))
                    .help(YEARS_HELP),
            );
            continue;
        };
        let (Some(first), Some(last)) = (
            year(src, &field, first.trim(), form, diags),
            year(src, &field, last.trim(), form, diags),
        ) else {
            continue;
        };
        let known = |y| fiscal_years.iter().any(|f| f.year == y);
        if first > last || !known(first) || !known(last) {
            diags.push(
                src.error(
                    &field,
                    format!("{first}-{last} is not a run of the plan's fiscal_years"),
                )
                .help(YEARS_HELP),
            );
            continue;
        }
        if let Some(prev) = periods.last()
            && first <= prev.last
        {
            diags.push(
                src.error(
                    &field,
                    format!("{first} is already in the period {}", prev.name),
                )
                .help(YEARS_HELP),
            );
            continue;
        }
        periods.push(Period {
            name: entry.name.clone(),
            first,
            last,
        });
    }
    periods
}
