//! `periods` in plan.yaml: a plan carried on into its next period (前期 → 後期実施計画).

use super::files::PeriodEntry;
use super::numbers::year;
use super::source::Source;
use crate::diagnostic::{Diagnostic, Text};
use crate::model::{FiscalYear, Period, YearForm};
use crate::tr;

fn years_help() -> Text {
    tr!(
        "write the period's first and last year joined by -, e.g. `years: R3-R5`; periods follow one another in the order of fiscal_years",
        "期間の最初と最後の年度を - でつないで書いてください（例: `years: R3-R5`）。期間は fiscal_years の順に続けて並べます"
    )
}

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
                src.error(
                    &format!("periods[{i}].name"),
                    tr!("a period needs a name", "期間には名前が必要です"),
                )
                .help(tr!("e.g. name: 後期実施計画", "例: name: 後期実施計画")),
            );
            continue;
        }
        let Some((first, last)) = entry.years.split_once(['-', '–', '〜', '～']) else {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "`{}` is not a run of years",
                        "`{}` は年度の範囲になっていません",
                        entry.years
                    ),
                )
                .help(years_help()),
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
                    tr!(
                        "{first}-{last} is not a run of the plan's fiscal_years",
                        "{first}-{last} は計画の fiscal_years の範囲になっていません"
                    ),
                )
                .help(years_help()),
            );
            continue;
        }
        if let Some(prev) = periods.last()
            && first <= prev.last
        {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "{first} is already in the period {}",
                        "{first} はすでに期間「{}」に含まれています",
                        prev.name
                    ),
                )
                .help(years_help()),
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
