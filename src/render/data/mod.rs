//! Open data: `data/report.json` (a stable shape other tools rely on), a CSV per indicator
//! and one of them all (headers in the site's language), and `data/datapackage.json`
//! (Frictionless Data Package v1) describing them.
//!
//! Every data file's path is computed here and only here: the writer, the link beside each
//! chart, the downloads page and `datapackage.json` all ask these functions.

pub mod columns;
pub mod csv;
pub mod package;
pub mod report;

use rayon::prelude::*;

use crate::assess::Assessment;
use crate::model::{Indicator, Project};
pub use report::{report_json, unit_ids};

/// The folder every data file is in.
pub const DATA_FOLDER: &str = "data/";
pub const REPORT_JSON: &str = "data/report.json";
pub const INDICATORS_CSV: &str = "data/indicators.csv";
pub const DATAPACKAGE_JSON: &str = "data/datapackage.json";

/// An indicator's own CSV: `data/kpi-01.csv`, named like its page.
pub fn indicator_csv_path(indicator: &Indicator) -> String {
    format!("data/{}.csv", indicator.slug())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn key(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    pub fn mediatype(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
        }
    }
}

/// What a data file holds, for its title and for `datapackage.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    Report,
    AllIndicators,
    /// Indicator `i` (as in `Project::indicators`).
    Indicator(usize),
    Package,
}

/// One file of open data, with its bytes.
pub struct DataFile {
    pub path: String,
    pub content: Content,
    pub format: Format,
    pub bytes: Vec<u8>,
}

impl DataFile {
    /// Its title in the site's language.
    pub fn title(&self, project: &Project) -> String {
        let ja = project.site.lang == crate::model::Lang::Ja;
        match self.content {
            Content::Report if ja => "全指標の数値と判定の根拠（JSON）".into(),
            Content::Report => "All indicators, their figures and how each was judged".into(),
            Content::AllIndicators if ja => "全指標の目標と実績".into(),
            Content::AllIndicators => "Targets and actuals of all indicators".into(),
            Content::Indicator(i) => {
                let ind = &project.indicators[i];
                let name = ind.name_in(project.plan.report_year);
                if ja {
                    format!("指標{}　{name}", ind.no)
                } else {
                    format!("KPI {}: {name}", ind.no)
                }
            }
            Content::Package if ja => "データの説明（Frictionless Data Package）".into(),
            Content::Package => "Description of the data (Frictionless Data Package)".into(),
        }
    }
}

/// Every open data file, in a stable order: report.json, indicators.csv, each indicator's
/// CSV, and last datapackage.json (which describes the others).
pub fn files(project: &Project, assessment: &Assessment) -> Vec<DataFile> {
    let (json, (all, each)) = rayon::join(
        || report_json(project, assessment),
        || {
            rayon::join(
                || csv::indicators_csv(project, assessment),
                || {
                    (0..project.indicators.len())
                        .into_par_iter()
                        .map(|i| csv::indicator_csv(project, assessment, i))
                        .collect::<Vec<_>>()
                },
            )
        },
    );
    let mut files = vec![
        DataFile {
            path: REPORT_JSON.into(),
            content: Content::Report,
            format: Format::Json,
            bytes: json.into_bytes(),
        },
        DataFile {
            path: INDICATORS_CSV.into(),
            content: Content::AllIndicators,
            format: Format::Csv,
            bytes: all.into_bytes(),
        },
    ];
    files.extend(each.into_iter().enumerate().map(|(i, csv)| DataFile {
        path: indicator_csv_path(&project.indicators[i]),
        content: Content::Indicator(i),
        format: Format::Csv,
        bytes: csv.into_bytes(),
    }));
    let package = package::datapackage_json(project, &files);
    files.push(DataFile {
        path: DATAPACKAGE_JSON.into(),
        content: Content::Package,
        format: Format::Json,
        bytes: package.into_bytes(),
    });
    files
}
