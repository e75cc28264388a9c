//! `data/report.json`: every indicator, its figures and how each year was judged, in a
//! stable shape other tools rely on.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::assess::{Assessment, Summary};
use crate::model::{Actual, Direction, OpenSdgRef, Project};
use crate::render::Each;

#[derive(Serialize)]
#[serde(bound = "Each<F>: Serialize")]
struct Report<'a, F> {
    summary: &'a Summary,
    indicators: Each<F>,
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
    /// The places in the hierarchy it hangs on directly (`under:`), by ID.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    under: Vec<&'a str>,
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
    value: ExactNumber,
}

#[derive(Serialize)]
struct AssessmentOut<'a> {
    year: String,
    method: &'static str,
    /// The class key (Open SDG's status under `trend`), or pending, abolished, not_due,
    /// no_data, not_available, reported.
    status: &'a str,
    label: &'a str,
    on_track: Option<bool>,
    /// What the method used and found; numbers as exact decimal text.
    inputs: Inputs<'a>,
}

/// The inputs of a judgement as a JSON object, in the order the method used them.
struct Inputs<'a>(&'a [(&'static str, String)]);

impl Serialize for Inputs<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Serialize)]
struct YearOut<'a> {
    year: String,
    /// The Western year beside the code, as 総務省's rule for machine-readable tables asks
    /// (和暦に西暦の併記): 2023 for R5.
    western_year: u16,
    /// The year as the site labels it: 令和5年度, 2023年度, 2023年.
    label: String,
    /// The indicator's name that year (differs from `name` after a redefinition).
    name: &'a str,
    target: Option<ExactNumber>,
    actual: Option<ExactNumber>,
    /// The day a figure from within the year was taken (`2003-09-30`).
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    /// The year-end estimate the year is judged by.
    #[serde(skip_serializing_if = "Option::is_none")]
    year_end_estimate: Option<ExactNumber>,
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

/// `data/report.json` as text.
pub fn report_json(project: &Project, assessment: &Assessment) -> String {
    let mut bytes = Vec::new();
    write_report_json(project, assessment, &mut bytes).expect("writing into memory");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// Writes `data/report.json` into `out` as it is made.
pub fn write_report_json(
    project: &Project,
    assessment: &Assessment,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let indicators = || {
        project
            .indicators
            .iter()
            .zip(&assessment.outcomes)
            .map(|(ind, outs)| IndicatorOut {
                no: ind.no,
                name: &ind.name,
                unit: &ind.unit,
                unit_policies: unit_ids(project, &ind.units),
                under: ind
                    .nodes
                    .iter()
                    .map(|&n| project.plan.hierarchy.nodes[n].id.as_str())
                    .collect(),
                years: ind
                    .figures
                    .iter()
                    .zip(outs)
                    .map(|(f, o)| YearOut {
                        year: f.year.to_string(),
                        western_year: f.year.fiscal,
                        label: f.year.label_in(project.site.lang),
                        name: ind.name_in(f.year),
                        target: f.target.map(ExactNumber),
                        as_of: f
                            .as_of
                            .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
                        year_end_estimate: f.estimate.map(ExactNumber),
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
                method: ind.method.key(),
                direction: ind.direction,
                report_year: ind.report_year.map(|y| y.to_string()),
                open_sdg: ind.open_sdg.as_ref(),
                cumulative: ind.cumulative,
                final_target: ind.final_target.map(|t| TargetOut {
                    year: t.year.to_string(),
                    value: ExactNumber(t.value),
                }),
                assessment: outs
                    .iter()
                    .map(|o| AssessmentOut {
                        year: o.year.to_string(),
                        method: o.method.key(),
                        status: &o.status,
                        label: &o.label,
                        on_track: o.on_track,
                        inputs: Inputs(&o.inputs),
                    })
                    .collect(),
            })
    };
    let report = Report {
        summary: &assessment.summary,
        indicators: Each(indicators),
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
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
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
}
