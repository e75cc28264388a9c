//! Open data: `data/report.json` (a stable shape other tools rely on) and
//! `data/indicators.csv` (one row per indicator and year, UTF-8 with BOM so Excel opens it).

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Number, Value};

use crate::assess::{Assessment, Summary};
use crate::model::{Actual, Direction, OpenSdgRef, Project};

#[derive(Serialize)]
struct Report<'a> {
    summary: &'a Summary,
    indicators: Vec<IndicatorOut<'a>>,
    /// Open SDG indicators reported as several KPIs (series), with their combined status.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    open_sdg_indicators: Vec<TrendGroupOut<'a>>,
}

#[derive(Serialize)]
struct TrendGroupOut<'a> {
    indicator: &'a str,
    status: &'a str,
    /// The KPIs (`no`) whose scores were averaged.
    kpis: Vec<u32>,
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    no: u32,
    name: &'a str,
    unit: &'a str,
    unit_policies: Vec<String>,
    method: &'static str,
    direction: Direction,
    /// The year it is judged at, when its data lags the plan's report year.
    #[serde(skip_serializing_if = "Option::is_none")]
    report_year: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    open_sdg: Option<&'a OpenSdgRef>,
    cumulative: bool,
    /// The final target, when its year is not one of the plan's years.
    final_target: Option<TargetOut>,
    years: Vec<YearOut<'a>>,
    /// One entry per plan year: how it was judged, from what, and the result.
    assessment: Vec<AssessmentOut<'a>>,
}

#[derive(Serialize)]
struct TargetOut {
    year: String,
    value: Value,
}

#[derive(Serialize)]
struct AssessmentOut<'a> {
    year: String,
    method: &'static str,
    /// The class key (Open SDG's status under `trend`), or pending, abolished, not_due,
    /// not_available, reported.
    status: &'a str,
    label: &'a str,
    on_track: Option<bool>,
    /// What the method used and found; numbers as exact decimal text.
    inputs: serde_json::Map<String, Value>,
}

#[derive(Serialize)]
struct YearOut<'a> {
    year: String,
    /// The indicator's name that year (differs from `name` after a redefinition).
    name: &'a str,
    target: Value,
    actual: Value,
    rate: Value,
    result: &'a str,
    pending: Option<&'a str>,
    estimate: bool,
}

/// A JSON number printed as the report prints it: integers without a fraction, 29.3 as 29.3,
/// a rate of 100 as 100.0.
pub fn json_number(d: Decimal) -> Value {
    if d.scale() == 0
        && let Ok(i) = i64::try_from(d)
    {
        return Value::Number(i.into());
    }
    // serde_json keeps the shortest round-trip form of an f64, which for a one- or
    // two-decimal figure is exactly its decimal text.
    f64::try_from(d)
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
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
                    target: f.target.map_or(Value::Null, json_number),
                    actual: match f.actual {
                        Actual::Value(a) => json_number(a),
                        _ => Value::Null,
                    },
                    rate: o.rate.map_or(Value::Null, json_number),
                    result: &o.label,
                    pending: o.pending.as_deref(),
                    estimate: o.estimate,
                })
                .collect(),
            method: ind.method.key(),
            direction: ind.direction,
            report_year: ind.report_year.map(|y| y.to_string()),
            open_sdg: ind.open_sdg.as_ref(),
            cumulative: ind.cumulative,
            final_target: ind.final_target.map(|t| TargetOut {
                year: t.year.to_string(),
                value: json_number(t.value),
            }),
            assessment: outs
                .iter()
                .map(|o| AssessmentOut {
                    year: o.year.to_string(),
                    method: o.method.key(),
                    status: &o.status,
                    label: &o.label,
                    on_track: o.on_track,
                    inputs: o
                        .inputs
                        .iter()
                        .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let report = Report {
        summary: &assessment.summary,
        indicators,
        open_sdg_indicators: assessment
            .trend_groups
            .iter()
            .map(|g| TrendGroupOut {
                indicator: &g.indicator,
                status: g.status,
                kpis: g
                    .members
                    .iter()
                    .map(|&i| project.indicators[i].no)
                    .collect(),
            })
            .collect(),
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

pub fn indicators_csv(project: &Project, assessment: &Assessment) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str("no,indicator,unit,unit_policies,year,fiscal_year,target,actual,rate,result,pending,note,method,status\r\n");
    for (ind, outs) in project.indicators.iter().zip(&assessment.outcomes) {
        let ids = unit_ids(project, &ind.units).join(" ");
        for (f, o) in ind.figures.iter().zip(outs) {
            let actual = match &f.actual {
                Actual::Value(a) => a.to_string(),
                Actual::State(s) => s.clone(),
                _ => String::new(),
            };
            let row = [
                ind.no.to_string(),
                ind.name_in(f.year).to_string(),
                ind.unit.clone(),
                ids.clone(),
                f.year.to_string(),
                f.year.fiscal.to_string(),
                f.target
                    .map(|t| t.to_string())
                    .or_else(|| f.target_state.clone())
                    .unwrap_or_default(),
                actual,
                o.rate.map(|r| r.to_string()).unwrap_or_default(),
                o.label.clone(),
                o.pending.clone().unwrap_or_default(),
                f.note.clone().unwrap_or_default(),
                ind.method.key().to_string(),
                o.status.clone(),
            ];
            let fields: Vec<String> = row.iter().map(|s| csv_field(s)).collect();
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_the_report() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(json_number(d("1600")).to_string(), "1600");
        assert_eq!(json_number(d("29.3")).to_string(), "29.3");
        assert_eq!(json_number(d("100.0")).to_string(), "100.0");
        assert_eq!(json_number(d("106.3")).to_string(), "106.3");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
