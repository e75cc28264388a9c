//! `shinchoku import open-sdg`: an Open SDG data repository becomes a shinchoku project of
//! goals → targets → one `trend` KPI per progress-calculation series, judged as sdg-build's
//! progress measure judges it.

mod names;
mod options;
mod project;
mod repo;
mod series;
mod table;
mod translate;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::tr;
pub use project::Kpi;
use repo::{Metadata, Repository};

/// What an import produced: the project's files, and what it left out and why.
pub struct Imported {
    /// Paths relative to the project folder (`content/plan.yaml`, ...) and their text.
    pub files: Vec<(PathBuf, String)>,
    pub kpis: Vec<Kpi>,
    /// SDG indicators with at least one KPI.
    pub indicators: usize,
    /// Indicators whose progress measure is switched off (`auto_progress_calculation`).
    pub switched_off: usize,
    /// One line per thing left out or worth knowing, naming its file.
    pub warnings: Vec<String>,
}

/// Reads the repository at `root` into a project; every problem found is in the error, and
/// then nothing is produced.
pub fn import(root: &Path) -> Result<Imported, Diagnostics> {
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    if !root.is_dir() {
        return Err(Diagnostics(vec![
            Diagnostic::new(root, tr!("not a folder", "フォルダではありません"))
                .help(tr!("give the folder of an Open SDG data repository (with data/ and meta/)", "Open SDG のデータリポジトリのフォルダ（data/ と meta/ のあるもの）を指定してください")),
        ]));
    }
    let repository = repo::read(root, &mut diags);
    let mut kpis = Vec::new();
    let mut switched_off = 0;
    for meta in &repository.metadata {
        if !meta.is_on("auto_progress_calculation") {
            switched_off += 1;
            continue;
        }
        kpis.extend(indicator_kpis(&repository, meta, &mut diags, &mut warnings));
    }
    if diags.is_empty() && kpis.is_empty() {
        diags.push(
            Diagnostic::new(root, tr!("no indicator with `auto_progress_calculation: true` and a data file", "`auto_progress_calculation: true` でデータファイルのある指標がありません"))
                .help(tr!("import the folder that holds data/indicator_<id>.csv and meta/<id>.md (or indicator-config/<id>.yml)", "data/indicator_<id>.csv と meta/<id>.md（または indicator-config/<id>.yml）のあるフォルダを取り込んでください")),
        );
    }
    if !diags.is_empty() {
        return Err(Diagnostics(diags));
    }
    let mut indicators: Vec<&str> = kpis.iter().map(|k| k.indicator.as_str()).collect();
    indicators.dedup();
    let indicators = indicators.len();
    let files = project::files(&repository, &kpis);
    Ok(Imported {
        files,
        kpis,
        indicators,
        switched_off,
        warnings,
    })
}

/// The KPIs of one indicator whose progress measure is on: one per usable series.
fn indicator_kpis(
    repository: &Repository,
    meta: &Metadata,
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<String>,
) -> Vec<Kpi> {
    let before = diags.len();
    let mut options = match options::read(meta, diags, warnings) {
        options::Options::Series(o) => o,
        options::Options::Grouped => {
            warnings.push(format!(
                "{}: nested `group:` progress options are not imported; indicator {} left out",
                meta.shown("progress_calculation_options"),
                meta.id
            ));
            return Vec::new();
        }
    };
    let Some(data_rel) = repository.data.get(&meta.id) else {
        warnings.push(format!(
            "{}: the progress measure is on, but there is no data/indicator_{}.csv; left out",
            meta.main_file().display(),
            meta.id
        ));
        return Vec::new();
    };
    let place = names::place(repository, meta, diags);
    if diags.len() > before {
        return Vec::new();
    }
    let Some(mut table) = repo::read_table(repository, data_rel, diags) else {
        return Vec::new();
    };
    let english = &repository.translations;
    translate::table(english, &mut table, &repository.columns);
    for option in &mut options {
        translate::option(english, option);
    }
    let mut kpis = Vec::new();
    for (i, option) in options.iter().enumerate() {
        let at = meta.shown(&format!("progress_calculation_options[{i}]"));
        let data = table.path.display();
        let mut notes = Vec::new();
        let selected = series::select(&table, option, &repository.columns, diags, &mut notes);
        for note in notes {
            warnings.push(format!("{at}: in {data}, {note}"));
        }
        match selected {
            Ok(s) if s.points.is_empty() => warnings.push(format!(
                "{at}: in {data}, no row with a value is left for this series (its progress is not available); left out"
            )),
            Ok(s) => kpis.push(project::kpi(repository, meta, &place, option, s, data_rel)),
            Err(why) => warnings.push(format!("{at}: in {data}, {why}; this series is left out")),
        }
        if option.target.is_some() && option.limit.is_some() {
            warnings.push(format!(
                "{at}: `limit` is ignored with a `target`, as Open SDG ignores it"
            ));
        }
    }
    kpis
}
