//! Years and numbers as people write them: era codes, full-width digits, thousands separators.

use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

use super::source::Source;
use super::{PLAN_FILE, files};
use crate::diagnostic::Diagnostic;
use crate::model::*;

/// NFKC-normalises and parses a year code, reporting `field` on failure.
pub(super) fn year(
    src: &Source,
    field: &str,
    text: &str,
    form: YearForm,
    diags: &mut Vec<Diagnostic>,
) -> Option<Year> {
    let norm: String = text.nfkc().collect();
    let y = Year::parse_in(&norm, form);
    if y.is_none() {
        let help = match form {
            YearForm::Era => {
                "write the era letter and number, e.g. R5 for 令和5年度 (H for 平成, S for 昭和); for Western years set `year_form: fiscal` or `calendar` in the plan"
            }
            YearForm::Fiscal | YearForm::Calendar => {
                "write the Western year in four digits, e.g. 2023 (the plan's `year_form` is fiscal or calendar)"
            }
        };
        let what = match form {
            YearForm::Calendar => "year",
            YearForm::Era | YearForm::Fiscal => "fiscal year",
        };
        diags.push(
            src.error(field, format!("`{text}` is not a {what}"))
                .help(help),
        );
    }
    y
}

/// A plan fiscal year, or a diagnostic naming the allowed ones.
pub(super) fn plan_year(
    src: &Source,
    field: &str,
    text: &str,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<Year> {
    let y = year(src, field, text, plan.year_form, diags)?;
    if plan.year_status(y).is_none() {
        diags.push(
            src.error(field, format!("{y} is not a fiscal year of the plan"))
                .help(format!(
                    "use one of {} (fiscal_years in {PLAN_FILE})",
                    list(plan.fiscal_years.iter().map(|f| f.year))
                )),
        );
        return None;
    }
    Some(y)
}

pub(super) fn list<T: std::fmt::Display>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// Parses a number as documented: YAML number, or a string that is one after NFKC
/// normalisation and removal of thousands separators.
pub fn parse_number(text: &str) -> Option<Decimal> {
    parse_number_checked(text).ok()
}

/// Why a text is not a number: not numeric at all, or numeric but beyond `Decimal`'s range
/// (about 28 significant digits).
enum NumberError {
    Invalid,
    OutOfRange,
}

fn parse_number_checked(text: &str) -> Result<Decimal, NumberError> {
    let spaced: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let plain = spaced.strip_prefix('-').unwrap_or(&spaced);
    // Commas only as thousands separators: "1,600" is 1600, but "52,3" (a decimal comma) is
    // rejected rather than silently read as 523.
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    if let Some((lead, rest)) = int.split_once(',')
        && !((1..=3).contains(&lead.len()) && rest.split(',').all(|g| g.len() == 3))
    {
        return Err(NumberError::Invalid);
    }
    if frac.contains(',') {
        return Err(NumberError::Invalid);
    }
    let norm: String = spaced.chars().filter(|c| *c != ',').collect();
    let plain = norm.strip_prefix('-').unwrap_or(&norm);
    let digits_ok = !plain.is_empty()
        && plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && plain.bytes().filter(|&b| b == b'.').count() <= 1
        && !plain.starts_with('.')
        && !plain.ends_with('.');
    if !digits_ok {
        return Err(NumberError::Invalid);
    }
    norm.parse::<Decimal>()
        .map(|d| d.normalize())
        .map_err(|_| NumberError::OutOfRange)
}

pub(super) fn number(
    src: &Source,
    field: &str,
    n: &files::Num,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    match parse_number_checked(&n.0) {
        Ok(v) => Some(v),
        Err(NumberError::Invalid) => {
            diags.push(src.error(field, format!("`{}` is not a number", n.0)).help(
                "write digits only, e.g. 1600 or 29.3; the unit belongs in the indicator's `unit`, and a missing figure is written as `pending: <reason>`",
            ));
            None
        }
        Err(NumberError::OutOfRange) => {
            diags.push(
                src.error(field, format!("`{}` is too large or too precise", n.0))
                    .help("figures are limited to 28 significant digits; check the figure (a unit such as 千円 keeps numbers short)"),
            );
            None
        }
    }
}

pub(super) fn non_empty(src: &Source, field: &str, s: &str, diags: &mut Vec<Diagnostic>) {
    if s.trim().is_empty() {
        diags.push(
            src.error(field, "must not be empty")
                .help("write the text, or remove the line if the field is optional"),
        );
    }
}
