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

use std::io;

use rayon::prelude::*;

use crate::assess::Assessment;
use crate::model::{Indicator, Project};
use crate::write::MakeFile;
pub use report::{report_json, unit_ids};

/// The folder every data file is in.
pub const DATA_FOLDER: &str = "data/";
pub const REPORT_JSON: &str = "data/report.json";
pub const INDICATORS_CSV: &str = "data/indicators.csv";
pub const DATAPACKAGE_JSON: &str = "data/datapackage.json";
/// The columns of every CSV (a Frictionless Table Schema), which `datapackage.json` names
/// for each rather than repeating: at 100,000 policies the copies were 600 MB.
pub const TABLE_SCHEMA_JSON: &str = "data/table-schema.json";

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
    /// The columns of the CSV files.
    Schema,
    Package,
}

/// One file of open data, with its bytes (empty when a build streamed it into its file: see
/// [`write_files`]) and its size.
pub struct DataFile {
    pub path: String,
    pub content: Content,
    pub format: Format,
    pub bytes: Vec<u8>,
    /// The length of `bytes` as made, for the downloads page and `datapackage.json`.
    pub size: usize,
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
            Content::Schema if ja => "CSVの列の定義（Frictionless Table Schema）".into(),
            Content::Schema => "The columns of the CSV files (Frictionless Table Schema)".into(),
            Content::Package if ja => "データの説明（Frictionless Data Package）".into(),
            Content::Package => "Description of the data (Frictionless Data Package)".into(),
        }
    }
}

/// Every open data file, in a stable order: report.json, indicators.csv, each indicator's
/// CSV, table-schema.json, and last datapackage.json (which describes the others).
pub fn files(project: &Project, assessment: &Assessment) -> Vec<DataFile> {
    let kept: io::Result<_> = each_file(project, assessment, |path, content, format, write| {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        Ok(DataFile {
            path,
            content,
            format,
            size: bytes.len(),
            bytes,
        })
    });
    kept.expect("writing into memory does not fail")
}

/// Makes every open data file and streams each into `sink` as it is made, keeping only what
/// describes it: at 100,000 policies the data is over a gigabyte (report.json alone half of
/// it), and held whole it was most of a build's memory. Returns the files in [`files`]'
/// order, without their bytes.
pub fn write_files(
    project: &Project,
    assessment: &Assessment,
    sink: &dyn crate::write::Sink,
) -> Result<Vec<DataFile>, crate::write::WriteError> {
    each_file(project, assessment, |path, content, format, write| {
        let size = sink.put_stream(&path, write)?;
        Ok(DataFile {
            path,
            content,
            format,
            bytes: Vec::new(),
            size,
        })
    })
}

impl Content {
    /// The file's path in the site.
    pub fn path(self, project: &Project) -> String {
        match self {
            Content::Report => REPORT_JSON.into(),
            Content::AllIndicators => INDICATORS_CSV.into(),
            Content::Indicator(i) => indicator_csv_path(&project.indicators[i]),
            Content::Schema => TABLE_SCHEMA_JSON.into(),
            Content::Package => DATAPACKAGE_JSON.into(),
        }
    }

    pub fn format(self) -> Format {
        match self {
            Content::AllIndicators | Content::Indicator(_) => Format::Csv,
            Content::Report | Content::Schema | Content::Package => Format::Json,
        }
    }
}

/// What open data files there are, in [`files`]' order; `datapackage.json`, which describes
/// them, last.
pub fn contents(project: &Project) -> Vec<Content> {
    let mut all = vec![Content::Report, Content::AllIndicators];
    all.extend((0..project.indicators.len()).map(Content::Indicator));
    all.extend([Content::Schema, Content::Package]);
    all
}

/// Makes the data files in parallel and hands each to `done` with the function that writes
/// it (`done` keeps the bytes or streams them into a file); `datapackage.json` is made last,
/// from what `done` returned.
fn each_file<E: Send>(
    project: &Project,
    assessment: &Assessment,
    done: impl Fn(String, Content, Format, MakeFile) -> Result<DataFile, E> + Sync,
) -> Result<Vec<DataFile>, E> {
    let make = |content: Content, make: MakeFile| {
        done(content.path(project), content, content.format(), make)
    };
    let mut all = contents(project);
    let package = all.pop();
    debug_assert_eq!(package, Some(Content::Package));
    let mut files = all
        .into_par_iter()
        .map(|content| {
            make(content, &mut |out| match content {
                Content::Report => report::write_report_json(project, assessment, out),
                Content::AllIndicators => csv::write_indicators_csv(project, assessment, out),
                Content::Indicator(i) => {
                    out.write_all(csv::indicator_csv(project, assessment, i).as_bytes())
                }
                Content::Schema => out.write_all(package::table_schema_json(project).as_bytes()),
                Content::Package => unreachable!("made last, from the others"),
            })
        })
        .collect::<Result<Vec<_>, E>>()?;
    let package = make(Content::Package, &mut |out| {
        package::write_datapackage_json(project, &files, out)
    })?;
    files.push(package);
    Ok(files)
}
