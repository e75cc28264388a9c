//! Open data: `data/report.json` (a stable shape other tools rely on) and
//! `data/indicators.csv` (one row per indicator and year, UTF-8 with BOM so Excel opens it).

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::assess::{Assessment, Summary};
use crate::model::{Actual, Project};

#[derive(Serialize)]
struct Report<'a> {
    summary: &'a Summary,
    indicators: Vec<IndicatorOut<'a>>,
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    no: u32,
    name: &'a str,
    unit: &'a str,
    unit_policies: Vec<String>,
    years: Vec<YearOut<'a>>,
}

#[derive(Serialize)]
struct YearOut<'a> {
    year: String,
    /// The indicator's name that year (differs from `name` after a redefinition).
    name: &'a str,
    target: ExactNumber,
    actual: Option<ExactNumber>,
    rate: Option<ExactNumber>,
    result: &'a str,
    pending: Option<&'a str>,
    estimate: bool,
}

/// A figure as a JSON number: its exact decimal text, as the CSV and the report print it
/// (1600, 29.3, a rate of 100 as 100.0). Going through f64 would turn 12345678901234567.8
/// into 1.2345678901234568e+16.
struct ExactNumber(Decimal);

impl Serialize for ExactNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A decimal's text (digits, at most one '.', a leading '-') is always a JSON number.
        RawValue::from_string(self.0.to_string())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

/// IDs of the places an indicator's unit policies are filed, as the report lists them.
pub fn unit_ids(project: &Project, units: &[usize]) -> Vec<String> {
    units
        .iter()
        .flat_map(|&u| project.units[u].ids())
        .map(|id| id.to_string())
        .collect()
}

pub fn report_json(project: &Project, assessment: &Assessment) -> String {
    let indicators = project
        .indicators
        .iter()
        .zip(&assessment.outcomes)
        .map(|(ind, outs)| IndicatorOut {
            no: ind.no,
            name: &ind.name,
            unit: &ind.unit,
            unit_policies: unit_ids(project, &ind.units),
            years: ind
                .figures
                .iter()
                .zip(outs)
                .map(|(f, o)| YearOut {
                    year: f.year.to_string(),
                    name: ind.name_in(f.year),
                    target: ExactNumber(f.target),
                    actual: match f.actual {
                        Actual::Value(a) => Some(ExactNumber(a)),
                        _ => None,
                    },
                    rate: o.rate.map(ExactNumber),
                    result: &o.label,
                    pending: o.pending.as_deref(),
                    estimate: o.estimate,
                })
                .collect(),
        })
        .collect();
    let report = Report {
        summary: &assessment.summary,
        indicators,
    };
    let mut s = serde_json::to_string_pretty(&report).expect("the report serialises");
    s.push('\n');
    s
}

/// Quotes a CSV field when needed (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A text cell. A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a
/// formula (`=HYPERLINK(...)` in an indicator's name would be a live link in Excel): such a
/// cell gets a leading `'`, as OWASP recommends, which makes it text. Numbers are written
/// as they are, so a negative figure stays a number.
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        csv_field(&format!("'{s}"))
    } else {
        csv_field(s)
    }
}

pub fn indicators_csv(project: &Project, assessment: &Assessment) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str("no,indicator,unit,unit_policies,year,fiscal_year,target,actual,rate,result,pending,note\r\n");
    for (ind, outs) in project.indicators.iter().zip(&assessment.outcomes) {
        let ids = csv_text(&unit_ids(project, &ind.units).join(" "));
        let unit = csv_text(&ind.unit);
        for (f, o) in ind.figures.iter().zip(outs) {
            let actual = match f.actual {
                Actual::Value(a) => a.to_string(),
                _ => String::new(),
            };
            let row = [
                ind.no.to_string(),
                csv_text(ind.name_in(f.year)),
                unit.clone(),
                ids.clone(),
                csv_text(&f.year.to_string()),
                f.year.fiscal.to_string(),
                f.target.to_string(),
                actual,
                o.rate.map(|r| r.to_string()).unwrap_or_default(),
                csv_text(&o.label),
                csv_text(o.pending.as_deref().unwrap_or_default()),
                csv_text(f.note.as_deref().unwrap_or_default()),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_the_report_and_exactly() {
        let json = |s: &str| serde_json::to_string(&ExactNumber(s.parse().unwrap())).unwrap();
        assert_eq!(json("1600"), "1600");
        assert_eq!(json("29.3"), "29.3");
        assert_eq!(json("100.0"), "100.0");
        assert_eq!(json("106.3"), "106.3");
        assert_eq!(json("-2000"), "-2000");
        assert_eq!(json("12345678901234567.8"), "12345678901234567.8");
        assert_eq!(json("0.0000001"), "0.0000001");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn csv_text_that_a_spreadsheet_would_run_is_made_text() {
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("-2+3"), "'-2+3");
        assert_eq!(csv_text("+81"), "'+81");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\t=1"), "'\t=1");
        assert_eq!(csv_text("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_text("=A1,\"x\""), "\"'=A1,\"\"x\"\"\"");
        assert_eq!(csv_text("相談件数 -5%"), "相談件数 -5%");
        assert_eq!(csv_text(""), "");
    }
}
